import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import { apiReference } from './api-reference'
import { isDatabaseUnavailable } from './db/errors'
import type { DB } from './db/types'
import type { AppEnv, Config } from './env'
import { ApiError, databaseUnavailable, type ErrorCode, problemBody } from './lib/errors'
import { securitySchemes } from './lib/openapi'
import { routeGate } from './lib/route-gate'
import { createRouter } from './lib/router'
import { requestId } from './middleware/request-id'
import { admin } from './modules/admin'
import { stripeWebhook } from './modules/billing'
import { MAX_IMPORT_BODY_BYTES } from './modules/employees'
import { oauth } from './modules/oauth'
import { platform } from './modules/platform'
import { portal } from './modules/portal'
import { provider } from './modules/provider'

export const API_INFO = {
  title: 'Tuoguan API',
  version: '1.0.0',
  description:
    'Employer-sponsored childcare programs. Four surfaces share one API: **Platform** (the operator), **Admin** (HR of one employer), **Portal** (employees) and **Provider** (contracted care providers). Errors are RFC 9457 problem details with a stable `code`.',
} as const

export type AppDeps = {
  config: Config
  /** The database for this request: a shared pool on Node, a client per request on Workers. */
  database: (c: Context<AppEnv>) => Kysely<DB> | Promise<Kysely<DB>>
}

const problem = (
  c: Context<AppEnv>,
  code: ErrorCode,
  detail: string,
  extra?: { errors?: { path: string; message: string }[]; headers?: Record<string, string> },
) => {
  const body = problemBody(code, detail, c.get('requestId') ?? 'unknown', extra?.errors)
  return c.newResponse(JSON.stringify(body), body.status, { 'Content-Type': 'application/problem+json', ...extra?.headers })
}

