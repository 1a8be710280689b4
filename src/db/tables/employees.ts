import type { Generated } from 'kysely'
import type { CreatedAt, DefaultedTimestamp } from '../types'

export type EmployeeStatus = 'active' | 'on_leave' | 'left'

export interface EmployeesTable {
  tenant_id: string
  id: string
  employee_number: string
  name: string
  email: string | null
  phone: string | null
  department: string | null
  status: Generated<EmployeeStatus>
  version: Generated<number>
  created_at: CreatedAt
  updated_at: DefaultedTimestamp
}

export interface EmployeesTables {
  employees: EmployeesTable
}
