import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { notFound } from '../../lib/errors'
import { etagOf, versionFromIfMatch } from '../../lib/etag'
import { prefixes, uuidOf } from '../../lib/ids'
import { decodeIdCursor, page } from '../../lib/pagination'
import type { createProvider, deleteProvider, getProvider, listProviders, updateProvider } from './providers.routes'
import * as providers from './providers.service'

export const createProviderHandler: RouteHandler<typeof createProvider, AppEnv> = async (c) => {
  const row = await c.var.inTenant((scope) => providers.createProvider(scope, c.req.valid('json')))
  c.header('ETag', etagOf(row.version))
  return c.json(providers.toProvider(row), 201)
}

export const listProvidersHandler: RouteHandler<typeof listProviders, AppEnv> = async (c) => {
  const { limit, cursor, kind } = c.req.valid('query')
  const rows = await c.var.inTenant((scope) => providers.listProviders(scope, { kind }, limit, decodeIdCursor(cursor)))
  return c.json(
    page(rows, limit, (r) => r.id, providers.toProvider),
    200,
  )
}

export const getProviderHandler: RouteHandler<typeof getProvider, AppEnv> = async (c) => {
  const { provider_id } = c.req.valid('param')
  const row = await c.var.inTenant((scope) => providers.findProvider(scope, uuidOf(prefixes.provider, provider_id, 'provider')))
  if (!row) throw notFound('provider', provider_id)
  c.header('ETag', etagOf(row.version))
  return c.json(providers.toProvider(row), 200)
}

export const updateProviderHandler: RouteHandler<typeof updateProvider, AppEnv> = async (c) => {
  const { provider_id } = c.req.valid('param')
  const id = uuidOf(prefixes.provider, provider_id, 'provider')
  const expected = versionFromIfMatch(c.req.valid('header')['if-match'])
  const row = await c.var.inTenant((scope) => providers.updateProvider(scope, id, c.req.valid('json'), expected))
  if (!row) throw notFound('provider', provider_id)
  c.header('ETag', etagOf(row.version))
  return c.json(providers.toProvider(row), 200)
}

export const deleteProviderHandler: RouteHandler<typeof deleteProvider, AppEnv> = async (c) => {
  const { provider_id } = c.req.valid('param')
  const id = uuidOf(prefixes.provider, provider_id, 'provider')
  const deleted = await c.var.inTenant((scope) => providers.deleteProvider(scope, id))
  if (!deleted) throw notFound('provider', provider_id)
  return c.json({ id: provider_id, object: 'provider' as const, deleted: true as const }, 200)
}
