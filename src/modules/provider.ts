import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { createRouter } from '../lib/router'
import { idempotency } from '../middleware/idempotency'
import { attendanceProvider } from './attendance'
import { providerAuth } from './provider-access'
import { providerFeed } from './provider-feed'
import { roster } from './roster'

/** Children's data is personal: no cache, shared or private, keeps a provider response. */
const noStore = createMiddleware<AppEnv>(async (c, next) => {
  await next()
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store')
})

/**
 * The contracted providers' surface, under /v1/provider: every route needs a contract access
 * token (checked against the contract on every request), is not cached, and honours
 * Idempotency-Key on POST.
 */
export const provider = createRouter()
  .use('*', noStore)
  .use('*', providerAuth)
  .use('*', idempotency)
  .route('/', roster)
  .route('/', attendanceProvider)
  .route('/', providerFeed)
