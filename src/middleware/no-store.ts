import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { setResponseHeader } from '../lib/response-headers'

/** Children's data is personal: no cache, shared or private, keeps such a response. */
export const noStore = createMiddleware<AppEnv>(async (c, next) => {
  await next()
  if (!c.res.headers.has('Cache-Control')) setResponseHeader(c, 'Cache-Control', 'no-store')
})
