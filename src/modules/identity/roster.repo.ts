import type { TenantData } from '../../db/tenant'

/** Employees on the roster may use the portal unless they have left. */
export const mayUsePortal = (status: string) => status !== 'left'

export const findRosterEmployee = (scope: TenantData, id: string) =>
  scope.tx.selectFrom('employees').select(['id', 'status']).where('tenant_id', '=', scope.tenantId).where('id', '=', id).executeTakeFirst()

/** The employees whose employee number (exact) or email (case-insensitive) is `value`; at most two, to detect ambiguity. */
export const findRosterEmployeesBy = (scope: TenantData, matchOn: 'employee_number' | 'email', value: string) =>
  scope.tx
    .selectFrom('employees')
    .select(['id', 'status'])
    .where('tenant_id', '=', scope.tenantId)
    .$if(matchOn === 'employee_number', (q) => q.where('employee_number', '=', value))
    .$if(matchOn === 'email', (q) => q.where((eb) => eb(eb.fn('lower', ['email']), '=', value.toLowerCase())))
    .limit(2)
    .execute()
