import type { Context } from 'hono'
import type { AppEnv } from '../../../env'
import { prefixes, toApiId } from '../../../lib/ids'
import { sha256Hex } from '../../../lib/secrets'
import { authenticateClient, contractRefusal, signProviderToken } from '../../provider-access'
import { OAuthError } from '../oauth.errors'
import type { Grant } from './grant'

type ClientCredentials = { clientId: string; secret: string }

const invalidClient = () => new OAuthError('invalid_client', 'Client authentication failed: unknown client_id, wrong client_secret, or a revoked credential.')

/** RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64. */
const formDecode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '))

const fromBasic = (header: string): ClientCredentials => {
  let decoded: string
  try {
    decoded = atob(header)
  } catch {
    throw new OAuthError('invalid_request', 'The Authorization: Basic header is not valid base64 of client_id:client_secret.')
  }
  const colon = decoded.indexOf(':')
  if (colon < 0) throw new OAuthError('invalid_request', 'The Authorization: Basic header must carry client_id:client_secret.')
  try {
    return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) }
  } catch {
    throw new OAuthError('invalid_request', 'The Authorization: Basic header is not valid form-encoding of client_id:client_secret.')
  }
}

/** The client's credentials: HTTP Basic (client_secret_basic) or the form's client_id and client_secret (client_secret_post), not both. */
const clientCredentials = async (c: Context<AppEnv>): Promise<ClientCredentials> => {
  const basic = /^Basic\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1]
  // The form was parsed (and cached) by the route's validator.
  const form = await c.req.formData()
  const ids = form.getAll('client_id')
  const secrets = form.getAll('client_secret')
  for (const [name, values] of [
    ['client_id', ids],
    ['client_secret', secrets],
  ] as const)
    if (values.length > 1) throw new OAuthError('invalid_request', `The ${name} parameter is sent more than once.`)
  if (basic) {
    if (secrets.length > 0) throw new OAuthError('invalid_request', 'Authenticate the client one way: HTTP Basic or client_secret in the form, not both.')
    const credentials = fromBasic(basic)
    if (ids.length === 1 && ids[0] !== credentials.clientId)
      throw new OAuthError('invalid_request', 'The form client_id differs from the one in the Authorization header.')
    return credentials
  }
  const [clientId, secret] = [ids[0], secrets[0]]
  if (typeof clientId !== 'string' || typeof secret !== 'string' || clientId === '' || secret === '')
    throw new OAuthError('invalid_client', 'Authenticate the client: HTTP Basic with client_id:client_secret, or client_id and client_secret in the form.')
  return { clientId, secret }
}

/**
 * `client_credentials` for the provider surface: a contract's client id and secret get a
 * provider access token for that contract. Revoked or expired contracts and suspended tenants get none.
 */
export const clientCredentialsGrant: Grant = async (c) => {
  const { clientId, secret } = await clientCredentials(c)
  const row = await authenticateClient(c.var.db, clientId, await sha256Hex(secret))
  if (!row) throw invalidClient()
  const refusal = contractRefusal(
    { status: row.contract_status, ends_on: row.ends_on, tenantActive: row.tenant_status === 'active' },
    toApiId(prefixes.contract, row.contract_id),
  )
  if (refusal) throw new OAuthError('unauthorized_client', refusal.message)
  return signProviderToken(c.var.config.tokens, { tenantId: row.tenant_id, contractId: row.contract_id, clientId })
}
