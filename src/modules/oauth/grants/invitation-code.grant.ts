import { actingAs, withTenant } from '../../../db/tenant'
import { recordAudit } from '../../../lib/audit'
import { prefixes, toApiId } from '../../../lib/ids'
import { MAX_FAILED_ATTEMPTS, type Redemption, redeemInvitation } from '../../identity'
import { employeeActor, newSessionId, revokeSession, startSession } from '../sessions.service'
import { INVITATION_CODE } from '../token.schemas'
import { type Grant, type Refusal, refuse, required, signInTenant, type TokenSet, unlessRefused } from './grant'

const failure = (r: Extract<Redemption, { ok: false }>) => {
  switch (r.reason) {
    case 'malformed':
      return 'That is not an invitation code: it has 24 letters and digits, as XXXX-XXXX-XXXX-XXXX-XXXX-XXXX.'
    case 'unknown':
      return 'The invitation code is not valid.'
    case 'wrong_secret':
      return `The invitation code is not valid; ${r.attemptsLeft} ${r.attemptsLeft === 1 ? 'attempt' : 'attempts'} left before it locks.`
    case 'locked':
      return `This invitation is locked after ${MAX_FAILED_ATTEMPTS} wrong attempts; ask HR for a new code.`
    case 'revoked':
      return 'This invitation was revoked; ask HR for a new code.'
    case 'redeemed':
      return 'This invitation code was already used; ask HR for a new one to sign in again.'
    case 'expired':
      return 'This invitation code has expired; ask HR for a new one.'
    case 'employee_left':
      return 'This employee has left the roster and cannot sign in.'
  }
}

/**
 * A one-time code from HR opens a portal session for the employee it was issued to. Its answer
 * may be lost: for SIGN_IN_RETRY_MS the same code signs in again, and the session the first
 * answer carried ends, so one code never holds two sessions (docs/portal.md).
 */
export const invitationCodeGrant: Grant = async (c, params) => {
  const code = required(params, 'code', INVITATION_CODE)
  const tenantId = await signInTenant(c, params, INVITATION_CODE)
  return unlessRefused(
    await withTenant<TokenSet | Refusal>(c.var.db, tenantId, async (data) => {
      const familyId = newSessionId()
      const redemption = await redeemInvitation(data, code, familyId)
      if (!redemption.ok) return refuse(failure(redemption))
      const { employeeId, replaces } = redemption
      const scope = actingAs(data, employeeActor(employeeId, c.var.requestId))
      if (replaces) await revokeSession(scope, { family_id: replaces, employee_id: employeeId }, 'sign_in_retried')
      await recordAudit(scope, {
        action: replaces ? 'invitation.redeemed_again' : 'invitation.redeemed',
        objectType: 'invitation',
        objectId: toApiId(prefixes.invitation, redemption.invitationId),
      })
      return startSession(scope, c.var.config.tokens, employeeId, 'invitation', familyId)
    }),
  )
}
