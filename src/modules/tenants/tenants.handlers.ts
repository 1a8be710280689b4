import type { RouteHandler } from '@hono/zod-openapi'
import type { Selectable } from 'kysely'
import { isUniqueViolation } from '../../db/errors'
import { enterTenant, withPlatform } from '../../db/tenant'
import type { TenantsTable } from '../../db/types'
import type { AppEnv } from '../../env'
import { actorOf, recordAudit } from '../../lib/audit'
import { ApiError, notFound } from '../../lib/errors'
import { etagOf, staleVersion, versionFromIfMatch } from '../../lib/etag'
import { newId, prefixes, toApiId, uuidOf } from '../../lib/ids'
import { decodeIdCursor, page } from '../../lib/pagination'
import { findOwnTenant, findTenant, insertTenant, listTenants, updateOwnTenant, updateTenant } from './tenants.repo'
import type {
  createTenant,
  getCurrentTenant,
  getTenant,
  listTenants as listTenantsRoute,
  reactivateTenant,
  suspendTenant,
  updateCurrentTenant,
} from './tenants.routes'

export const toTenant = (row: Selectable<TenantsTable>) => ({
  id: toApiId(prefixes.tenant, row.id),
  object: 'tenant' as const,
  slug: row.slug,
  name: row.name,
  time_zone: row.time_zone,
  locale: row.locale,
  branding: row.branding,
  status: row.status,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
})

export const createTenantHandler: RouteHandler<typeof createTenant, AppEnv> = async (c) => {
  const body = c.req.valid('json')
  const id = newId(prefixes.tenant)
  const actor = actorOf(c.var.principal, c.var.requestId)
  const row = await withPlatform(c.var.db, async (tx) => {
    const created = await insertTenant(tx, {
      id: id.uuid,
      slug: body.slug,
      name: body.name,
      time_zone: body.time_zone,
      locale: body.locale,
      branding: body.branding,
    })
    await recordAudit(await enterTenant(tx, id.uuid, actor), { action: 'tenant.created', objectType: 'tenant', objectId: id.api })
    return created
  }).catch((error) => {
    if (isUniqueViolation(error))
      throw new ApiError('conflict', `The slug ${body.slug} is taken; choose another.`, [{ path: 'slug', message: 'already taken' }])
    throw error
  })
  c.header('ETag', etagOf(row.version))
  return c.json(toTenant(row), 201)
}

export const listTenantsHandler: RouteHandler<typeof listTenantsRoute, AppEnv> = async (c) => {
  const { limit, cursor } = c.req.valid('query')
  const rows = await withPlatform(c.var.db, (tx) => listTenants(tx, limit, decodeIdCursor(cursor)))
  return c.json(
    page(rows, limit, (r) => r.id, toTenant),
    200,
  )
}

const platformTenant = async (c: Parameters<RouteHandler<typeof getTenant, AppEnv>>[0]) => {
  const { tenant_id } = c.req.valid('param')
  const row = await withPlatform(c.var.db, (tx) => findTenant(tx, uuidOf(prefixes.tenant, tenant_id, 'tenant')))
  if (!row) throw notFound('tenant', tenant_id)
  return row
}

export const getTenantHandler: RouteHandler<typeof getTenant, AppEnv> = async (c) => {
  const row = await platformTenant(c)
  c.header('ETag', etagOf(row.version))
  return c.json(toTenant(row), 200)
}

const setStatus =
  (status: 'active' | 'suspended'): RouteHandler<typeof suspendTenant | typeof reactivateTenant, AppEnv> =>
  async (c) => {
    const { tenant_id } = c.req.valid('param')
    const uuid = uuidOf(prefixes.tenant, tenant_id, 'tenant')
    const actor = actorOf(c.var.principal, c.var.requestId)
    const row = await withPlatform(c.var.db, async (tx) => {
      const updated = await updateTenant(tx, uuid, { status })
      if (!updated) throw notFound('tenant', tenant_id)
      const action = status === 'active' ? 'tenant.reactivated' : 'tenant.suspended'
      await recordAudit(await enterTenant(tx, uuid, actor), { action, objectType: 'tenant', objectId: tenant_id })
      return updated
    })
    return c.json(toTenant(row), 200)
  }

export const suspendTenantHandler = setStatus('suspended')
export const reactivateTenantHandler = setStatus('active')

export const getCurrentTenantHandler: RouteHandler<typeof getCurrentTenant, AppEnv> = async (c) => {
  const row = await c.var.inTenant(async (scope) => {
    const found = await findOwnTenant(scope)
    if (!found) throw notFound('tenant', toApiId(prefixes.tenant, scope.tenantId))
    return found
  })
  c.header('ETag', etagOf(row.version))
  return c.json(toTenant(row), 200)
}

export const updateCurrentTenantHandler: RouteHandler<typeof updateCurrentTenant, AppEnv> = async (c) => {
  const body = c.req.valid('json')
  const expected = versionFromIfMatch(c.req.valid('header')['if-match'])
  const { branding, ...rest } = body
  const row = await c.var.inTenant(async (scope) => {
    const updated = await updateOwnTenant(scope, { ...rest, ...(branding ? { branding } : {}) }, expected)
    if (!updated) throw staleVersion()
    await recordAudit(scope, {
      action: 'tenant.updated',
      objectType: 'tenant',
      objectId: toApiId(prefixes.tenant, scope.tenantId),
      details: { fields: Object.keys(body) },
    })
    return updated
  })
  c.header('ETag', etagOf(row.version))
  return c.json(toTenant(row), 200)
}
