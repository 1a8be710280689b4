import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { serve } from '@hono/node-server'
import type { JWK } from 'jose'
import { createApp } from './app'
import { loadConfig } from './config'
import { connectPostgres, type Database } from './db/client'
import { migrateToLatest } from './db/migrate'
import { survivePostgresOrphanRejections } from './db/orphan-rejections'
import { openPglite } from './db/pglite'
import { generateSigningJwk } from './lib/jwt'
import { randomToken } from './lib/secrets'
import { startBillingLoop } from './modules/billing'
import { startDemo } from './seed/start'

const dataDir = resolve(process.env.TUOGUAN_DATA_DIR ?? '.data')
const port = Number(process.env.PORT ?? 8787)
const seconds = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a number of seconds above 0`)
  return value
}
/** README, "During an outage": how long a client may take to send its request, and a shutdown's bound. */
const HEADERS_TIMEOUT_S = seconds('HTTP_HEADERS_TIMEOUT', 10)
const REQUEST_TIMEOUT_S = seconds('HTTP_REQUEST_TIMEOUT', 30)
const SHUTDOWN_GRACE_S = seconds('SHUTDOWN_GRACE', 5)

/** Secrets the embedded setup generates once and keeps beside its database. */
type LocalSecrets = { platform_api_key: string; jwt_private_keys: JWK[] }

const localSecrets = async (): Promise<LocalSecrets> => {
  const file = join(dataDir, 'secrets.json')
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8'))
  const secrets = { platform_api_key: `pk_${randomToken(32)}`, jwt_private_keys: [await generateSigningJwk()] }
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 })
  return secrets
}

const openDatabase = async (): Promise<Database> => {
  const url = process.env.DATABASE_URL
  if (!url) {
    const database = await openPglite(join(dataDir, 'pglite'))
    await migrateToLatest(database.db)
    return database
  }
  // Migrations run as the owner; the app then runs as the runtime role whatever user it logs in as.
  const owner = connectPostgres(process.env.MIGRATION_DATABASE_URL ?? url, 1)
  try {
    await migrateToLatest(owner.db)
  } finally {
    await owner.close()
  }
  return connectPostgres(url, Number(process.env.DATABASE_POOL_SIZE ?? 10), {
    connectTimeoutSeconds: seconds('DATABASE_CONNECT_TIMEOUT', 5),
    closeTimeoutSeconds: Math.min(2, SHUTDOWN_GRACE_S),
  })
}

const main = async () => {
  await mkdir(dataDir, { recursive: true })
  const secrets = await localSecrets()
  const config = await loadConfig(process.env, { platformApiKey: secrets.platform_api_key, jwtPrivateKeys: secrets.jwt_private_keys })
  survivePostgresOrphanRejections(config.log)
  const database = await openDatabase()
  const app = createApp({ config, database: () => database.db })

  // The database decides whether to seed, and finishes a seed a crash cut short (src/seed/start.ts).
  // Seeding goes through the API; its requests stay out of the log, so the banner below stays readable.
  const credentialsFile = join(dataDir, 'demo-credentials.json')
  const databaseUrl = process.env.DATABASE_URL
  const credentials = await startDemo({
    app: createApp({ config: { ...config, log: () => {} }, database: () => database.db }),
    db: database.db,
    owner: async () => (databaseUrl ? connectPostgres(process.env.MIGRATION_DATABASE_URL ?? databaseUrl, 1) : { db: database.db, close: async () => {} }),
    platformApiKey: config.platformApiKey,
    file: credentialsFile,
    seed: process.env.SEED_DEMO !== 'false',
    killAfterRequests: Number(process.env.TUOGUAN_TEST_SEED_KILL_AFTER) || undefined,
  })

  // Stripe calls wait in the outbox: delivered after each write and swept every minute (docs/billing.md).
  const billing = startBillingLoop(database.db, config)
  const fetch = async (request: Request) => {
    const response = await app.fetch(request)
    if (request.method !== 'GET' && request.method !== 'HEAD') billing.kick()
    return response
  }
  // A client that trickles its headers or body is cut off instead of holding a socket (slowloris).
  // Node checks those timeouts every connectionsCheckingInterval (30 s by default).
  const serverOptions = { headersTimeout: HEADERS_TIMEOUT_S * 1000, requestTimeout: REQUEST_TIMEOUT_S * 1000, connectionsCheckingInterval: 1000 }
  const server = serve({ fetch, port, hostname: process.env.HOST ?? '127.0.0.1', serverOptions }, (info) => {
    const base = `http://localhost:${info.port}`
    const lines = [
      '',
      `Tuoguan API on ${base} (${process.env.DATABASE_URL ? 'PostgreSQL' : `embedded Postgres in ${join(dataDir, 'pglite')}`})`,
      `  API reference  ${base}/docs`,
      `  OpenAPI        ${base}/openapi.json`,
    ]
    if (credentials?.tenants.length) {
      lines.push(`  Platform key   ${credentials.platform_api_key}`, `  Demo employers (all of it is in ${credentialsFile}):`)
      for (const t of credentials.tenants) {
        lines.push(
          `    ${t.display_name} (${t.slug})`,
          `      HR API key       ${t.hr_api_key}`,
          `      provider client  ${t.provider.client_id} / ${t.provider.client_secret}`,
          `      portal invite    ${t.portal.invitation_code} (employee ${t.portal.employee_number})`,
        )
      }
      lines.push(`  Try: curl -H "Authorization: Bearer ${credentials.tenants[0]?.hr_api_key}" ${base}/v1/tenant`)
    }
    console.log(lines.join('\n'))
  })

  // Bounded: requests in flight get SHUTDOWN_GRACE seconds, then their connections are cut; the
  // database gets 2 s more for its statements. A second signal, or anything that hangs, exits at once.
  let closing = false
  const shutdown = (signal: string) => {
    if (closing) process.exit(1)
    closing = true
    console.log(`\n${signal}: closing the server and the database`)
    const http = server as import('node:http').Server
    setTimeout(() => http.closeAllConnections(), SHUTDOWN_GRACE_S * 1000).unref()
    setTimeout(() => process.exit(1), (SHUTDOWN_GRACE_S + 3) * 1000).unref()
    http.close(async () => {
      await billing.stop()
      await database.close()
      process.exit(0)
    })
    http.closeIdleConnections()
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
