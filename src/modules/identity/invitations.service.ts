import type { Selectable } from 'kysely'
import { newestFirst } from '../../db/keyset'
import type { InvitationsTable } from '../../db/tables/portal'
import type { TenantData, TenantScope } from '../../db/tenant'
import { recordAudit } from '../../lib/audit'
import { ApiError, notFound } from '../../lib/errors'
import { newId, prefixes, toApiId } from '../../lib/ids'
import { secretsEqual, sha256Hex } from '../../lib/secrets'
import { codePrefix, generateInvitationCode, parseInvitationCode } from './invitation-code'
import { findRosterEmployee, mayUsePortal } from './roster.repo'

export const DEFAULT_INVITATION_DAYS = 7
export const MAX_FAILED_ATTEMPTS = 5
const DAY_MS = 24 * 60 * 60 * 1000

type InvitationRow = Selectable<InvitationsTable>

export const invitationStatus = (row: InvitationRow, now = new Date()) => {
  if (row.revoked_at) return 'revoked' as const
  if (row.redeemed_at) return 'redeemed' as const
  if (row.locked_at) return 'locked' as const
  if (row.expires_at <= now) return 'expired' as const
  return 'pending' as const
}

export const toInvitation = (row: InvitationRow) => ({
  id: toApiId(prefixes.invitation, row.id),
  object: 'invitation' as const,
  employee_id: toApiId(prefixes.employee, row.employee_id),
  status: invitationStatus(row),
  code_prefix: codePrefix(row.lookup),
  failed_attempts: row.failed_attempts,
  expires_at: row.expires_at.toISOString(),
  redeemed_at: row.redeemed_at?.toISOString() ?? null,
  locked_at: row.locked_at?.toISOString() ?? null,
  revoked_at: row.revoked_at?.toISOString() ?? null,
  created_at: row.created_at.toISOString(),
})

const requireEmployee = async (scope: TenantData, employeeId: string) => {
  const employee = await findRosterEmployee(scope, employeeId)
  if (!employee) throw notFound('employee', toApiId(prefixes.employee, employeeId))
  return employee
}

/**
 * Issues a code for an employee on the roster: returned once, stored as a hash. Earlier codes of
 * the employee that are still pending are revoked, so at most one code works at a time.
 */
export const createInvitation = async (scope: TenantScope, employeeId: string, days = DEFAULT_INVITATION_DAYS) => {
  const employee = await requireEmployee(scope, employeeId)
  const employeeApiId = toApiId(prefixes.employee, employeeId)
  if (!mayUsePortal(employee.status)) throw new ApiError('invalid_state', `Employee ${employeeApiId} has left; only employees on the roster can be invited.`)
  const now = new Date()
  const superseded = await scope.tx
    .updateTable('invitations')
    .set({ revoked_at: now })
    .where('tenant_id', '=', scope.tenantId)
    .where('employee_id', '=', employeeId)
    .where('revoked_at', 'is', null)
    .where('redeemed_at', 'is', null)
    .where('locked_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('id')
    .execute()
  const code = generateInvitationCode()
  const id = newId(prefixes.invitation)
  const row = await scope.tx
    .insertInto('invitations')
    .values({
      tenant_id: scope.tenantId,
      id: id.uuid,
      employee_id: employeeId,
      lookup: code.lookup,
      secret_hash: await sha256Hex(code.secret),
      expires_at: new Date(now.getTime() + days * DAY_MS),
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  await recordAudit(scope, {
    action: 'invitation.created',
    objectType: 'invitation',
    objectId: id.api,
    details: { employee_id: employeeApiId, expires_at: row.expires_at.toISOString(), revoked: superseded.map((r) => toApiId(prefixes.invitation, r.id)) },
  })
  return { ...toInvitation(row), code: code.code }
}

export const listInvitations = async (scope: TenantData, employeeId: string, limit: number, after?: string) => {
  await requireEmployee(scope, employeeId)
  return scope.tx
    .selectFrom('invitations')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('employee_id', '=', employeeId)
    .$call(newestFirst(after, limit))
    .execute()
}

/** Revokes a code (idempotently); undefined when the employee has no such invitation. */
export const revokeInvitation = async (scope: TenantScope, employeeId: string, id: string) => {
  const row = await scope.tx
    .updateTable('invitations')
    .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(new Date())) }))
    .where('tenant_id', '=', scope.tenantId)
    .where('employee_id', '=', employeeId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
  if (row) await recordAudit(scope, { action: 'invitation.revoked', objectType: 'invitation', objectId: toApiId(prefixes.invitation, id) })
  return row
}

/** A sign-in whose answer was lost may be retried with the same code this long after it. */
export const SIGN_IN_RETRY_MS = 2 * 60 * 1000

export type Redemption =
  /** `replaces`: the session of the first redemption, when this is its retry; it must end. */
  | { ok: true; employeeId: string; invitationId: string; replaces?: string }
  | { ok: false; reason: 'malformed' | 'unknown' | 'wrong_secret' | 'locked' | 'revoked' | 'redeemed' | 'expired' | 'employee_left'; attemptsLeft?: number }

/**
 * Redeems a typed code. A wrong secret counts against its invitation (found by the public part)
 * and the fifth locks it; the caller must commit a failed redemption too, so the count sticks.
 * The state of an invitation (used, expired, revoked) is told only to a caller who knows its secret.
 */
export const redeemInvitation = async (scope: TenantData, typed: string, sessionFamilyId: string): Promise<Redemption> => {
  const parts = parseInvitationCode(typed)
  if (!parts) return { ok: false, reason: 'malformed' }
  const row = await scope.tx
    .selectFrom('invitations')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('lookup', '=', parts.lookup)
    .forUpdate()
    .executeTakeFirst()
  if (!row) return { ok: false, reason: 'unknown' }
  if (row.locked_at) return { ok: false, reason: 'locked' }
  if (!(await secretsEqual(await sha256Hex(parts.secret), row.secret_hash))) {
    const attempts = row.failed_attempts + 1
    const now = new Date()
    await scope.tx
      .updateTable('invitations')
      .set({ failed_attempts: attempts, locked_at: attempts >= MAX_FAILED_ATTEMPTS ? now : null })
      .where('tenant_id', '=', scope.tenantId)
      .where('id', '=', row.id)
      .execute()
    return attempts >= MAX_FAILED_ATTEMPTS
      ? { ok: false, reason: 'locked' }
      : { ok: false, reason: 'wrong_secret', attemptsLeft: MAX_FAILED_ATTEMPTS - attempts }
  }
  const status = invitationStatus(row)
  const retry = status === 'redeemed' && row.session_family_id !== null && Date.now() - (row.redeemed_at as Date).getTime() < SIGN_IN_RETRY_MS
  if (status !== 'pending' && !retry) return { ok: false, reason: status }
  const employee = await findRosterEmployee(scope, row.employee_id)
  if (!employee || !mayUsePortal(employee.status)) return { ok: false, reason: 'employee_left' }
  await scope.tx
    .updateTable('invitations')
    .set({ session_family_id: sessionFamilyId, ...(retry ? {} : { redeemed_at: new Date() }) })
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', row.id)
    .execute()
  return { ok: true, employeeId: row.employee_id, invitationId: row.id, ...(retry ? { replaces: row.session_family_id as string } : {}) }
}
