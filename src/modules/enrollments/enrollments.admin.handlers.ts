import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { notFound } from '../../lib/errors'
import { prefixes, uuidOf } from '../../lib/ids'
import { decodeCursor, decodeIdCursor, page } from '../../lib/pagination'
import type * as r from './enrollments.admin.routes'
import { toEnrollment } from './enrollments.present'
import { findEnrollmentView, findProgram, listEnrollmentViews, waitlistPage } from './enrollments.repo'
import * as enrollments from './enrollments.service'

const RANK = /^-?\d{1,18}$/
const programUuid = (id: string) => uuidOf(prefixes.program, id, 'program')

export const listProgramEnrollmentsHandler: RouteHandler<typeof r.listProgramEnrollments, AppEnv> = async (c) => {
  const { program_id } = c.req.valid('param')
  const { limit, cursor, status } = c.req.valid('query')
  const programId = programUuid(program_id)
  const after = decodeIdCursor(cursor)
  const rows = await c.var.inTenant(async (scope) =>
    (await findProgram(scope, programId)) ? listEnrollmentViews(scope, { programId, status }, limit, after) : undefined,
  )
  if (!rows) throw notFound('program', program_id)
  return c.json(
    page(rows, limit, (e) => e.id, toEnrollment),
    200,
  )
}

export const listProgramWaitlistHandler: RouteHandler<typeof r.listProgramWaitlist, AppEnv> = async (c) => {
  const { program_id } = c.req.valid('param')
  const { limit, cursor } = c.req.valid('query')
  const programId = programUuid(program_id)
  const after = decodeCursor(cursor, (k) => RANK.test(k))
  const rows = await c.var.inTenant(async (scope) =>
    (await findProgram(scope, programId)) ? waitlistPage(scope, programId, limit, after === undefined ? undefined : Number(after)) : undefined,
  )
  if (!rows) throw notFound('program', program_id)
  return c.json(
    page(rows, limit, (e) => String(e.waitlist_rank), toEnrollment),
    200,
  )
}

export const getEnrollmentHandler: RouteHandler<typeof r.getEnrollment, AppEnv> = async (c) => {
  const { enrollment_id } = c.req.valid('param')
  const row = await c.var.inTenant((scope) => findEnrollmentView(scope, uuidOf(prefixes.enrollment, enrollment_id, 'enrollment')))
  if (!row) throw notFound('enrollment', enrollment_id)
  return c.json(toEnrollment(row), 200)
}

export const cancelEnrollmentHandler: RouteHandler<typeof r.cancelEnrollment, AppEnv> = async (c) => {
  const { enrollment_id } = c.req.valid('param')
  const { reason } = c.req.valid('json')
  const id = uuidOf(prefixes.enrollment, enrollment_id, 'enrollment')
  const row = await c.var.inTenant((scope) => enrollments.cancel({ ...scope, billing: c.var.config.billing }, id, reason))
  if (!row) throw notFound('enrollment', enrollment_id)
  return c.json(toEnrollment(row), 200)
}
