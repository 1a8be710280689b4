import type { RouteHandler } from '@hono/zod-openapi'
import { enterTenant, withPlatform } from '../../db/tenant'
import type { AppEnv } from '../../env'
import { actorOf } from '../../lib/audit'
import { notFound } from '../../lib/errors'
import { prefixes, uuidOf } from '../../lib/ids'
import { decodeIdCursor, page } from '../../lib/pagination'
import { findTenant } from '../tenants'
import type { createApiKey, createTenantApiKey, listApiKeys, revokeApiKey } from './api-keys.routes'
import * as keys from './api-keys.service'

export const createApiKeyHandler: RouteHandler<typeof createApiKey, AppEnv> = async (c) => {
  const key = await c.var.inTenant((scope) => keys.issueApiKey(scope, c.req.valid('json')))
  return c.json(key, 201)
}

export const listApiKeysHandler: RouteHandler<typeof listApiKeys, AppEnv> = async (c) => {
  const { limit, cursor } = c.req.valid('query')
  const rows = await c.var.inTenant((scope) => keys.listApiKeys(scope, limit, decodeIdCursor(cursor)))
  return c.json(
    page(rows, limit, (r) => r.id, keys.toApiKey),
    200,
  )
}

export const revokeApiKeyHandler: RouteHandler<typeof revokeApiKey, AppEnv> = async (c) => {
  const { key_id } = c.req.valid('param')
  const row = await c.var.inTenant((scope) => keys.revokeApiKey(scope, uuidOf(prefixes.apiKey, key_id, 'API key')))
  if (!row) throw notFound('API key', key_id)
  return c.json(keys.toApiKey(row), 200)
}

export const createTenantApiKeyHandler: RouteHandler<typeof createTenantApiKey, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param')
  const tenantId = uuidOf(prefixes.tenant, tenant_id, 'tenant')
  const key = await withPlatform(c.var.db, async (tx) => {
    if (!(await findTenant(tx, tenantId))) throw notFound('tenant', tenant_id)
    return keys.issueApiKey(await enterTenant(tx, tenantId, actorOf(c.var.principal, c.var.requestId)), c.req.valid('json'))
  })
  return c.json(key, 201)
}
