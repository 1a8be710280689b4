import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { sql } from 'kysely'
import { withRuntime, withTenant } from '../../db/tenant'
import type { AppEnv } from '../../env'
import { setResponseHeader } from '../../lib/response-headers'
import { findPortalSettings } from '../identity'

const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE'
const ALLOW_HEADERS = 'Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match, X-Request-Id'
const EXPOSE_HEADERS = 'ETag, X-Request-Id, Idempotent-Replayed, WWW-Authenticate, Content-Disposition'
const PREFLIGHT_MAX_AGE_S = '600'

/** Lets CORS judge this response by the tenant's own origins (public routes and the token endpoint), and by those origins when already read. */
export const corsTenant = (c: Context<AppEnv>, id: string, origins?: string[]) => c.set('corsTenant', { id, origins })

const isAnyPortalOrigin = async (c: Context<AppEnv>, origin: string) =>
  withRuntime(c.var.db, async (tx) => (await sql<{ ok: boolean }>`select is_portal_origin(${origin}) as ok`.execute(tx)).rows[0]?.ok === true)

const tenantAdmits = async (c: Context<AppEnv>, tenant: AppEnv['Variables']['corsTenant'], origin: string) =>
  (tenant.origins ?? (await withTenant(c.var.db, tenant.id, (scope) => findPortalSettings(scope))).origins).includes(origin)

/**
 * CORS for the portal surface and the token endpoint. A response is readable from an origin the
 * tenant of the request configured (`PUT /v1/tenant/portal`). A preflight carries no credential,
 * so it admits an origin some tenant configured; so do responses that fail before the tenant is
 * known (e.g. 401), so the portal can read why.
 */
export const portalCors = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.req.header('origin')
  if (c.req.method === 'OPTIONS') {
    c.header('Vary', 'Origin')
    if (origin && c.req.header('access-control-request-method') && (await isAnyPortalOrigin(c, origin))) {
      c.header('Access-Control-Allow-Origin', origin)
      c.header('Access-Control-Allow-Methods', ALLOW_METHODS)
      c.header('Access-Control-Allow-Headers', ALLOW_HEADERS)
      c.header('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_S)
    }
    return c.body(null, 204)
  }
  await next()
  setResponseHeader(c, 'Vary', 'Origin', { append: true })
  if (!origin) return
  const principal = c.get('principal')
  const known = principal?.kind === 'employee' ? { id: principal.tenantId } : c.get('corsTenant')
  const admitted = known ? await tenantAdmits(c, known, origin) : await isAnyPortalOrigin(c, origin)
  if (admitted) {
    setResponseHeader(c, 'Access-Control-Allow-Origin', origin)
    setResponseHeader(c, 'Access-Control-Expose-Headers', EXPOSE_HEADERS)
  }
})
