import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { notFound } from '../../lib/errors'
import { etagOf, versionFromIfMatch } from '../../lib/etag'
import { prefixes, toApiId, uuidOf } from '../../lib/ids'
import { decodeIdCursor, page } from '../../lib/pagination'
import { importFormatOf, readImportBody } from './employee-import.parse'
import { checkImportRows } from './employee-import.rules'
import * as imports from './employee-import.service'
import { findEmployee, listEmployees } from './employees.repo'
import type * as r from './employees.routes'
import * as employees from './employees.service'

export const createEmployeeHandler: RouteHandler<typeof r.createEmployee, AppEnv> = async (c) => {
  const row = await c.var.inTenant((scope) => employees.createEmployee(scope, c.req.valid('json')))
  c.header('ETag', etagOf(row.version))
  return c.json(employees.toEmployee(row), 201)
}

export const listEmployeesHandler: RouteHandler<typeof r.listEmployees, AppEnv> = async (c) => {
  const { limit, cursor, ...filter } = c.req.valid('query')
  const rows = await c.var.inTenant((scope) => listEmployees(scope, filter, limit, decodeIdCursor(cursor)))
  return c.json(
    page(rows, limit, (row) => row.id, employees.toEmployee),
    200,
  )
}

export const getEmployeeHandler: RouteHandler<typeof r.getEmployee, AppEnv> = async (c) => {
  const { employee_id } = c.req.valid('param')
  const row = await c.var.inTenant((scope) => findEmployee(scope, uuidOf(prefixes.employee, employee_id, 'employee')))
  if (!row) throw notFound('employee', employee_id)
  c.header('ETag', etagOf(row.version))
  return c.json(employees.toEmployee(row), 200)
}

export const updateEmployeeHandler: RouteHandler<typeof r.updateEmployee, AppEnv> = async (c) => {
  const { employee_id } = c.req.valid('param')
  const id = uuidOf(prefixes.employee, employee_id, 'employee')
  const expected = versionFromIfMatch(c.req.valid('header')['if-match'])
  const row = await c.var.inTenant((scope) => employees.updateEmployee(scope, id, c.req.valid('json'), expected))
  if (!row) throw notFound('employee', employee_id)
  c.header('ETag', etagOf(row.version))
  return c.json(employees.toEmployee(row), 200)
}

export const deleteEmployeeHandler: RouteHandler<typeof r.deleteEmployee, AppEnv> = async (c) => {
  const { employee_id } = c.req.valid('param')
  const id = uuidOf(prefixes.employee, employee_id, 'employee')
  const expected = versionFromIfMatch(c.req.valid('header')['if-match'])
  const deleted = await c.var.inTenant((scope) => employees.deleteEmployee(scope, id, expected))
  if (!deleted) throw notFound('employee', employee_id)
  return c.json({ id: toApiId(prefixes.employee, id), object: 'employee' as const, deleted: true as const }, 200)
}

/** The body is read here rather than by the route's validator: both formats share one row check with line numbers. */
export const importEmployeesHandler: RouteHandler<typeof r.importEmployees, AppEnv> = async (c) => {
  const { dry_run, mode } = c.req.valid('query')
  const format = importFormatOf(c.req.header('content-type'))
  const checked = checkImportRows(readImportBody(format, await c.req.text()))
  const result = await c.var.inTenant((scope) => imports.importEmployees(scope, checked, { format, mode, dryRun: dry_run === 'true' }))
  return c.json(result, 200)
}
