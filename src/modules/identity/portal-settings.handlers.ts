import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { etagOf, versionFromIfMatch } from '../../lib/etag'
import type { getPortalSettings, putPortalSettings } from './portal-settings.routes'
import * as settings from './portal-settings.service'

export const getPortalSettingsHandler: RouteHandler<typeof getPortalSettings, AppEnv> = async (c) => {
  const view = await c.var.inTenant((scope) => settings.findPortalSettings(scope))
  c.header('ETag', etagOf(view.version))
  return c.json(settings.toPortalSettings(view), 200)
}

export const putPortalSettingsHandler: RouteHandler<typeof putPortalSettings, AppEnv> = async (c) => {
  const expected = versionFromIfMatch(c.req.valid('header')['if-match'])
  const view = await c.var.inTenant((scope) => settings.putPortalSettings(scope, c.req.valid('json'), expected))
  c.header('ETag', etagOf(view.version))
  return c.json(settings.toPortalSettings(view), 200)
}
