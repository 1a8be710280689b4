import { prefixes, toApiId } from '../../lib/ids'
import type { Tokens } from '../../lib/jwt'

/** Provider access tokens last 15 minutes; the contract is checked again on every request anyway. */
export const PROVIDER_TOKEN_TTL_S = 15 * 60

export type ProviderTokenSubject = { tenantId: string; contractId: string; clientId: string }

/** The provider access token: `sub` the contract, `tid` the tenant (API ids), `cli` the client it was issued to. */
export const signProviderToken = async (tokens: Tokens, s: ProviderTokenSubject) => ({
  access_token: await tokens.sign(
    'provider',
    toApiId(prefixes.contract, s.contractId),
    { tid: toApiId(prefixes.tenant, s.tenantId), cli: s.clientId },
    PROVIDER_TOKEN_TTL_S,
  ),
  token_type: 'Bearer' as const,
  expires_in: PROVIDER_TOKEN_TTL_S,
})
