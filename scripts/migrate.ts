import { connectPostgres } from '../src/db/client'
import { migrateToLatest } from '../src/db/migrate'

/** `npm run migrate`: applies pending migrations to MIGRATION_DATABASE_URL (or DATABASE_URL) as the owner. */
const url = process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL
if (!url) {
  console.error('Set DATABASE_URL (or MIGRATION_DATABASE_URL) to the Postgres server to migrate.')
  process.exit(1)
}
const owner = connectPostgres(url, 1)
try {
  const applied = await migrateToLatest(owner.db)
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'already up to date')
} finally {
  await owner.close()
}
