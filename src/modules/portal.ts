import { except } from 'hono/combine'
import { createRouter } from '../lib/router'
import { idempotency } from '../middleware/idempotency'
import { noStore } from '../middleware/no-store'
import { brandingPublic, portalCors } from './branding'
import { children } from './children'
import { enrollmentsPortal } from './enrollments'
import { portalAuth } from './oauth'

/** The portal's public routes (no credential): branding by tenant slug or portal host. */
const isPublic = (path: string) => /^\/v1\/portal\/tenants\/[^/]+$/.test(path) || /^\/v1\/portal\/calendar\/[^/]+$/.test(path)

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
