import { z } from '@hono/zod-openapi'
import { Problem } from '../../lib/openapi'
import { EmployeeStatus, employeeFields } from './employees.schemas'

export const MAX_IMPORT_ROWS = 10_000
/** How many employee numbers of each kind of change an import answer names. */
export const SAMPLE_SIZE = 100
/** The import reads its own body up to this size (a 10 000-row CSV is about 1 MB). */
export const MAX_IMPORT_BODY_BYTES = 8 * 1024 * 1024

const cleared = '`null` or an empty string clears it; omitted, an existing employee keeps theirs.'

/** One row of an import: the JSON form, and the meaning of each CSV column. */
export const EmployeeImportRow = z
  .object({
    employee_number: employeeFields.employee_number,
    name: employeeFields.name,
    email: employeeFields.email
      .nullable()
      .optional()
      .openapi({ description: `Unique in the tenant, ignoring case. ${cleared}` }),
    phone: employeeFields.phone.nullable().optional().openapi({ description: cleared }),
    department: employeeFields.department.nullable().optional().openapi({ description: cleared }),
    status: EmployeeStatus.nullable()
      .optional()
      .openapi({ description: 'Omitted, `null` or empty: an existing employee keeps theirs; a new one starts `active`.' }),
  })
  .strict()
  .openapi('EmployeeImportRow', {
    description: 'One employee of an import, matched to the roster by `employee_number`.',
    example: { employee_number: 'FY2019-042', name: '王丽华', email: 'wang.lihua@court.example.cn', department: '民事审判第一庭', status: 'active' },
  })

export const IMPORT_COLUMNS = ['employee_number', 'name', 'email', 'phone', 'department', 'status'] as const
export type ImportColumn = (typeof IMPORT_COLUMNS)[number]

export const ImportQuery = z.object({
  dry_run: z.enum(['true', 'false']).default('false').openapi({
    description: '`true` validates everything and answers what the import would change, writing nothing.',
    example: 'true',
  }),
  mode: z.enum(['upsert', 'sync']).default('upsert').openapi({
    description: '`upsert` creates and updates the employees in the file. `sync` also marks every employee missing from the file as `left`.',
    example: 'upsert',
  }),
})

const counts = {
  rows: z.number().int().openapi({ description: 'Data rows in the file.', example: 3 }),
  created: z.number().int().openapi({ example: 1 }),
  updated: z.number().int().openapi({ example: 1 }),
  unchanged: z.number().int().openapi({ example: 1 }),
  marked_left: z.number().int().openapi({ description: 'Employees missing from the file marked `left` (`mode=sync` only).', example: 0 }),
}

export const EmployeeImport = z
  .object({
    id: z
      .string()
      .nullable()
      .openapi({ description: 'The import, as named in the audit log (`object_id`); `null` for a dry run.', example: 'imp_01jd7k3m5n6p7q8r9s0t1v2w3x' }),
    object: z.literal('employee_import'),
    dry_run: z.boolean(),
    mode: z.enum(['upsert', 'sync']),
    format: z.enum(['json', 'csv']),
    ...counts,
    samples: z
      .object({
        created: z.array(z.string()).openapi({ example: ['FY2024-007'] }),
        updated: z
          .array(z.object({ employee_number: z.string(), fields: z.array(z.string()) }))
          .openapi({ example: [{ employee_number: 'FY2019-042', fields: ['department'] }] }),
        marked_left: z.array(z.string()).openapi({ example: [] }),
      })
      .openapi({ description: `The first ${SAMPLE_SIZE} employee numbers of each kind of change, in file order (marked_left in number order).` }),
  })
  .openapi('EmployeeImport', { description: 'What an import changed (or, for a dry run, would change).' })

export const ImportProblem = Problem.extend({
  errors: z
    .array(
      z.object({
        path: z.string().openapi({ description: '`<index>.<field>`: the 0-based data row and the field; `header` for the CSV header.' }),
        message: z.string(),
        field: z.string().optional(),
        row: z.number().int().optional().openapi({ description: '1-based data row (the header is not a row).' }),
        line: z.number().int().optional().openapi({ description: 'CSV only: the line of the file where the row starts (the header is line 1).' }),
      }),
    )
    .optional()
    .openapi({
      example: [
        { path: '3.email', message: 'line 5: email: must be an email address', field: 'email', row: 4, line: 5 },
        {
          path: '7.employee_number',
          message: 'line 9: employee_number: FY2019-042 appears more than once in the file (lines 3, 9); each employee needs one row',
          field: 'employee_number',
          row: 8,
          line: 9,
        },
      ],
    }),
}).openapi('EmployeeImportProblem', { description: 'An import refused: every bad row is listed, and nothing was written.' })
