import type { Context } from 'hono'
import type { AppEnv } from '../../../env'
import { corsTenant } from '../../branding'
import { findPortalTenant } from '../../identity'
import { OAuthError } from '../oauth.errors'
import type { TokenParams } from '../token.schemas'

export type TokenSet = {
  access_token: string
  token_type: 'Bearer'
  expires_in: number
  refresh_token?: string
  issued_token_type?: 'urn:ietf:params:oauth:token-type:access_token'
}

/** One grant type of the token endpoint: validated form fields in, tokens out, or an OAuthError. */
export type Grant = (c: Context<AppEnv>, params: TokenParams) => Promise<TokenSet>

/** A failure decided inside a transaction that must still commit (an attempt counted, a session revoked). */
export type Refusal = { ok: false; error: OAuthError }
export const refuse = (description: string): Refusal => ({ ok: false, error: new OAuthError('invalid_grant', description) })

export const required = (params: TokenParams, name: keyof TokenParams, grant: string) => {
  const value = params[name]
  if (!value) throw new OAuthError('invalid_request', `The ${name} parameter is required with grant_type ${grant}.`)
  return value
}

/** The tenant a sign-in names by slug or portal host; it must be active. */
export const signInTenant = async (c: Context<AppEnv>, params: TokenParams, grant: string) => {
  const named = required(params, 'tenant', grant)
  const tenant = await findPortalTenant(c.var.db, named)
  if (!tenant) throw new OAuthError('invalid_request', `No tenant has the slug or portal host ${named}.`)
  corsTenant(c, tenant.tenant_id)
  if (tenant.tenant_status !== 'active') throw new OAuthError('invalid_grant', 'This tenant is suspended; its employees cannot sign in.')
  return tenant.tenant_id
}

/** The outcome of a grant's transaction: a refusal (it committed, so what it recorded stays) is thrown. */
export const unlessRefused = <T>(outcome: T | Refusal) => {
  if (typeof outcome === 'object' && outcome !== null && 'ok' in outcome && outcome.ok === false) throw outcome.error
  return outcome as T
}
