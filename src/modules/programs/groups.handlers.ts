import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { notFound } from '../../lib/errors'
import { etagOf, versionFromIfMatch } from '../../lib/etag'
import { prefixes, uuidOf } from '../../lib/ids'
import { decodeIdCursor, page } from '../../lib/pagination'
import { findGroup, listGroups } from './groups.repo'
import type * as r from './groups.routes'
import * as groups from './groups.service'
import { findProgram } from './programs.repo'

const ids = (params: { program_id: string; group_id?: string }) => ({
  programId: uuidOf(prefixes.program, params.program_id, 'program'),
  groupId: params.group_id === undefined ? '' : uuidOf(prefixes.group, params.group_id, 'group'),
})
const groupNotFound = (params: { program_id: string; group_id: string }) => notFound('group', `${params.group_id} in program ${params.program_id}`)

export const createProgramGroupHandler: RouteHandler<typeof r.createProgramGroup, AppEnv> = async (c) => {
  const params = c.req.valid('param')
  const row = await c.var.inTenant((scope) => groups.createGroup(scope, ids(params).programId, c.req.valid('json')))
  if (!row) throw notFound('program', params.program_id)
  c.header('ETag', etagOf(row.version))
  return c.json(groups.toGroup(row), 201)
}

export const listProgramGroupsHandler: RouteHandler<typeof r.listProgramGroups, AppEnv> = async (c) => {
  const params = c.req.valid('param')
  const { limit, cursor } = c.req.valid('query')
  const after = decodeIdCursor(cursor)
  const { programId } = ids(params)
  const rows = await c.var.inTenant(async (scope) => ((await findProgram(scope, programId)) ? listGroups(scope, programId, limit, after) : undefined))
  if (!rows) throw notFound('program', params.program_id)
  return c.json(
    page(rows, limit, (row) => row.id, groups.toGroup),
    200,
  )
}

export const getProgramGroupHandler: RouteHandler<typeof r.getProgramGroup, AppEnv> = async (c) => {
  const params = c.req.valid('param')
  const { programId, groupId } = ids(params)
  const row = await c.var.inTenant((scope) => findGroup(scope, programId, groupId))
  if (!row) throw groupNotFound(params)
  c.header('ETag', etagOf(row.version))
  return c.json(groups.toGroup(row), 200)
}

export const updateProgramGroupHandler: RouteHandler<typeof r.updateProgramGroup, AppEnv> = async (c) => {
  const params = c.req.valid('param')
  const { programId, groupId } = ids(params)
  const expectedVersion = versionFromIfMatch(c.req.valid('header')['if-match'])
  const resolution = c.req.valid('query').affected_enrollments
  const row = await c.var.inTenant((scope) => groups.updateGroup(scope, programId, groupId, c.req.valid('json'), { expectedVersion, resolution }))
  if (!row) throw groupNotFound(params)
  c.header('ETag', etagOf(row.version))
  return c.json(groups.toGroup(row), 200)
}

export const deleteProgramGroupHandler: RouteHandler<typeof r.deleteProgramGroup, AppEnv> = async (c) => {
  const params = c.req.valid('param')
  const { programId, groupId } = ids(params)
  const expectedVersion = versionFromIfMatch(c.req.valid('header')['if-match'])
  const resolution = c.req.valid('query').affected_enrollments
  const deleted = await c.var.inTenant((scope) => groups.deleteGroup(scope, programId, groupId, { expectedVersion, resolution }))
  if (!deleted) throw groupNotFound(params)
  return c.json({ id: params.group_id, object: 'program_group' as const, deleted: true as const }, 200)
}
