import { actingAs, type TenantData, withTenant } from '../../../db/tenant'
import { sha256Hex } from '../../../lib/secrets'
import { findRosterEmployeesBy, findSsoSettings, mayUsePortal } from '../../identity'
import { verifyIdToken } from '../id-token'
import { OAuthError } from '../oauth.errors'
import { employeeActor, startSession } from '../sessions.service'
import { ACCESS_TOKEN_TYPE, ID_TOKEN_TYPE, TOKEN_EXCHANGE } from '../token.schemas'
import { type Grant, required, signInTenant } from './grant'

/**
 * Records the id_token as exchanged, in the transaction that starts the session, or refuses it when
 * it already was: an id_token signs in once (a concurrent duplicate waits for the first, then finds
 * it taken). A refused exchange rolls back and leaves the token unspent.
 */
const spend = async (scope: TenantData, idToken: string, expiresAt: Date) => {
  const recorded = await scope.tx
    .insertInto('exchanged_id_tokens')
    .values({ tenant_id: scope.tenantId, token_hash: await sha256Hex(idToken), expires_at: expiresAt })
    .onConflict((oc) => oc.doNothing())
    .returning('token_hash')
    .executeTakeFirst()
  if (!recorded) throw new OAuthError('invalid_grant', 'This id_token has already been exchanged; sign in at the identity provider again for a new one.')
}

/**
 * RFC 8693 token exchange: the employer IdP's id_token, verified against the tenant's SSO
 * settings, names a roster employee by a configured claim; they get a portal session.
 */
export const tokenExchangeGrant: Grant = async (c, params) => {
  const subjectToken = required(params, 'subject_token', TOKEN_EXCHANGE)
  if (params.subject_token_type !== ID_TOKEN_TYPE) throw new OAuthError('invalid_request', `subject_token_type must be ${ID_TOKEN_TYPE}.`)
  if (params.requested_token_type !== undefined && params.requested_token_type !== ACCESS_TOKEN_TYPE)
    throw new OAuthError('invalid_request', `requested_token_type can only be ${ACCESS_TOKEN_TYPE}.`)
  const tenantId = await signInTenant(c, params, TOKEN_EXCHANGE)
  const sso = await withTenant(c.var.db, tenantId, (scope) => findSsoSettings(scope))
  if (!sso) throw new OAuthError('unauthorized_client', 'This tenant has not configured SSO; sign in with an invitation code from HR.')

  // The remote key fetch happens outside any transaction.
  const claims = await verifyIdToken(subjectToken, sso)
  const value = claims[sso.claim]
  if (typeof value !== 'string' || value.trim() === '')
    throw new OAuthError('invalid_grant', `The id_token has no ${sso.claim} claim to find the employee on the roster by.`)
  if (sso.claim === 'email' && claims.email_verified === false)
    throw new OAuthError('invalid_grant', 'The identity provider has not verified this email address.')

  const tokens = await withTenant(c.var.db, tenantId, async (data) => {
    const matches = await findRosterEmployeesBy(data, sso.match_on, value.trim())
    const field = sso.match_on === 'email' ? 'email' : 'employee number'
    if (matches.length === 0) throw new OAuthError('invalid_grant', `No employee on this tenant's roster has the ${field} ${value}.`)
    if (matches.length > 1) throw new OAuthError('invalid_grant', `Several employees on the roster have the ${field} ${value}; HR must make it unique.`)
    const [employee] = matches
    if (!employee || !mayUsePortal(employee.status)) throw new OAuthError('invalid_grant', 'This employee has left the roster and cannot sign in.')
    await spend(data, subjectToken, new Date((claims.exp as number) * 1000))
    return startSession(actingAs(data, employeeActor(employee.id, c.var.requestId)), c.var.config.tokens, employee.id, 'sso')
  })
  return { ...tokens, issued_token_type: ACCESS_TOKEN_TYPE }
}
