import type { RouteHandler } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppEnv } from '../../env'
import { actorOf } from '../../lib/audit'
import { notFound } from '../../lib/errors'
import { prefixes, uuidOf } from '../../lib/ids'
import { decodeIdCursor, page } from '../../lib/pagination'
import { signedInEmployee } from '../oauth'
import type * as r from './absences.routes'
import * as absences from './absences.service'

const me = (c: Context<AppEnv>) => {
  const { tenantId, employeeUuid } = signedInEmployee(c.var.principal)
  return { tenantId, employeeId: employeeUuid, actor: actorOf(c.var.principal, c.var.requestId) }
}

export const reportAbsencesHandler: RouteHandler<typeof r.reportAbsences, AppEnv> = async (c) => {
  const { child_id, dates, reason } = c.req.valid('json')
  const { tenantId, employeeId, actor } = me(c)
  const childId = uuidOf(prefixes.child, child_id, 'child')
  const rows = await c.var.inTenant((tx) => absences.reportAbsences({ tx, tenantId, actor }, employeeId, { childId, dates, reason }))
  if (!rows) throw notFound('child', child_id)
  return c.json({ object: 'absence_batch' as const, data: rows.map(absences.toAbsence) }, 201)
}

export const listAbsencesHandler: RouteHandler<typeof r.listAbsences, AppEnv> = async (c) => {
  const { limit, cursor, child_id, program_id } = c.req.valid('query')
  const { tenantId, employeeId } = me(c)
  const filter = {
    childId: child_id === undefined ? undefined : uuidOf(prefixes.child, child_id, 'child'),
    programId: program_id === undefined ? undefined : uuidOf(prefixes.program, program_id, 'program'),
  }
  const rows = await c.var.inTenant((tx) => absences.listAbsences(tx, tenantId, employeeId, filter, limit, decodeIdCursor(cursor)))
  return c.json(
    page(rows, limit, (a) => a.id, absences.toAbsence),
    200,
  )
}

export const withdrawAbsenceHandler: RouteHandler<typeof r.withdrawAbsence, AppEnv> = async (c) => {
  const { absence_id } = c.req.valid('param')
  const { tenantId, employeeId, actor } = me(c)
  const id = uuidOf(prefixes.absence, absence_id, 'absence')
  const row = await c.var.inTenant((tx) => absences.withdrawAbsence({ tx, tenantId, actor }, employeeId, id))
  if (!row) throw notFound('absence', absence_id)
  return c.json(absences.toAbsence(row), 200)
}
