import { createRoute, z } from '@hono/zod-openapi'
import { conflictResponse, errorResponses, IdempotencyKeyHeader, json } from '../../lib/openapi'
import { ListQuery, listOf } from '../../lib/pagination'
import { CreateInvitation, EmployeeId, Invitation, InvitationId, InvitationWithCode } from './identity.schemas'

const admin = { tags: ['Employee sign-in'], security: [{ apiKey: [] }] }
const EmployeeParams = z.object({ employee_id: EmployeeId })

export const createInvitation = createRoute({
  ...admin,
  method: 'post',
  path: '/employees/{employee_id}/invitations',
  operationId: 'createInvitation',
  summary: 'Invite an employee to the portal',
  description:
    'Issues a one-time sign-in code for an employee on the roster (for tenants without SSO, or employees outside the identity provider). The `code` is in this response only; it expires (7 days by default), works once, and locks after 5 wrong attempts. Issuing a new code revokes the pending ones of the same employee. An employee who has left cannot be invited (409 `invalid_state`).',
  request: {
    params: EmployeeParams,
    headers: IdempotencyKeyHeader,
    body: { required: false, content: { 'application/json': { schema: CreateInvitation } } },
  },
  responses: { 201: json(InvitationWithCode, 'The invitation, with its code.'), ...errorResponses, ...conflictResponse },
})

export const listInvitations = createRoute({
  ...admin,
  method: 'get',
  path: '/employees/{employee_id}/invitations',
  operationId: 'listInvitations',
  summary: "List an employee's invitations",
  description: 'Newest first, with their status and failed attempts. Codes are never shown again.',
  request: { params: EmployeeParams, query: ListQuery },
  responses: { 200: json(listOf(Invitation, 'InvitationList'), 'A page of invitations.'), ...errorResponses },
})

export const revokeInvitation = createRoute({
  ...admin,
  method: 'delete',
  path: '/employees/{employee_id}/invitations/{invitation_id}',
  operationId: 'revokeInvitation',
  summary: 'Revoke an invitation',
  description: 'The code stops working at once; sessions already opened with it are not affected. Revoking a revoked invitation changes nothing.',
  request: { params: EmployeeParams.extend({ invitation_id: InvitationId }) },
  responses: { 200: json(Invitation, 'The revoked invitation.'), ...errorResponses },
})
