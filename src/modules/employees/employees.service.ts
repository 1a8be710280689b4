import type { Selectable } from 'kysely'
import { isUniqueViolation, sqlState } from '../../db/errors'
import type { EmployeeStatus, EmployeesTable } from '../../db/tables/employees'
import type { TenantScope } from '../../db/tenant'
import { recordAudit } from '../../lib/audit'
import { ApiError } from '../../lib/errors'
import { staleVersion } from '../../lib/etag'
import { newId, prefixes, toApiId } from '../../lib/ids'
import * as repo from './employees.repo'

export const toEmployee = (row: Selectable<EmployeesTable>) => ({
  id: toApiId(prefixes.employee, row.id),
  object: 'employee' as const,
  employee_number: row.employee_number,
  name: row.name,
  email: row.email,
  phone: row.phone,
  department: row.department,
  status: row.status,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
})

export type EmployeeInput = { employee_number: string; name: string; email?: string; phone?: string; department?: string; status: EmployeeStatus }
export type EmployeeChanges = Partial<{
  employee_number: string
  name: string
  email: string | null
  phone: string | null
  department: string | null
  status: EmployeeStatus
}>

const constraintOf = (error: unknown) => {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { constraint_name?: unknown; constraint?: unknown }
  return String(e.constraint_name ?? e.constraint ?? '')
}

/** A unique violation as 409 naming the field another employee already holds. */
const taken = (values: { employee_number?: string; email?: string | null }) => (error: unknown) => {
  if (!isUniqueViolation(error)) throw error
  if (constraintOf(error) === 'employees_email')
    throw new ApiError('conflict', `Another employee already has the e-mail ${values.email}.`, [{ path: 'email', message: 'already used by another employee' }])
  throw new ApiError('conflict', `Another employee already has the number ${values.employee_number}.`, [
    { path: 'employee_number', message: 'already used by another employee' },
  ])
}

export const createEmployee = async (scope: TenantScope, input: EmployeeInput) => {
  const id = newId(prefixes.employee)
  const row = await repo.insertEmployee(scope, { tenant_id: scope.tenantId, id: id.uuid, ...input }).catch(taken(input))
  await recordAudit(scope, { action: 'employee.created', objectType: 'employee', objectId: id.api, details: { employee_number: row.employee_number } })
  return row
}

/** The updated employee; undefined when the tenant has no such employee; 412 when `expectedVersion` is stale. */
export const updateEmployee = async (scope: TenantScope, id: string, changes: EmployeeChanges, expectedVersion?: number) => {
  const row = await repo.updateEmployee(scope, id, changes, expectedVersion).catch(taken(changes))
  if (!row) {
    if (expectedVersion !== undefined && (await repo.findEmployee(scope, id))) throw staleVersion()
    return undefined
  }
  await recordAudit(scope, {
    action: 'employee.updated',
    objectType: 'employee',
    objectId: toApiId(prefixes.employee, id),
    details: { fields: Object.keys(changes), ...(changes.status ? { status: changes.status } : {}) },
  })
  return row
}

const referenced = (employeeNumber: string) =>
  new ApiError(
    'conflict',
    `Employee ${employeeNumber} has records that refer to them (children, enrollments, invitations); set their status to left instead of deleting them.`,
    [{ path: 'employee_id', message: 'referenced by other records' }],
  )

/**
 * Deletes an employee nothing refers to yet (a row entered by mistake). Once children,
 * enrollments or invitations refer to them, their foreign keys refuse and this answers 409:
 * such an employee is marked `left` instead, which keeps the history.
 */
export const deleteEmployee = async (scope: TenantScope, id: string, expectedVersion?: number) => {
  const employee = await repo.findEmployee(scope, id, { lock: true })
  if (!employee) return false
  if (expectedVersion !== undefined && employee.version !== expectedVersion) throw staleVersion()
  await repo.deleteEmployee(scope, id).catch((error) => {
    throw sqlState(error) === '23503' ? referenced(employee.employee_number) : error
  })
  await recordAudit(scope, {
    action: 'employee.deleted',
    objectType: 'employee',
    objectId: toApiId(prefixes.employee, id),
    details: { employee_number: employee.employee_number },
  })
  return true
}
