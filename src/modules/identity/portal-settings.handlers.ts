import type { RouteHandler } from '@hono/zod-openapi'
import { type AppEnv, tenantIdOf } from '../../env'
import { actorOf } from '../../lib/audit'
import { etagOf, versionFromIfMatch } from '../../lib/etag'
import type { getPortalSettings, putPortalSettings } from './portal-settings.routes'
import * as settings from './portal-settings.service'

export const getPortalSettingsHandler: RouteHandler<typeof getPortalSettings, AppEnv> = async (c) => {
  const tenantId = tenantIdOf(c.var.principal)
  const view = await c.var.inTenant((tx) => settings.findPortalSettings(tx, tenantId))
  c.header('ETag', etagOf(view.version))
  return c.json(settings.toPortalSettings(view), 200)
}

export const putPortalSettingsHandler: RouteHandler<typeof putPortalSettings, AppEnv> = async (c) => {
  const expected = versionFromIfMatch(c.req.valid('header')['if-match'])
  const tenantId = tenantIdOf(c.var.principal)
  const actor = actorOf(c.var.principal, c.var.requestId)
  const view = await c.var.inTenant((tx) => settings.putPortalSettings(tx, tenantId, actor, c.req.valid('json'), expected))
  c.header('ETag', etagOf(view.version))
  return c.json(settings.toPortalSettings(view), 200)
}
