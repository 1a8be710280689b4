import { readInTenant } from '../../db/tenant'
import type { ContractScope, Principal } from '../../env'
import { ApiError, notFound } from '../../lib/errors'
import { parseApiId, prefixes } from '../../lib/ids'
import { tokenAuth } from '../../middleware/auth'
import { contractStanding } from './access.repo'
import { contractRefusal, contractStatusOn } from './access.rules'

export type { ContractScope } from '../../env'

const refused = (why: string) =>
  new ApiError('unauthenticated', `${why} Get a new token with the contract's client credentials.`, undefined, {
    'WWW-Authenticate': 'Bearer error="invalid_token"',
  })

/**
 * Provider surface: a contract access token. Beyond the signature (checked by `tokenAuth`), every
 * request reads the contract in the database: a revoked or expired contract, a revoked credential
 * or a suspended tenant stop its tokens at once, not when they expire.
 */
export const providerAuth = tokenAuth('provider', async (c, { sub, tid, cli }) => {
  const tenantId = parseApiId(prefixes.tenant, tid)
  const contractId = parseApiId(prefixes.contract, sub)
  const credentialId = typeof cli === 'string' ? parseApiId('cli', cli) : null
  if (!tenantId || !contractId || !credentialId) throw refused('The access token does not name a contract.')
  const [standing] = await readInTenant(c.var.db, tenantId, (scope) => contractStanding(scope, contractId, credentialId))
  if (!standing) throw refused('The contract of this token no longer exists.')
  const status = contractStatusOn({ ...standing, revoked: standing.revoked_at !== null }, standing.today)
  const refusal = contractRefusal({ status, ends_on: standing.ends_on, tenantActive: standing.tenant_status === 'active' }, sub)
  if (refusal?.kind === 'tenant_suspended') throw new ApiError('tenant_suspended', refusal.message)
  if (refusal) throw refused(refusal.message)
  if (standing.credential_revoked) throw refused(`The client credential ${cli} was revoked.`)
  c.set('contract', {
    contractId,
    contractApiId: sub,
    starts_on: standing.starts_on,
    ends_on: standing.ends_on,
    programIds: standing.program_ids,
    timeZone: standing.time_zone,
    today: standing.today,
  })
  return { kind: 'provider', tenantId, contractId } satisfies Principal
})

/** The UUID of a program the contract covers; any other id (another contract's, another tenant's, none) answers 404 alike. */
export const programInScope = (scope: ContractScope, programApiId: string) => {
  const uuid = parseApiId(prefixes.program, programApiId)
  if (!uuid || !scope.programIds.includes(uuid)) throw notFound('program', programApiId)
  return uuid
}
