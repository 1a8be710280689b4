import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { notFound } from '../../lib/errors'
import { prefixes, uuidOf } from '../../lib/ids'
import { decodeIdCursor, page } from '../../lib/pagination'
import { startCheckout } from '../billing'
import { signedInEmployee } from '../oauth'
import { previewPrograms } from './eligibility.service'
import type * as r from './enrollments.portal.routes'
import { toEnrollment } from './enrollments.present'
import { findEnrollmentView, listEnrollmentViews } from './enrollments.repo'
import * as enrollments from './enrollments.service'

export const listPortalProgramsHandler: RouteHandler<typeof r.listPortalPrograms, AppEnv> = async (c) => {
  const { limit, cursor } = c.req.valid('query')
  const employeeId = signedInEmployee(c.var.principal)
  const after = decodeIdCursor(cursor)
  const { rows, present } = await c.var.inTenant((scope) => previewPrograms(scope, employeeId, limit, { after }))
  return c.json(
    page(rows, limit, (p) => p.id, present),
    200,
  )
}

export const getPortalProgramHandler: RouteHandler<typeof r.getPortalProgram, AppEnv> = async (c) => {
  const { program_id } = c.req.valid('param')
  const employeeId = signedInEmployee(c.var.principal)
  const onlyId = uuidOf(prefixes.program, program_id, 'published program')
  const { rows, present } = await c.var.inTenant((scope) => previewPrograms(scope, employeeId, 1, { onlyId }))
  const [row] = rows
  if (!row) throw notFound('published program', program_id)
  return c.json(present(row), 200)
}

export const createEnrollmentHandler: RouteHandler<typeof r.createEnrollment, AppEnv> = async (c) => {
  const body = c.req.valid('json')
  const employeeId = signedInEmployee(c.var.principal)
  const request = {
    programId: uuidOf(prefixes.program, body.program_id, 'program'),
    childId: uuidOf(prefixes.child, body.child_id, 'child'),
    groupId: body.group_id === undefined ? null : uuidOf(prefixes.group, body.group_id, 'group of this program'),
  }
  const billing = c.var.config.billing
  const row = await c.var.inTenant((scope) => enrollments.enroll({ ...scope, billing }, employeeId, request, body))
  if (row.status !== 'awaiting_payment') return c.json(toEnrollment(row), 201)
  // (billing, issue 7) After commit: the Checkout Session of the held seat, so the response carries its URL.
  await startCheckout(c.var.db, c.var.inTenant, c.var.config, row.id)
  const held = await c.var.inTenant((scope) => findEnrollmentView(scope, row.id, employeeId))
  return c.json(toEnrollment(held ?? row), 201)
}

export const listMyEnrollmentsHandler: RouteHandler<typeof r.listMyEnrollments, AppEnv> = async (c) => {
  const { limit, cursor, status, child_id, program_id } = c.req.valid('query')
  const employeeId = signedInEmployee(c.var.principal)
  const filter = {
    employeeId,
    status,
    childId: child_id === undefined ? undefined : uuidOf(prefixes.child, child_id, 'child'),
    programId: program_id === undefined ? undefined : uuidOf(prefixes.program, program_id, 'program'),
  }
  const rows = await c.var.inTenant((scope) => listEnrollmentViews(scope, filter, limit, decodeIdCursor(cursor)))
  return c.json(
    page(rows, limit, (e) => e.id, toEnrollment),
    200,
  )
}

export const getMyEnrollmentHandler: RouteHandler<typeof r.getMyEnrollment, AppEnv> = async (c) => {
  const { enrollment_id } = c.req.valid('param')
  const employeeId = signedInEmployee(c.var.principal)
  const row = await c.var.inTenant((scope) => findEnrollmentView(scope, uuidOf(prefixes.enrollment, enrollment_id, 'enrollment'), employeeId))
  if (!row) throw notFound('enrollment', enrollment_id)
  return c.json(toEnrollment(row), 200)
}

export const withdrawEnrollmentHandler: RouteHandler<typeof r.withdrawEnrollment, AppEnv> = async (c) => {
  const { enrollment_id } = c.req.valid('param')
  const employeeId = signedInEmployee(c.var.principal)
  const id = uuidOf(prefixes.enrollment, enrollment_id, 'enrollment')
  const row = await c.var.inTenant((scope) => enrollments.withdraw({ ...scope, billing: c.var.config.billing }, employeeId, id))
  if (!row) throw notFound('enrollment', enrollment_id)
  return c.json(toEnrollment(row), 200)
}
