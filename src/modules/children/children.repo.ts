import type { Insertable, Selectable, Updateable } from 'kysely'
import { newestFirst } from '../../db/keyset'
import type { ChildrenTable, ConsentsTable } from '../../db/tables/portal'
import type { TenantData } from '../../db/tenant'

export type ChildRow = Selectable<ChildrenTable>
export type ConsentRow = Selectable<ConsentsTable>
export const insertChild = (scope: TenantData, values: Insertable<ChildrenTable>) =>
  scope.tx.insertInto('children').values(values).returningAll().executeTakeFirstOrThrow()

export const findChild = (scope: TenantData, employeeId: string, id: string, lock = false) =>
  scope.tx
    .selectFrom('children')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('employee_id', '=', employeeId)
    .where('id', '=', id)
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst()

export const listChildren = (scope: TenantData, employeeId: string, limit: number, after?: string) =>
  scope.tx
    .selectFrom('children')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('employee_id', '=', employeeId)
    .$call(newestFirst(after, limit))
    .execute()

export const allChildren = (scope: TenantData, employeeId: string) =>
  scope.tx.selectFrom('children').selectAll().where('tenant_id', '=', scope.tenantId).where('employee_id', '=', employeeId).orderBy('id').execute()

export const updateChild = (scope: TenantData, employeeId: string, id: string, changes: Updateable<ChildrenTable>) =>
  scope.tx
    .updateTable('children')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('tenant_id', '=', scope.tenantId)
    .where('employee_id', '=', employeeId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()

export const deleteChild = (scope: TenantData, employeeId: string, id: string) =>
  scope.tx.deleteFrom('children').where('tenant_id', '=', scope.tenantId).where('employee_id', '=', employeeId).where('id', '=', id).execute()

export const insertConsent = (scope: TenantData, values: Insertable<ConsentsTable>) =>
  scope.tx.insertInto('consents').values(values).returningAll().executeTakeFirstOrThrow()

/** Marks the child's standing consents withdrawn; returns their ids. */
export const withdrawConsents = (scope: TenantData, employeeId: string, childId: string, reason: 'child_deleted') =>
  scope.tx
    .updateTable('consents')
    .set({ withdrawn_at: new Date(), withdrawal_reason: reason })
    .where('tenant_id', '=', scope.tenantId)
    .where('employee_id', '=', employeeId)
    .where('child_id', '=', childId)
    .where('withdrawn_at', 'is', null)
    .returning('id')
    .execute()

export const listConsents = (scope: TenantData, employeeId: string, filter: { childId?: string }, limit: number, after?: string) =>
  scope.tx
    .selectFrom('consents')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('employee_id', '=', employeeId)
    .$if(filter.childId !== undefined, (q) => q.where('child_id', '=', filter.childId as string))
    .$call(newestFirst(after, limit))
    .execute()

export const allConsents = (scope: TenantData, employeeId: string) =>
  scope.tx.selectFrom('consents').selectAll().where('tenant_id', '=', scope.tenantId).where('employee_id', '=', employeeId).orderBy('id').execute()

/** The live enrollments (seat, payment or waitlist) of a child, for the events its changes send. */
export const liveEnrollmentsOfChild = (scope: TenantData, childId: string) =>
  scope.tx
    .selectFrom('enrollments')
    .select(['id', 'program_id'])
    .where('tenant_id', '=', scope.tenantId)
    .where('child_id', '=', childId)
    .where('status', 'in', ['confirmed', 'awaiting_payment', 'waitlisted'])
    .orderBy('program_id')
    .execute()
