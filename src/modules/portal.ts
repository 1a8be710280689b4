import { except } from 'hono/combine'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { createRouter } from '../lib/router'
import { idempotency } from '../middleware/idempotency'
import { brandingPublic, portalCors } from './branding'
import { children } from './children'
import { enrollmentsPortal } from './enrollments'
import { portalAuth } from './oauth'

/** The portal's public routes (no credential): branding by tenant slug or portal host. */
const isPublic = (path: string) => /^\/v1\/portal\/tenants\/[^/]+$/.test(path) || /^\/v1\/portal\/calendar\/[^/]+$/.test(path)

/** Children's data is personal: no cache, shared or private, keeps a portal response. */
const noStore = createMiddleware<AppEnv>(async (c, next) => {
  await next()
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store')
})

/**
 * The employees' surface, under /v1/portal. CORS admits the tenant's portal origins; every route
 * but the public ones needs an employee access token, is not cached, and honours Idempotency-Key on POST.
 */
export const portal = createRouter()
  .use('*', portalCors)
  .use(
    '*',
    except((c) => isPublic(c.req.path), noStore, portalAuth, idempotency),
  )
  .route('/', brandingPublic)
  .route('/', children)
  .route('/', enrollmentsPortal)
