import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { ApiError } from '../../lib/errors'
import { etagOf, versionFromIfMatch } from '../../lib/etag'
import type { deleteSsoSettings, getSsoSettings, putSsoSettings } from './sso.routes'
import * as sso from './sso.service'

export const getSsoSettingsHandler: RouteHandler<typeof getSsoSettings, AppEnv> = async (c) => {
  const row = await c.var.inTenant((scope) => sso.findSsoSettings(scope))
  if (!row) throw new ApiError('not_found', 'SSO is not configured for this tenant; PUT /v1/tenant/sso configures it.')
  c.header('ETag', etagOf(row.version))
  return c.json(sso.toSsoSettings(row), 200)
}

export const putSsoSettingsHandler: RouteHandler<typeof putSsoSettings, AppEnv> = async (c) => {
  const expected = versionFromIfMatch(c.req.valid('header')['if-match'])
  const row = await c.var.inTenant((scope) => sso.putSsoSettings(scope, c.req.valid('json'), expected))
  c.header('ETag', etagOf(row.version))
  return c.json(sso.toSsoSettings(row), 200)
}

export const deleteSsoSettingsHandler: RouteHandler<typeof deleteSsoSettings, AppEnv> = async (c) => {
  await c.var.inTenant((scope) => sso.deleteSsoSettings(scope))
  return c.body(null, 204)
}
