import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { notFound } from '../../lib/errors'
import { etagOf, versionFromIfMatch } from '../../lib/etag'
import { prefixes, toApiId, uuidOf } from '../../lib/ids'
import { decodeIdCursor, page } from '../../lib/pagination'
import { signedInEmployee } from '../oauth'
import type { createChild, deleteChild, exportChildren, getChild, listChildren, listConsents, updateChild } from './children.routes'
import * as children from './children.service'

type Ctx = Parameters<RouteHandler<typeof getChild, AppEnv>>[0]

const guardianOf = (c: { var: AppEnv['Variables'] }) => signedInEmployee(c.var.principal)
const childUuid = (c: Ctx) => uuidOf(prefixes.child, c.req.valid('param').child_id, 'child')

export const createChildHandler: RouteHandler<typeof createChild, AppEnv> = async (c) => {
  const row = await c.var.inTenant((scope) => children.createChild(scope, guardianOf(c), c.req.valid('json')))
  c.header('ETag', etagOf(row.version))
  return c.json(children.toChild(row), 201)
}

export const listChildrenHandler: RouteHandler<typeof listChildren, AppEnv> = async (c) => {
  const { limit, cursor } = c.req.valid('query')
  const rows = await c.var.inTenant((scope) => children.listChildren(scope, guardianOf(c), limit, decodeIdCursor(cursor)))
  return c.json(
    page(rows, limit, (r) => r.id, children.toChild),
    200,
  )
}

export const exportChildrenHandler: RouteHandler<typeof exportChildren, AppEnv> = async (c) => {
  const data = await c.var.inTenant((scope) => children.exportChildren(scope, guardianOf(c)))
  c.header('Content-Disposition', 'attachment; filename="children-export.json"')
  return c.json(
    { object: 'children_export' as const, employee_id: toApiId(prefixes.employee, guardianOf(c)), exported_at: new Date().toISOString(), ...data },
    200,
  )
}

export const getChildHandler: RouteHandler<typeof getChild, AppEnv> = async (c) => {
  const row = await c.var.inTenant((scope) => children.findChild(scope, guardianOf(c), childUuid(c)))
  if (!row) throw notFound('child', c.req.valid('param').child_id)
  c.header('ETag', etagOf(row.version))
  return c.json(children.toChild(row), 200)
}

export const updateChildHandler: RouteHandler<typeof updateChild, AppEnv> = async (c) => {
  const expected = versionFromIfMatch(c.req.valid('header')['if-match'])
  const row = await c.var.inTenant((scope) => children.updateChild(scope, guardianOf(c), childUuid(c), c.req.valid('json'), expected))
  if (!row) throw notFound('child', c.req.valid('param').child_id)
  c.header('ETag', etagOf(row.version))
  return c.json(children.toChild(row), 200)
}

export const deleteChildHandler: RouteHandler<typeof deleteChild, AppEnv> = async (c) => {
  const deleted = await c.var.inTenant((scope) => children.deleteChild(scope, guardianOf(c), childUuid(c)))
  if (!deleted) throw notFound('child', c.req.valid('param').child_id)
  return c.body(null, 204)
}

export const listConsentsHandler: RouteHandler<typeof listConsents, AppEnv> = async (c) => {
  const { limit, cursor, child_id } = c.req.valid('query')
  const childId = child_id === undefined ? undefined : uuidOf(prefixes.child, child_id, 'child')
  const rows = await c.var.inTenant((scope) => children.listConsents(scope, guardianOf(c), { childId }, limit, decodeIdCursor(cursor)))
  return c.json(
    page(rows, limit, (r) => r.id, children.toConsent),
    200,
  )
}
