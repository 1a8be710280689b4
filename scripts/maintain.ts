import { sql } from 'kysely'
import { connectPostgres } from '../src/db/client'
import { removeExpiredFeedEvents } from '../src/lib/feed'

/**
 * `npm run maintain`: the retention jobs, run as the owner across tenants (schedule it, e.g.
 * hourly): feed events older than the feed's retention (a cursor behind them then answers 410
 * cursor_expired), idempotency records past their 24 hours, and exchanged id_tokens past their
 * expiry (a token past it is refused for that reason anyway).
 */
const url = process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL
if (!url) {
  console.error('Set DATABASE_URL (or MIGRATION_DATABASE_URL) to the Postgres server to maintain.')
  process.exit(1)
}
const owner = connectPostgres(url, 1)
try {
  const feed = await removeExpiredFeedEvents(owner.db)
  const keys = await sql`delete from idempotency_keys where created_at < now() - interval '24 hours'`.execute(owner.db)
  // Kept 5 minutes past `exp`: the verifier still accepts a token 60 s late.
  const idTokens = await sql`delete from exchanged_id_tokens where expires_at < now() - interval '5 minutes'`.execute(owner.db)
  console.log(`removed ${feed} feed events, ${keys.numAffectedRows ?? 0n} idempotency records and ${idTokens.numAffectedRows ?? 0n} exchanged id_tokens`)
} finally {
  await owner.close()
}
