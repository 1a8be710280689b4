import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { notFound } from '../../lib/errors'
import { prefixes, uuidOf } from '../../lib/ids'
import { decodeIdCursor, page } from '../../lib/pagination'
import type { createInvitation, listInvitations, revokeInvitation } from './invitations.routes'
import * as invitations from './invitations.service'

export const createInvitationHandler: RouteHandler<typeof createInvitation, AppEnv> = async (c) => {
  const employeeId = uuidOf(prefixes.employee, c.req.valid('param').employee_id, 'employee')
  const { expires_in_days } = c.req.valid('json')
  const invitation = await c.var.inTenant((scope) => invitations.createInvitation(scope, employeeId, expires_in_days))
  return c.json(invitation, 201)
}

export const listInvitationsHandler: RouteHandler<typeof listInvitations, AppEnv> = async (c) => {
  const employeeId = uuidOf(prefixes.employee, c.req.valid('param').employee_id, 'employee')
  const { limit, cursor } = c.req.valid('query')
  const rows = await c.var.inTenant((scope) => invitations.listInvitations(scope, employeeId, limit, decodeIdCursor(cursor)))
  return c.json(
    page(rows, limit, (r) => r.id, invitations.toInvitation),
    200,
  )
}

export const revokeInvitationHandler: RouteHandler<typeof revokeInvitation, AppEnv> = async (c) => {
  const { employee_id, invitation_id } = c.req.valid('param')
  const employeeId = uuidOf(prefixes.employee, employee_id, 'employee')
  const id = uuidOf(prefixes.invitation, invitation_id, 'invitation')
  const row = await c.var.inTenant((scope) => invitations.revokeInvitation(scope, employeeId, id))
  if (!row) throw notFound('invitation', invitation_id)
  return c.json(invitations.toInvitation(row), 200)
}
