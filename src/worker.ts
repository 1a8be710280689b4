import type { ExecutionContext } from 'hono'
import { Kysely } from 'kysely'
import postgres from 'postgres'
import { type App, createApp } from './app'
import { loadConfig } from './config'
import { connectionOptions } from './db/client'
import { PipelinedPostgresJSDialect } from './db/pipelined-dialect'
import type { DB } from './db/types'
import type { Config } from './env'
import { problemBody } from './lib/errors'
import { newId, prefixes } from './lib/ids'
import { deliverOutbox, runBillingSweep } from './modules/billing'

/** The bindings wrangler.toml declares: the Hyperdrive configuration, vars and secrets. */
export type WorkerEnv = {
  HYPERDRIVE: { connectionString: string }
  PLATFORM_API_KEY: string
  JWT_PRIVATE_KEYS: string
  JWT_ISSUER?: string
  LOG_LEVEL?: string
  MAX_BODY_BYTES?: string
}

/** What the app sees as `c.env`: the bindings plus this request's database. */
type RequestEnv = WorkerEnv & { database: Kysely<DB> }

/** A Worker request may hold six connections open at once; keep one for anything else. */
const CONNECTIONS_PER_REQUEST = 5

/**
 * A database for one request: a module-level client does not survive across requests on
 * Workers. Nothing connects until the first query (the pool never calls postgres.js's `reserve()`,
 * which hangs in workerd as the first operation of a fresh client).
 */
const openRequestDatabase = (connectionString: string) =>
  new Kysely<DB>({
    dialect: new PipelinedPostgresJSDialect({
      connect: (onclose) => postgres(connectionString, connectionOptions(onclose)),
      size: CONNECTIONS_PER_REQUEST,
    }),
  })

/** Configuration and app, built once per isolate; a failure is not kept, so fixed secrets apply at once. */
let app: Promise<{ app: App; config: Config }> | undefined
const appFor = (env: WorkerEnv) => {
  app ??= loadConfig(env)
    .then((config) => ({ config, app: createApp({ config, database: (c) => (c.env as RequestEnv).database }) }))
    .catch((error) => {
      app = undefined
      throw error
    })
  return app
}

/** Bad or missing secrets: the reason goes to the log, the client gets a plain 500 problem. */
const misconfigured = (error: unknown) => {
  const requestId = newId(prefixes.request).api
  console.error(JSON.stringify({ level: 'error', request_id: requestId, message: `configuration: ${error instanceof Error ? error.message : String(error)}` }))
  const body = problemBody('internal_error', 'The service is not configured correctly; the request id helps the operator find out why.', requestId)
  return Response.json(body, { status: body.status, headers: { 'Content-Type': 'application/problem+json', 'X-Request-Id': requestId } })
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    let ready: { app: App; config: Config }
    try {
      ready = await appFor(env)
    } catch (error) {
      return misconfigured(error)
    }
    const database = openRequestDatabase(env.HYPERDRIVE.connectionString)
    const response = await ready.app.fetch(request, { ...env, database } satisfies RequestEnv, ctx)
    // A write may have left outbox messages (Stripe calls): they go out once the response has (docs/billing.md).
    if (request.method !== 'GET' && request.method !== 'HEAD')
      ctx.waitUntil(deliverOutbox(database, ready.config).catch((e) => ready.config.log({ level: 'error', message: `outbox: ${e}` })))
    return response
  },

  /** The cron trigger (wrangler.toml `[triggers] crons`): expired seat holds, subscription reconciliation, outbox retries. */
  async scheduled(_controller: unknown, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
    const { config } = await appFor(env)
    ctx.waitUntil(runBillingSweep(openRequestDatabase(env.HYPERDRIVE.connectionString), config))
  },
}
