import type { Insertable, Selectable, Updateable } from 'kysely'
import type { AttendanceTable } from '../../db/tables/attendance'
import type { TenantData } from '../../db/tenant'

export type AttendanceRow = Selectable<AttendanceTable>

/** Inserts the day's row unless the child already has one; undefined when it had. */
export const insertAttendance = (scope: TenantData, values: Insertable<AttendanceTable>) =>
  scope.tx
    .insertInto('attendance')
    .values(values)
    .onConflict((oc) => oc.columns(['tenant_id', 'program_id', 'child_id', 'date']).doNothing())
    .returningAll()
    .executeTakeFirst()

/** The child's row of the day in the program, locked until the transaction ends. */
export const lockAttendance = (scope: TenantData, programId: string, childId: string, date: string) =>
  scope.tx
    .selectFrom('attendance')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('program_id', '=', programId)
    .where('child_id', '=', childId)
    .where('date', '=', date)
    .forUpdate()
    .executeTakeFirst()

export const updateAttendance = (scope: TenantData, id: string, changes: Updateable<AttendanceTable>) =>
  scope.tx
    .updateTable('attendance')
    .set({ ...changes, updated_at: new Date() })
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()

/** What the door needs of a child: the name and the authorized pickups. */
export const childAtTheDoorQuery = (scope: TenantData, childId: string) =>
  scope.tx.selectFrom('children').select(['id', 'name', 'authorized_pickups']).where('tenant_id', '=', scope.tenantId).where('id', '=', childId)

export const childAtTheDoor = (scope: TenantData, childId: string) => childAtTheDoorQuery(scope, childId).executeTakeFirst()
