import type { RouteHandler } from '@hono/zod-openapi'
import { withTenant } from '../../db/tenant'
import type { AppEnv } from '../../env'
import { ApiError } from '../../lib/errors'
import { sha256Hex } from '../../lib/secrets'
import { findPortalTenant } from '../identity'
import type { getPortalBranding } from './branding.routes'
import { loadBranding } from './branding.service'
import { corsTenant } from './cors'

/** Browsers revalidate after a minute; a CDN keeps it five and may serve it stale while it refreshes. */
const CACHE_CONTROL = 'public, max-age=60, s-maxage=300, stale-while-revalidate=600'

const matches = (ifNoneMatch: string | undefined, etag: string) => ifNoneMatch?.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*') === true

export const getPortalBrandingHandler: RouteHandler<typeof getPortalBranding, AppEnv> = async (c) => {
  const { slug } = c.req.valid('param')
  const tenant = await findPortalTenant(c.var.db, slug)
  if (!tenant) throw new ApiError('not_found', `No tenant has the slug or portal host ${slug}.`)
  if (tenant.tenant_status !== 'active') throw new ApiError('tenant_suspended', 'This portal is closed while its tenant is suspended.')
  const { body, origins } = await withTenant(c.var.db, tenant.tenant_id, (scope) => loadBranding(scope))
  corsTenant(c, tenant.tenant_id, origins)
  const etag = `W/"${(await sha256Hex(JSON.stringify(body))).slice(0, 32)}"`
  c.header('ETag', etag)
  c.header('Cache-Control', CACHE_CONTROL)
  if (matches(c.req.valid('header')['if-none-match'], etag)) return c.body(null, 304)
  return c.json(body, 200)
}
