import type { RouteHandler } from '@hono/zod-openapi'
import { type AppEnv, tenantIdOf } from '../../env'
import { actorOf } from '../../lib/audit'
import { ApiError } from '../../lib/errors'
import { etagOf, versionFromIfMatch } from '../../lib/etag'
import type { deleteSsoSettings, getSsoSettings, putSsoSettings } from './sso.routes'
import * as sso from './sso.service'

export const getSsoSettingsHandler: RouteHandler<typeof getSsoSettings, AppEnv> = async (c) => {
  const tenantId = tenantIdOf(c.var.principal)
  const row = await c.var.inTenant((tx) => sso.findSsoSettings(tx, tenantId))
  if (!row) throw new ApiError('not_found', 'SSO is not configured for this tenant; PUT /v1/tenant/sso configures it.')
  c.header('ETag', etagOf(row.version))
  return c.json(sso.toSsoSettings(row), 200)
}

export const putSsoSettingsHandler: RouteHandler<typeof putSsoSettings, AppEnv> = async (c) => {
  const expected = versionFromIfMatch(c.req.valid('header')['if-match'])
  const tenantId = tenantIdOf(c.var.principal)
  const actor = actorOf(c.var.principal, c.var.requestId)
  const row = await c.var.inTenant((tx) => sso.putSsoSettings(tx, tenantId, actor, c.req.valid('json'), expected))
  c.header('ETag', etagOf(row.version))
  return c.json(sso.toSsoSettings(row), 200)
}

export const deleteSsoSettingsHandler: RouteHandler<typeof deleteSsoSettings, AppEnv> = async (c) => {
  const tenantId = tenantIdOf(c.var.principal)
  const actor = actorOf(c.var.principal, c.var.requestId)
  await c.var.inTenant((tx) => sso.deleteSsoSettings(tx, tenantId, actor))
  return c.body(null, 204)
}
