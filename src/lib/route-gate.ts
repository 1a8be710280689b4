import type { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { ApiError } from './errors'

type Known = { method: string; pattern: RegExp }

const toPattern = (path: string) =>
  new RegExp(
    `^${path
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\/:[^/]+/g, '/[^/]+')
      .replace(/\/\*$/, '(?:/.*)?')}/?$`,
  )

/**
 * Answers 404 for a path no route declares and 405 (with Allow) for a declared path in another
 * method, before any surface's authentication runs.
 */
export const routeGate = (app: Hono<AppEnv>) => {
  let known: Known[] | undefined
  return createMiddleware<AppEnv>(async (c, next) => {
    known ??= app.routes.filter((r) => r.method !== 'ALL').map((r) => ({ method: r.method, pattern: toPattern(r.path) }))
    const matching = known.filter((r) => r.pattern.test(c.req.path))
    if (matching.length === 0) throw new ApiError('not_found', `No route ${c.req.path}; see /docs for the API reference.`)
    const allowed = new Set(matching.map((r) => r.method))
    if (allowed.has('GET')) allowed.add('HEAD')
    if (!allowed.has(c.req.method) && c.req.method !== 'OPTIONS') {
      throw new ApiError('method_not_allowed', `${c.req.path} does not accept ${c.req.method}; it accepts ${[...allowed].join(', ')}.`, undefined, {
        Allow: [...allowed].join(', '),
      })
    }
    await next()
  })
}
