import type { Insertable, Selectable, Updateable } from 'kysely'
import { newestFirst } from '../../db/keyset'
import type { ChildrenTable, ConsentsTable } from '../../db/tables/portal'
import type { TenantTx } from '../../db/tenant'

export type ChildRow = Selectable<ChildrenTable>
export type ConsentRow = Selectable<ConsentsTable>
/** The signed-in guardian: every query is scoped to their tenant and to them. */
export type Guardian = { tenantId: string; employeeUuid: string }

export { tenantTimeZone } from '../tenants'

export const insertChild = (tx: TenantTx, values: Insertable<ChildrenTable>) =>
  tx.insertInto('children').values(values).returningAll().executeTakeFirstOrThrow()

export const findChild = (tx: TenantTx, g: Guardian, id: string, lock = false) =>
  tx
    .selectFrom('children')
    .selectAll()
    .where('tenant_id', '=', g.tenantId)
    .where('employee_id', '=', g.employeeUuid)
    .where('id', '=', id)
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst()

export const listChildren = (tx: TenantTx, g: Guardian, limit: number, after?: string) =>
  tx.selectFrom('children').selectAll().where('tenant_id', '=', g.tenantId).where('employee_id', '=', g.employeeUuid).$call(newestFirst(after, limit)).execute()

export const allChildren = (tx: TenantTx, g: Guardian) =>
  tx.selectFrom('children').selectAll().where('tenant_id', '=', g.tenantId).where('employee_id', '=', g.employeeUuid).orderBy('id').execute()

export const updateChild = (tx: TenantTx, g: Guardian, id: string, changes: Updateable<ChildrenTable>) =>
  tx
    .updateTable('children')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('tenant_id', '=', g.tenantId)
    .where('employee_id', '=', g.employeeUuid)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()

export const deleteChild = (tx: TenantTx, g: Guardian, id: string) =>
  tx.deleteFrom('children').where('tenant_id', '=', g.tenantId).where('employee_id', '=', g.employeeUuid).where('id', '=', id).execute()

export const insertConsent = (tx: TenantTx, values: Insertable<ConsentsTable>) =>
  tx.insertInto('consents').values(values).returningAll().executeTakeFirstOrThrow()

/** Marks the child's standing consents withdrawn; returns their ids. */
export const withdrawConsents = (tx: TenantTx, g: Guardian, childId: string, reason: 'child_deleted') =>
  tx
    .updateTable('consents')
    .set({ withdrawn_at: new Date(), withdrawal_reason: reason })
    .where('tenant_id', '=', g.tenantId)
    .where('employee_id', '=', g.employeeUuid)
    .where('child_id', '=', childId)
    .where('withdrawn_at', 'is', null)
    .returning('id')
    .execute()

export const listConsents = (tx: TenantTx, g: Guardian, filter: { childId?: string }, limit: number, after?: string) =>
  tx
    .selectFrom('consents')
    .selectAll()
    .where('tenant_id', '=', g.tenantId)
    .where('employee_id', '=', g.employeeUuid)
    .$if(filter.childId !== undefined, (q) => q.where('child_id', '=', filter.childId as string))
    .$call(newestFirst(after, limit))
    .execute()

export const allConsents = (tx: TenantTx, g: Guardian) =>
  tx.selectFrom('consents').selectAll().where('tenant_id', '=', g.tenantId).where('employee_id', '=', g.employeeUuid).orderBy('id').execute()