export const createApp = ({ config, database }: AppDeps) => {
  const app = createRouter()

  app.use('*', async (c, next) => {
    c.set('config', config)
    c.set('db', await database(c))
    await next()
  })
  app.use('*', requestId)
  app.use('*', routeGate(app))
  // Bodies are limited before any middleware reads them; a few routes take more than MAX_BODY_BYTES.
  const limitOf = (maxSize: number): MiddlewareHandler<AppEnv> => {
    const tooLarge = () => {
      throw new ApiError('payload_too_large', `The body exceeds ${maxSize} bytes.`)
    }
    const streamed = bodyLimit({ maxSize, onError: tooLarge })
    // A declared length is checked as bodyLimit does, without asking for the body first, which on
    // Node builds the whole Request (and takes reading it off @hono/node-server's fast path).
    return (c, next) => {
      const length = c.req.header('content-length')
      if (length === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next)
      return Number.parseInt(length, 10) > maxSize ? tooLarge() : next()
    }
  }
  const defaultLimit = limitOf(config.maxBodyBytes)
  const largerLimits = new Map([['POST /v1/employees/import', limitOf(Math.max(MAX_IMPORT_BODY_BYTES, config.maxBodyBytes))]])
  // GET and HEAD carry no body (a fetch Request refuses one).
  app.use('*', (c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : (largerLimits.get(`${c.req.method} ${c.req.path}`) ?? defaultLimit)(c, next),
  )

  app.get('/healthz', (c) => c.json({ status: 'ok' }))
  app.get('/readyz', async (c) => {
    try {
      await sql`select 1`.execute(c.var.db)
      return c.json({ status: 'ok', database: 'reachable' })
    } catch {
      throw databaseUnavailable()
    }
  })
  app.get('/.well-known/jwks.json', (c) => {
    c.header('Cache-Control', 'public, max-age=300')
    return c.json(config.tokens.jwks())
  })

  app.route('/v1/platform', platform)
  app.route('/v1/oauth', oauth)
  app.route('/v1/portal', portal)
  app.route('/v1/provider', provider)
  app.route('/v1/stripe', stripeWebhook)
  app.route('/v1', admin)

  app.openAPIRegistry.registerComponent('securitySchemes', 'platformKey', securitySchemes.platformKey)
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', securitySchemes.apiKey)
  app.openAPIRegistry.registerComponent('securitySchemes', 'portalToken', securitySchemes.portalToken)
  app.openAPIRegistry.registerComponent('securitySchemes', 'providerToken', securitySchemes.providerToken)

  let document: string | undefined
  app.get('/openapi.json', (c) => {
    document ??= JSON.stringify(openApiDocument(app))
    return c.body(document, 200, { 'Content-Type': 'application/json' })
  })
  app.route('/docs', apiReference({ title: API_INFO.title, documentUrl: '/openapi.json' }))

  app.notFound((c) => problem(c, 'not_found', `No route ${c.req.path}; see /docs for the API reference.`))
  app.onError((error, c) => {
    if (error instanceof ApiError) return problem(c, error.code, error.detail, { errors: error.errors, headers: error.headers })
    if (error instanceof HTTPException && error.status === 400) return problem(c, 'malformed_request', 'The body is not well-formed JSON.')
    if (error instanceof HTTPException && error.status === 415) return problem(c, 'unsupported_media_type', 'This route takes application/json.')
    if (isDatabaseUnavailable(error)) {
      config.log({ level: 'warn', request_id: c.get('requestId'), message: `database unavailable: ${error.message}` })
      const unavailable = databaseUnavailable()
      return problem(c, unavailable.code, unavailable.detail, { headers: unavailable.headers })
    }
    config.log({ level: 'error', request_id: c.get('requestId'), message: error.message, stack: error.stack })
    return problem(c, 'internal_error', 'Something went wrong on our side; the request id helps us find it.')
  })
  return app
}

export type App = ReturnType<typeof createApp>

export const openApiDocument = (app: App) =>
  app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: API_INFO,
    servers: [{ url: 'http://localhost:8787', description: 'Local (npm start)' }],
    tags: [
      { name: 'Public', description: "No credential: what a branded portal shows before sign-in, the private calendar URL, and Stripe's signed webhook." },
      { name: 'Employee sign-in', description: "The token endpoint, and HR's SSO settings, portal origins and invitation codes." },
      { name: 'Platform', description: 'The operator: tenants and their first keys.' },
      { name: 'Tenant', description: "Admin surface: the tenant's own settings." },
      { name: 'API keys', description: 'Admin surface: keys for HR systems.' },
      { name: 'Audit', description: 'Admin surface: who changed what.' },
      { name: 'Sites', description: 'Admin surface: the places where care happens.' },
      { name: 'Programs', description: 'Admin surface: programs, their age rules, schedules, lifecycle, groups and service calendar.' },
      { name: 'Providers', description: 'Admin surface: the care providers the employer works with.' },
      { name: 'Contracts', description: 'Admin surface: contracts binding a provider to programs, and their client credentials.' },
      { name: 'Employees', description: 'Admin surface: the employee roster and its bulk import.' },
      { name: 'Enrollments', description: 'Admin surface: enrollments by program, the waitlist in order, cancellation.' },
      { name: 'Attendance', description: 'Admin surface: the day of a program, as JSON or CSV.' },
      { name: 'Billing', description: "Admin surface: the tenant's subscription; and Stripe's webhook." },
      { name: 'Portal: programs', description: 'Portal surface: published programs, with whether each child may enroll and why not.' },
      { name: 'Portal: children', description: "Portal surface: the signed-in employee's children, with guardian consent." },
      { name: 'Portal: enrollments', description: 'Portal surface: enrolling, the waitlist position, withdrawing.' },
      { name: 'Portal: absences', description: 'Portal surface: reporting a child absent on service days.' },
      { name: 'Portal: calendar', description: "Portal surface: the employee's private calendar URL." },
      { name: 'Provider', description: "Provider surface: the day's roster, check-in and check-out, the feed of changes, attendance export." },
    ],
  })
