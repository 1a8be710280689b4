import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { notFound } from '../../lib/errors'
import { prefixes, uuidOf } from '../../lib/ids'
import { decodeIdCursor, page } from '../../lib/pagination'
import { signedInEmployee } from '../oauth'
import type * as r from './absences.routes'
import * as absences from './absences.service'

export const reportAbsencesHandler: RouteHandler<typeof r.reportAbsences, AppEnv> = async (c) => {
  const { child_id, dates, reason } = c.req.valid('json')
  const employeeId = signedInEmployee(c.var.principal)
  const childId = uuidOf(prefixes.child, child_id, 'child')
  const rows = await c.var.inTenant((scope) => absences.reportAbsences(scope, employeeId, { childId, dates, reason }))
  if (!rows) throw notFound('child', child_id)
  return c.json({ object: 'absence_batch' as const, data: rows.map(absences.toAbsence) }, 201)
}

export const listAbsencesHandler: RouteHandler<typeof r.listAbsences, AppEnv> = async (c) => {
  const { limit, cursor, child_id, program_id } = c.req.valid('query')
  const employeeId = signedInEmployee(c.var.principal)
  const filter = {
    childId: child_id === undefined ? undefined : uuidOf(prefixes.child, child_id, 'child'),
    programId: program_id === undefined ? undefined : uuidOf(prefixes.program, program_id, 'program'),
  }
  const rows = await c.var.inTenant((scope) => absences.listAbsences(scope, employeeId, filter, limit, decodeIdCursor(cursor)))
  return c.json(
    page(rows, limit, (a) => a.id, absences.toAbsence),
    200,
  )
}

export const withdrawAbsenceHandler: RouteHandler<typeof r.withdrawAbsence, AppEnv> = async (c) => {
  const { absence_id } = c.req.valid('param')
  const employeeId = signedInEmployee(c.var.principal)
  const id = uuidOf(prefixes.absence, absence_id, 'absence')
  const row = await c.var.inTenant((scope) => absences.withdrawAbsence(scope, employeeId, id))
  if (!row) throw notFound('absence', absence_id)
  return c.json(absences.toAbsence(row), 200)
}
