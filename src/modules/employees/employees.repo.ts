import type { Insertable, Updateable } from 'kysely'
import { newestFirst } from '../../db/keyset'
import type { EmployeeStatus, EmployeesTable } from '../../db/tables/employees'
import type { TenantData } from '../../db/tenant'

export const insertEmployee = (scope: TenantData, values: Insertable<EmployeesTable>) =>
  scope.tx.insertInto('employees').values(values).returningAll().executeTakeFirstOrThrow()

export const findEmployee = (scope: TenantData, id: string, options: { lock?: boolean } = {}) =>
  scope.tx
    .selectFrom('employees')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .$if(options.lock === true, (q) => q.forUpdate())
    .executeTakeFirst()

export type EmployeeFilter = { status?: EmployeeStatus; department?: string; search?: string }

/** `%term%` for ILIKE, with the term's own wildcards taken literally. */
const containing = (term: string) => `%${term.replace(/[\\%_]/g, '\\$&')}%`

/** Newest first (keyset on the UUIDv7 id), filtered. */
export const listEmployees = (scope: TenantData, filter: EmployeeFilter, limit: number, after?: string) =>
  scope.tx
    .selectFrom('employees')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status as EmployeeStatus))
    .$if(filter.department !== undefined, (q) => q.where('department', '=', filter.department as string))
    .$if(filter.search !== undefined, (q) =>
      q.where((eb) => {
        const pattern = containing(filter.search as string)
        return eb.or([eb('employee_number', 'ilike', pattern), eb('name', 'ilike', pattern), eb('email', 'ilike', pattern)])
      }),
    )
    .$call(newestFirst(after, limit))
    .execute()

/** Updates when `expectedVersion` (if given) is still current; undefined otherwise. */
export const updateEmployee = (scope: TenantData, id: string, changes: Updateable<EmployeesTable>, expectedVersion?: number) =>
  scope.tx
    .updateTable('employees')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .$if(expectedVersion !== undefined, (q) => q.where('version', '=', expectedVersion as number))
    .returningAll()
    .executeTakeFirst()

export const deleteEmployee = (scope: TenantData, id: string) =>
  scope.tx.deleteFrom('employees').where('tenant_id', '=', scope.tenantId).where('id', '=', id).returning('id').executeTakeFirst()
