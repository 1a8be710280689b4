import { connectPostgres } from '../../src/db/client'
import { migrateToLatest } from '../../src/db/migrate'

/** Against a real server, migrate once before the workers start; PGlite workers migrate their own. */
export default async function setup() {
  const url = process.env.TEST_DATABASE_URL
  if (!url) return
  const owner = connectPostgres(url, 1)
  try {
    await migrateToLatest(owner.db)
  } finally {
    await owner.close()
  }
}
