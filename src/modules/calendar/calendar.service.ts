import type { Kysely } from 'kysely'
import { type TenantTx, withTenant } from '../../db/tenant'
import type { DB } from '../../db/types'
import { type Actor, recordAudit } from '../../lib/audit'
import { ApiError } from '../../lib/errors'
import { prefixes, toApiId } from '../../lib/ids'
import { randomToken, sha256Hex } from '../../lib/secrets'
import { employeeCalendarIcs } from './calendar.ics'
import * as repo from './calendar.repo'

type Ctx = { tx: TenantTx; tenantId: string; actor: Actor }

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
export const issueFeed = async ({ tx, tenantId, actor }: Ctx, employeeId: string) => {
  const existed = (await repo.findFeed(tx, tenantId, employeeId)) !== undefined
  const token = newToken()
  const row = await repo.saveFeed(tx, tenantId, employeeId, await sha256Hex(token))
  await recordAudit(tx, actor, {
    action: existed ? 'calendar_feed.rotated' : 'calendar_feed.created',
    objectType: 'calendar_feed',
    objectId: toApiId(prefixes.employee, employeeId),
  })
  return { row, token }
}

/** Revokes the URL; false when the employee has none. */
export const revokeFeed = async ({ tx, tenantId, actor }: Ctx, employeeId: string) => {
  if (!(await repo.deleteFeed(tx, tenantId, employeeId))) return false
  await recordAudit(tx, actor, { action: 'calendar_feed.revoked', objectType: 'calendar_feed', objectId: toApiId(prefixes.employee, employeeId) })
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
  return withTenant(db, found.tenant_id, async (tx) => {
    const who = await repo.owner(tx, found.tenant_id, found.employee_id)
    if (!who || who.employee_status === 'left') throw gone()
    if (who.tenant_status !== 'active') throw new ApiError('tenant_suspended', 'This tenant is suspended; its calendars are paused.')
    await repo.touchFeed(tx, found.tenant_id, found.employee_id)
    const seats = await repo.seats(tx, found.tenant_id, found.employee_id)
    const absent = await repo.absentDays(
      tx,
      found.tenant_id,
      seats.map((s) => s.id),
    )
    return employeeCalendarIcs({ name: `${who.branding.display_name ?? who.name}: childcare`, timeZone: who.time_zone, seats, absent })
  })
}
