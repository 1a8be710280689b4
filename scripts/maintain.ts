import { sql } from 'kysely'
import { connectPostgres } from '../src/db/client'
import { FEED_RETENTION_DAYS } from '../src/modules/feed/feed.service'

/**
 * `npm run maintain`: the retention jobs, run as the owner across tenants (schedule it, e.g.
 * hourly): feed events older than the feed's retention (a cursor behind them then answers 410
 * cursor_expired), and idempotency records past their 24 hours.
 */
const url = process.env.MIGRATION_DATABASE_URL ?? process.env.DATABASE_URL
if (!url) {
  console.error('Set DATABASE_URL (or MIGRATION_DATABASE_URL) to the Postgres server to maintain.')
  process.exit(1)
}
const owner = connectPostgres(url, 1)
try {
  const feed = await sql`delete from feed_events where occurred_at < now() - make_interval(days => ${FEED_RETENTION_DAYS})`.execute(owner.db)
  const keys = await sql`delete from idempotency_keys where created_at < now() - interval '24 hours'`.execute(owner.db)
  console.log(`removed ${feed.numAffectedRows ?? 0n} feed events and ${keys.numAffectedRows ?? 0n} idempotency records`)
} finally {
  await owner.close()
}
