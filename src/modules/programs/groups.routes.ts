import { createRoute, z } from '@hono/zod-openapi'
import { errorResponses, IdempotencyKeyHeader, IfMatchHeader, json, jsonBody, Problem, preconditionResponse } from '../../lib/openapi'
import { ListQuery, listOf } from '../../lib/pagination'
import { CreateProgramGroup, DeletedProgramGroup, GroupId, ProgramGroup, UpdateProgramGroup } from './groups.schemas'
import { AffectedEnrollmentsQuery, ProgramParams, STRANDING_RULE } from './programs.routes'

const admin = { tags: ['Programs'], security: [{ apiKey: [] }] }
const GroupParams = ProgramParams.extend({ group_id: GroupId })
const withEtag = { headers: z.object({ ETag: z.string().openapi({ example: '"1"' }) }) }
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } })
const conflicts = problem(
  '`invalid_state` (the program is closed or archived), `conflict` (the name is taken) or `enrollments_affected` (enrolled children would be stranded).',
)

export const createProgramGroup = createRoute({
  ...admin,
  method: 'post',
  path: '/programs/{program_id}/groups',
  operationId: 'createProgramGroup',
  summary: 'Create a group',
  description:
    'A class inside the program. Its age band must sit inside the program’s age rule (so the program needs one first) and its capacity within the program’s; a violation answers 422 naming the field. Names are unique within a program.',
  request: { params: ProgramParams, headers: IdempotencyKeyHeader, body: jsonBody(CreateProgramGroup) },
  responses: { 201: { ...json(ProgramGroup, 'The group.'), ...withEtag }, ...errorResponses, 409: conflicts },
})

export const listProgramGroups = createRoute({
  ...admin,
  method: 'get',
  path: '/programs/{program_id}/groups',
  operationId: 'listProgramGroups',
  summary: 'List a program’s groups',
  description: 'In the order they were created.',
  request: { params: ProgramParams, query: ListQuery },
  responses: { 200: json(listOf(ProgramGroup, 'ProgramGroupList'), 'A page of groups.'), ...errorResponses },
})

export const getProgramGroup = createRoute({
  ...admin,
  method: 'get',
  path: '/programs/{program_id}/groups/{group_id}',
  operationId: 'getProgramGroup',
  summary: 'Read a group',
  description: 'The `ETag` header names this version; send it as `If-Match` when you change the group.',
  request: { params: GroupParams },
  responses: { 200: { ...json(ProgramGroup, 'The group.'), ...withEtag }, ...errorResponses },
})

export const updateProgramGroup = createRoute({
  ...admin,
  method: 'patch',
  path: '/programs/{program_id}/groups/{group_id}',
  operationId: 'updateProgramGroup',
  summary: 'Change a group',
  description: `Changes the fields given; the result must still fit the program (422). With \`If-Match\`, a stale version answers 412. ${STRANDING_RULE}`,
  request: { params: GroupParams, query: AffectedEnrollmentsQuery, headers: IfMatchHeader, body: jsonBody(UpdateProgramGroup) },
  responses: { 200: { ...json(ProgramGroup, 'The updated group.'), ...withEtag }, ...errorResponses, 409: conflicts, ...preconditionResponse },
})

export const deleteProgramGroup = createRoute({
  ...admin,
  method: 'delete',
  path: '/programs/{program_id}/groups/{group_id}',
  operationId: 'deleteProgramGroup',
  summary: 'Delete a group',
  description: `Removes the group from a draft or published program. ${STRANDING_RULE}`,
  request: { params: GroupParams, query: AffectedEnrollmentsQuery, headers: IfMatchHeader },
  responses: { 200: json(DeletedProgramGroup, 'The group is gone.'), ...errorResponses, 409: conflicts, ...preconditionResponse },
})
