import type { TenantTx } from '../../db/tenant'

/** Employees on the roster may use the portal unless they have left. */
export const mayUsePortal = (status: string) => status !== 'left'

export const findRosterEmployee = (tx: TenantTx, tenantId: string, id: string) =>
  tx.selectFrom('employees').select(['id', 'status']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst()

/** The employees whose employee number (exact) or email (case-insensitive) is `value`; at most two, to detect ambiguity. */
export const findRosterEmployeesBy = (tx: TenantTx, tenantId: string, matchOn: 'employee_number' | 'email', value: string) =>
  tx
    .selectFrom('employees')
    .select(['id', 'status'])
    .where('tenant_id', '=', tenantId)
    .$if(matchOn === 'employee_number', (q) => q.where('employee_number', '=', value))
    .$if(matchOn === 'email', (q) => q.where((eb) => eb(eb.fn('lower', ['email']), '=', value.toLowerCase())))
    .limit(2)
    .execute()
