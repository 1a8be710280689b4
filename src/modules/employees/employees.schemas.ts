import { z } from '@hono/zod-openapi'
import { text as plainText, withTextRules } from '../../lib/fields'
import { EmployeeId } from '../../lib/id-schemas'
import { timestamp } from '../../lib/openapi'

export { EmployeeId }

export const EMPLOYEE_STATUSES = ['active', 'on_leave', 'left'] as const
export const EmployeeStatus = z.enum(EMPLOYEE_STATUSES, { error: 'must be one of active, on_leave, left' }).openapi({
  description: '`active` and `on_leave` employees are eligible; `left` ones cannot sign in to the portal or enroll children in new programs.',
  example: 'active',
})

const text = (what: string, multiline = false) =>
  withTextRules(z.string({ error: (issue) => (issue.input === undefined ? 'is required' : `${what} must be a string`) }).trim(), { multiline })

/** The rules of each field, shared by single changes and imports. */
export const employeeFields = {
  employee_number: text('employee_number')
    .min(1, 'must not be empty')
    .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/, 'must be 1 to 64 letters, digits, dots, hyphens, underscores or slashes, starting with a letter or digit')
    .openapi({ description: "The employer's own number for the person; unique in the tenant, matched exactly.", example: 'FY2019-042' }),
  // A quoted CSV cell may span lines: names keep line breaks, as imports always took them.
  name: text('name', true).min(1, 'must not be empty').max(200, 'must be at most 200 characters').openapi({ example: '王丽华' }),
  email: text('email')
    .max(254, 'must be at most 254 characters')
    .regex(z.regexes.email, 'must be an email address')
    .openapi({ format: 'email', description: 'Unique in the tenant, ignoring case.', example: 'wang.lihua@court.example.cn' }),
  phone: text('phone')
    .regex(/^\+?[0-9][0-9 ()-]{4,30}$/, 'must be a phone number of digits, spaces, parentheses and hyphens, optionally starting with +')
    .openapi({ example: '138 0359 0042' }),
  department: text('department').min(1, 'must not be empty').max(100, 'must be at most 100 characters').openapi({ example: '民事审判第一庭' }),
}

export const Employee = z
  .object({
    id: EmployeeId,
    object: z.literal('employee'),
    employee_number: z.string().openapi({ example: 'FY2019-042' }),
    name: z.string().openapi({ example: '王丽华' }),
    email: z.string().nullable().openapi({ example: 'wang.lihua@court.example.cn' }),
    phone: z.string().nullable().openapi({ example: '138 0359 0042' }),
    department: z.string().nullable().openapi({ example: '民事审判第一庭' }),
    status: EmployeeStatus,
    created_at: timestamp(),
    updated_at: timestamp(),
  })
  .openapi('Employee', { description: "One person on the employer's eligibility roster." })

export const CreateEmployee = z
  .object({
    employee_number: employeeFields.employee_number,
    name: employeeFields.name,
    email: employeeFields.email.optional(),
    phone: employeeFields.phone.optional(),
    department: employeeFields.department.optional(),
    status: EmployeeStatus.default('active'),
  })
  .strict()
  .openapi('CreateEmployee', {
    example: { employee_number: 'FY2019-042', name: '王丽华', email: 'wang.lihua@court.example.cn', phone: '138 0359 0042', department: '民事审判第一庭' },
  })

export const UpdateEmployee = z
  .object({
    employee_number: employeeFields.employee_number.optional(),
    name: employeeFields.name.optional(),
    email: employeeFields.email.nullable().optional().openapi({ description: '`null` clears it.' }),
    phone: employeeFields.phone.nullable().optional().openapi({ description: '`null` clears it.' }),
    department: employeeFields.department.nullable().optional().openapi({ description: '`null` clears it.' }),
    status: EmployeeStatus.optional(),
  })
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, { error: 'name at least one field to change' })
  .openapi('UpdateEmployee', { example: { department: '执行局', status: 'on_leave' } })

export const DeletedEmployee = z
  .object({ id: EmployeeId, object: z.literal('employee'), deleted: z.literal(true) })
  .openapi('DeletedEmployee', { example: { id: 'emp_01jd7k3m5n6p7q8r9s0t1v2w3x', object: 'employee', deleted: true } })

export const ListEmployeesFilter = z.object({
  status: EmployeeStatus.optional().openapi({ description: 'Only employees with this status.' }),
  department: plainText({ max: 100 }).optional().openapi({ description: 'Only employees of this department (exact match).', example: '执行局' }),
  search: plainText({ max: 100 }).optional().openapi({ description: 'Part of the employee number, name or e-mail (case-insensitive).', example: '王' }),
})
