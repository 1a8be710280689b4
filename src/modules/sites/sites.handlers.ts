import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { notFound } from '../../lib/errors'
import { etagOf, versionFromIfMatch } from '../../lib/etag'
import { prefixes, toApiId, uuidOf } from '../../lib/ids'
import { decodeIdCursor, page } from '../../lib/pagination'
import { findSite, listSites } from './sites.repo'
import type { createSite, deleteSite, getSite, listSites as listSitesRoute, updateSite } from './sites.routes'
import * as sites from './sites.service'

export const createSiteHandler: RouteHandler<typeof createSite, AppEnv> = async (c) => {
  const row = await c.var.inTenant((scope) => sites.createSite(scope, c.req.valid('json')))
  c.header('ETag', etagOf(row.version))
  return c.json(sites.toSite(row), 201)
}

export const listSitesHandler: RouteHandler<typeof listSitesRoute, AppEnv> = async (c) => {
  const { limit, cursor } = c.req.valid('query')
  const rows = await c.var.inTenant((scope) => listSites(scope, limit, decodeIdCursor(cursor)))
  return c.json(
    page(rows, limit, (r) => r.id, sites.toSite),
    200,
  )
}

export const getSiteHandler: RouteHandler<typeof getSite, AppEnv> = async (c) => {
  const { site_id } = c.req.valid('param')
  const row = await c.var.inTenant((scope) => findSite(scope, uuidOf(prefixes.site, site_id, 'site')))
  if (!row) throw notFound('site', site_id)
  c.header('ETag', etagOf(row.version))
  return c.json(sites.toSite(row), 200)
}

export const updateSiteHandler: RouteHandler<typeof updateSite, AppEnv> = async (c) => {
  const { site_id } = c.req.valid('param')
  const id = uuidOf(prefixes.site, site_id, 'site')
  const expected = versionFromIfMatch(c.req.valid('header')['if-match'])
  const row = await c.var.inTenant((scope) => sites.updateSite(scope, id, c.req.valid('json'), expected))
  if (!row) throw notFound('site', site_id)
  c.header('ETag', etagOf(row.version))
  return c.json(sites.toSite(row), 200)
}

export const deleteSiteHandler: RouteHandler<typeof deleteSite, AppEnv> = async (c) => {
  const { site_id } = c.req.valid('param')
  const id = uuidOf(prefixes.site, site_id, 'site')
  const expected = versionFromIfMatch(c.req.valid('header')['if-match'])
  const deleted = await c.var.inTenant((scope) => sites.deleteSite(scope, id, expected))
  if (!deleted) throw notFound('site', site_id)
  return c.json({ id: toApiId(prefixes.site, id), object: 'site' as const, deleted: true as const }, 200)
}
