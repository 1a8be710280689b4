import { createRoute, z } from '@hono/zod-openapi'
import { conflictResponse, errorResponses, IdempotencyKeyHeader, IfMatchHeader, json, jsonBody, Problem, preconditionResponse } from '../../lib/openapi'
import { ListQuery, listOf } from '../../lib/pagination'
import { EmployeeImport, ImportProblem, ImportQuery, MAX_IMPORT_BODY_BYTES, MAX_IMPORT_ROWS } from './employee-import.schemas'
import { CreateEmployee, DeletedEmployee, Employee, EmployeeId, ListEmployeesFilter, UpdateEmployee } from './employees.schemas'

const admin = { tags: ['Employees'], security: [{ apiKey: [] }] }
const EmployeeParams = z.object({ employee_id: EmployeeId })
const withEtag = { headers: z.object({ ETag: z.string().openapi({ example: '"1"' }) }) }
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } })

export const createEmployee = createRoute({
  ...admin,
  method: 'post',
  path: '/employees',
  operationId: 'createEmployee',
  summary: 'Add an employee',
  description:
    'Adds one person to the roster. The employee number and the e-mail (ignoring case) are unique in the tenant: a taken one answers 409 naming the field. For many employees at once, use the import.',
  request: { headers: IdempotencyKeyHeader, body: jsonBody(CreateEmployee) },
  responses: { 201: { ...json(Employee, 'The employee.'), ...withEtag }, ...errorResponses, ...conflictResponse },
})

export const listEmployees = createRoute({
  ...admin,
  method: 'get',
  path: '/employees',
  operationId: 'listEmployees',
  summary: 'List employees',
  description: 'Newest first, filtered by status, department, or a search in the number, name and e-mail.',
  request: { query: ListQuery.extend(ListEmployeesFilter.shape) },
  responses: { 200: json(listOf(Employee, 'EmployeeList'), 'A page of employees.'), ...errorResponses },
})

export const getEmployee = createRoute({
  ...admin,
  method: 'get',
  path: '/employees/{employee_id}',
  operationId: 'getEmployee',
  summary: 'Read an employee',
  description: 'The `ETag` header names this version; send it as `If-Match` when you change the employee.',
  request: { params: EmployeeParams },
  responses: { 200: { ...json(Employee, 'The employee.'), ...withEtag }, ...errorResponses },
})

export const updateEmployee = createRoute({
  ...admin,
  method: 'patch',
  path: '/employees/{employee_id}',
  operationId: 'updateEmployee',
  summary: 'Change an employee',
  description:
    'Changes the fields given; `null` clears an optional one. Setting `status` to `left` ends eligibility (no portal sign-in, no enrollment in new programs); `active` restores it. With `If-Match`, a stale version answers 412 and nothing changes.',
  request: { params: EmployeeParams, headers: IfMatchHeader, body: jsonBody(UpdateEmployee) },
  responses: { 200: { ...json(Employee, 'The updated employee.'), ...withEtag }, ...errorResponses, ...conflictResponse, ...preconditionResponse },
})

export const deleteEmployee = createRoute({
  ...admin,
  method: 'delete',
  path: '/employees/{employee_id}',
  operationId: 'deleteEmployee',
  summary: 'Delete an employee',
  description:
    'For a row entered by mistake: deletes an employee nothing refers to yet. Once children, enrollments or invitations refer to the employee, this answers 409; set `status` to `left` instead, which ends eligibility and keeps the history.',
  request: { params: EmployeeParams, headers: IfMatchHeader },
  responses: { 200: json(DeletedEmployee, 'The employee is gone.'), ...errorResponses, ...conflictResponse, ...preconditionResponse },
})

const CSV_EXAMPLE = [
  'employee_number,name,email,phone,department,status',
  'FY2019-042,王丽华,wang.lihua@court.example.cn,138 0359 0042,民事审判第一庭,active',
  'FY2021-007,李建国,li.jianguo@court.example.cn,,执行局,on_leave',
  'FY2024-113,"张敏",,0359-2288113,立案庭,',
].join('\n')

const JSON_EXAMPLE = [
  {
    employee_number: 'FY2019-042',
    name: '王丽华',
    email: 'wang.lihua@court.example.cn',
    phone: '138 0359 0042',
    department: '民事审判第一庭',
    status: 'active',
  },
  { employee_number: 'FY2021-007', name: '李建国', email: 'li.jianguo@court.example.cn', department: '执行局', status: 'on_leave' },
  { employee_number: 'FY2024-113', name: '张敏', phone: '0359-2288113', department: '立案庭' },
]

export const importEmployees = createRoute({
  ...admin,
  method: 'post',
  path: '/employees/import',
  operationId: 'importEmployees',
  summary: 'Import the roster (JSON or CSV)',
  description: [
    `Creates and updates up to ${MAX_IMPORT_ROWS} employees in one request, matched by \`employee_number\`, all or nothing.`,
    '',
    '- **JSON** (`application/json`): an array of `EmployeeImportRow` objects.',
    '- **CSV** (`text/csv`, UTF-8, optional BOM): the first line names the columns, in any order, from `employee_number`, `name` (both required), `email`, `phone`, `department`, `status`. Values with commas, quotes or line breaks are quoted (`"..."`, a quote doubled). Empty lines are skipped.',
    '',
    'A field the file omits (a missing column, an absent key) is left as it is; an empty value clears `email`, `phone` or `department`; an empty `status` keeps the current one (new employees start `active`). Rows that change nothing are not touched, so importing the same file twice reports everything `unchanged` the second time.',
    '',
    'Any bad row refuses the whole import with 422: `errors` lists every bad row with its `row`, CSV `line` and `field` (an invalid value, an employee number or e-mail twice in the file, an e-mail another employee keeps), and nothing is written.',
    '',
    '`dry_run=true` checks everything and answers what would change, writing nothing. `mode=sync` treats the file as the whole roster: every employee missing from it is marked `left` (an empty file is refused).',
    '',
    `Bodies up to ${MAX_IMPORT_BODY_BYTES / 1024 / 1024} MiB are read. Imports of one tenant run one after another. Each real import leaves one \`employee.imported\` audit event with its counts.`,
  ].join('\n'),
  request: {
    query: ImportQuery,
    headers: IdempotencyKeyHeader,
    body: {
      required: true,
      description: 'The employees, as a JSON array or as CSV with a header row.',
      content: {
        'application/json': {
          schema: { type: 'array', maxItems: MAX_IMPORT_ROWS, items: { $ref: '#/components/schemas/EmployeeImportRow' } },
          example: JSON_EXAMPLE,
        },
        'text/csv': {
          schema: z.string().openapi({ description: 'UTF-8 CSV; the first line names the columns.' }),
          example: CSV_EXAMPLE,
        },
      },
    },
  },
  responses: {
    200: json(EmployeeImport, 'What the import changed, or for a dry run would change.'),
    ...errorResponses,
    ...conflictResponse,
    413: problem(`The body exceeds ${MAX_IMPORT_BODY_BYTES} bytes.`),
    415: problem('The body is neither application/json nor UTF-8 text/csv.'),
    422: { description: 'Bad rows: `errors` lists every one; nothing was written.', content: { 'application/problem+json': { schema: ImportProblem } } },
  },
})
