import { actingAs, withTenant } from '../../../db/tenant'
import { sha256Hex } from '../../../lib/secrets'
import { corsTenant } from '../../branding'
import { findRosterEmployee, mayUsePortal } from '../../identity'
import { OAuthError } from '../oauth.errors'
import { employeeActor, findRefreshToken, refreshTokenTenant, revokeSession, rotate, tenantIsActive } from '../sessions.service'
import { type Grant, type Refusal, refuse, required, type TokenSet, unlessRefused } from './grant'

const NOT_VALID = 'The refresh token is not valid; sign in again.'

/**
 * Rotation: a refresh token works once and answers a successor. Presenting one that was already
 * rotated means it leaked (or two clients raced): the whole session is revoked. A session of an
 * employee who has left is revoked too.
 */
export const refreshTokenGrant: Grant = async (c, params) => {
  const hash = await sha256Hex(required(params, 'refresh_token', 'refresh_token'))
  const tenantId = await refreshTokenTenant(c.var.db, hash)
  if (!tenantId) throw new OAuthError('invalid_grant', NOT_VALID)
  corsTenant(c, tenantId)
  return unlessRefused(
    await withTenant<TokenSet | Refusal>(c.var.db, tenantId, async (data) => {
      const row = await findRefreshToken(data, hash)
      if (!row) return refuse(NOT_VALID)
      const scope = actingAs(data, employeeActor(row.employee_id, c.var.requestId))
      if (row.revoked_at) return refuse('This session has ended; sign in again.')
      if (row.rotated_at) {
        await revokeSession(scope, row, 'refresh_token_reused')
        return refuse('This refresh token was already used, so the session has been ended for safety; sign in again.')
      }
      if (row.expires_at.getTime() <= Date.now()) return refuse('The refresh token has expired; sign in again.')
      const employee = await findRosterEmployee(scope, row.employee_id)
      if (!employee || !mayUsePortal(employee.status)) {
        await revokeSession(scope, row, 'employee_left')
        return refuse('This employee has left the roster; the session has ended.')
      }
      if (!(await tenantIsActive(scope))) return refuse('This tenant is suspended; its employees cannot sign in.')
      return rotate(scope, c.var.config.tokens, row)
    }),
  )
}
