import { type Kysely, sql } from 'kysely'
import { type TenantData, withRuntime } from '../../db/tenant'
import type { DB } from '../../db/types'

export const findFeed = (scope: TenantData, employeeId: string) =>
  scope.tx.selectFrom('calendar_feeds').selectAll().where('tenant_id', '=', scope.tenantId).where('employee_id', '=', employeeId).executeTakeFirst()

/** Creates the employee's feed, or rotates it: the new hash replaces the old, which stops working at once. */
export const saveFeed = (scope: TenantData, employeeId: string, tokenHash: string) =>
  scope.tx
    .insertInto('calendar_feeds')
    .values({ tenant_id: scope.tenantId, employee_id: employeeId, token_hash: tokenHash })
    .onConflict((oc) => oc.columns(['tenant_id', 'employee_id']).doUpdateSet({ token_hash: tokenHash, rotated_at: new Date(), last_used_at: null }))
    .returningAll()
    .executeTakeFirstOrThrow()

export const deleteFeed = async (scope: TenantData, employeeId: string) =>
  (await scope.tx.deleteFrom('calendar_feeds').where('tenant_id', '=', scope.tenantId).where('employee_id', '=', employeeId).executeTakeFirst())
    .numDeletedRows > 0n

/** The feed's owner by the token's hash, before any tenant is known: the one security-definer path. */
export const feedOwner = async (db: Kysely<DB>, tokenHash: string) => {
  const { rows } = await withRuntime(db, (tx) => sql<{ tenant_id: string; employee_id: string }>`select * from calendar_feed_owner(${tokenHash})`.execute(tx))
  return rows[0]
}

/** Records a fetch, at most once a minute (calendar apps poll). */
export const touchFeed = (scope: TenantData, employeeId: string) =>
  scope.tx
    .updateTable('calendar_feeds')
    .set({ last_used_at: new Date() })
    .where('tenant_id', '=', scope.tenantId)
    .where('employee_id', '=', employeeId)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]))
    .execute()

export const owner = (scope: TenantData, employeeId: string) =>
  scope.tx
    .selectFrom('employees as e')
    .innerJoin('tenants as t', 't.id', 'e.tenant_id')
    .select(['e.status as employee_status', 't.status as tenant_status', 't.name', 't.branding', 't.time_zone'])
    .where('e.tenant_id', '=', scope.tenantId)
    .where('e.id', '=', employeeId)
    .executeTakeFirst()

/** The employee's children's seats (confirmed or held for payment), with their programs' schedules and sites. */
export const seats = (scope: TenantData, employeeId: string) =>
  scope.tx
    .selectFrom('enrollments as e')
    .innerJoin('children as c', (join) => join.onRef('c.tenant_id', '=', 'e.tenant_id').onRef('c.id', '=', 'e.child_id'))
    .innerJoin('programs as p', (join) => join.onRef('p.tenant_id', '=', 'e.tenant_id').onRef('p.id', '=', 'e.program_id'))
    .leftJoin('sites as s', (join) => join.onRef('s.tenant_id', '=', 'p.tenant_id').onRef('s.id', '=', 'p.site_id'))
    .select([
      'e.id',
      'e.updated_at',
      'c.name as child_name',
      'p.id as program_id',
      'p.name as program_name',
      'p.starts_on',
      'p.ends_on',
      'p.operating_weekdays',
      'p.closure_dates',
      'p.opens_at',
      'p.closes_at',
      'p.updated_at as program_updated_at',
      's.name as site_name',
      's.address as site_address',
    ])
    .where('e.tenant_id', '=', scope.tenantId)
    .where('e.employee_id', '=', employeeId)
    .where('e.status', 'in', ['confirmed', 'awaiting_payment'])
    .orderBy('e.id')
    .execute()

export type SeatRow = Awaited<ReturnType<typeof seats>>[number]

export const absentDays = (scope: TenantData, enrollmentIds: string[]) =>
  enrollmentIds.length === 0
    ? Promise.resolve([])
    : scope.tx
        .selectFrom('absences')
        .select(['enrollment_id', 'date'])
        .where('tenant_id', '=', scope.tenantId)
        .where('enrollment_id', 'in', enrollmentIds)
        .where('withdrawn_at', 'is', null)
        .execute()
