import { createApp } from '../../src/app'
import { loadConfig } from '../../src/config'
import { connectPostgres, type Database } from '../../src/db/client'
import { migrateToLatest } from '../../src/db/migrate'
import { openPglite } from '../../src/db/pglite'
import { generateSigningJwk } from '../../src/lib/jwt'
import { randomToken } from '../../src/lib/secrets'

/** The database of this worker: the server of TEST_DATABASE_URL, or one embedded Postgres. */
export const onRealServer = Boolean(process.env.TEST_DATABASE_URL)

const openTestDatabase = async (): Promise<Database> => {
  if (process.env.TEST_DATABASE_URL) return connectPostgres(process.env.TEST_DATABASE_URL, 20)
  const database = await openPglite()
  await migrateToLatest(database.db)
  return database
}

const build = async () => {
  const database = await openTestDatabase()
  const config = await loadConfig({ PLATFORM_API_KEY: `pk_${randomToken(32)}`, LOG_LEVEL: 'silent' }, { jwtPrivateKeys: [await generateSigningJwk()] })
  const app = createApp({ config, database: () => database.db })
  return { app, config, database, db: database.db }
}

let shared: ReturnType<typeof build> | undefined

/** The app under test, built once per worker around the worker's database. */
export const testApp = () => {
  shared ??= build()
  return shared
}
