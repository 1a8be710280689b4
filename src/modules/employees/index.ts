import { createRouter } from '../../lib/router'
import { EmployeeImportRow } from './employee-import.schemas'
import * as h from './employees.handlers'
import * as r from './employees.routes'

export const employees = createRouter()
  .openapi(r.importEmployees, h.importEmployeesHandler)
  .openapi(r.createEmployee, h.createEmployeeHandler)
  .openapi(r.listEmployees, h.listEmployeesHandler)
  .openapi(r.getEmployee, h.getEmployeeHandler)
  .openapi(r.updateEmployee, h.updateEmployeeHandler)
  .openapi(r.deleteEmployee, h.deleteEmployeeHandler)

// The JSON form of the import refers to this schema by name (the route reads its body itself).
employees.openAPIRegistry.register('EmployeeImportRow', EmployeeImportRow)

/** The import's body limit: the app applies it to this route instead of the default, before anything reads the body. */
export { MAX_IMPORT_BODY_BYTES } from './employee-import.schemas'
