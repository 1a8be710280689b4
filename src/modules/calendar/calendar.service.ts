import type { Kysely } from 'kysely'
import { type TenantScope, withTenant } from '../../db/tenant'
import type { DB } from '../../db/types'
import { recordAudit } from '../../lib/audit'
import { ApiError } from '../../lib/errors'
import { prefixes, toApiId } from '../../lib/ids'
import { randomToken, sha256Hex } from '../../lib/secrets'
import { employeeCalendarIcs } from './calendar.ics'
import * as repo from './calendar.repo'

/** The secret in the private URL: 32 random bytes, base64url; the database keeps its SHA-256 only. */
const TOKEN = /^cal_[A-Za-z0-9_-]{43}$/
const newToken = () => `cal_${randomToken(32)}`

type FeedRow = NonNullable<Awaited<ReturnType<typeof repo.findFeed>>>

export const toFeed = (row: FeedRow | undefined) => ({
  object: 'calendar_feed' as const,
  active: row !== undefined,
  created_at: row?.created_at.toISOString() ?? null,
  rotated_at: row?.rotated_at?.toISOString() ?? null,
  last_used_at: row?.last_used_at?.toISOString() ?? null,
})

/** Creates the employee's private calendar URL, or rotates it (the old URL stops working); the token is returned once. */
export const issueFeed = async (scope: TenantScope, employeeId: string) => {
  const existed = (await repo.findFeed(scope, employeeId)) !== undefined
  const token = newToken()
  const row = await repo.saveFeed(scope, employeeId, await sha256Hex(token))
  await recordAudit(scope, {
    action: existed ? 'calendar_feed.rotated' : 'calendar_feed.created',
    objectType: 'calendar_feed',
    objectId: toApiId(prefixes.employee, employeeId),
  })
  return { row, token }
}

/** Revokes the URL; false when the employee has none. */
export const revokeFeed = async (scope: TenantScope, employeeId: string) => {
  if (!(await repo.deleteFeed(scope, employeeId))) return false
  await recordAudit(scope, { action: 'calendar_feed.revoked', objectType: 'calendar_feed', objectId: toApiId(prefixes.employee, employeeId) })
  return true
}

export const findFeed = repo.findFeed

const gone = () => new ApiError('not_found', 'No calendar has this URL: it was revoked or replaced, or never existed.')

/**
 * The calendar behind a private URL. An unknown, rotated or revoked token, or an employee who has
 * left, answers 404; a suspended tenant's calendars answer 403.
 */
export const renderFeed = async (db: Kysely<DB>, token: string) => {
  if (!TOKEN.test(token)) throw gone()
  const found = await repo.feedOwner(db, await sha256Hex(token))
  if (!found) throw gone()
  return withTenant(db, found.tenant_id, async (scope) => {
    const who = await repo.owner(scope, found.employee_id)
    if (!who || who.employee_status === 'left') throw gone()
    if (who.tenant_status !== 'active') throw new ApiError('tenant_suspended', 'This tenant is suspended; its calendars are paused.')
    await repo.touchFeed(scope, found.employee_id)
    const seats = await repo.seats(scope, found.employee_id)
    const absent = await repo.absentDays(
      scope,
      seats.map((s) => s.id),
    )
    return employeeCalendarIcs({ name: `${who.branding.display_name ?? who.name}: childcare`, timeZone: who.time_zone, seats, absent })
  })
}
