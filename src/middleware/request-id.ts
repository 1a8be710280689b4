import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { newId, prefixes } from '../lib/ids'
import { setResponseHeader } from '../lib/response-headers'

const SANE_ID = /^[A-Za-z0-9._:-]{8,128}$/

/** Names every request (a sane incoming X-Request-Id is kept) and logs one JSON line for it. */
export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const incoming = c.req.header('x-request-id')
  const id = incoming && SANE_ID.test(incoming) ? incoming : newId(prefixes.request).api
  c.set('requestId', id)
  const started = performance.now()
  await next()
  setResponseHeader(c, 'X-Request-Id', id)
  const principal = c.get('principal')
  c.var.config.log({
    time: new Date().toISOString(),
    request_id: id,
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    duration_ms: Math.round((performance.now() - started) * 10) / 10,
    tenant_id: principal && 'tenantId' in principal ? principal.tenantId : undefined,
  })
})
