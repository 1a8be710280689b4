import { sql } from 'kysely'
import { connectPostgres } from '../src/db/client'
import { withTenant } from '../src/db/tenant'

/**
 * What tenancy costs a query, at the same concurrency through the same kind of pool:
 * - `policy`: the query in a transaction under row-level security (runtime role) against the same
 *   transaction as the owner, whom RLS does not apply to: the cost of the policies themselves;
 * - `transaction`: the whole tenant transaction (BEGIN with role and tenant, the query, COMMIT)
 *   against the query sent alone: the cost of the extra round trips.
 */
export const measureRlsOverhead = async (
  url: string,
  tenantId: string,
  query: (tenantId: string) => ReturnType<typeof sql>,
  rounds = 4000,
  concurrency = 8,
) => {
  const { db, close } = connectPostgres(url, concurrency)
  const run = async (once: () => Promise<unknown>) => {
    let next = 0
    const started = performance.now()
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < rounds) await once()
      }),
    )
    return performance.now() - started
  }
  try {
    const alone = () => query(tenantId).execute(db)
    const scoped = () => withTenant(db, tenantId, ({ tx }) => query(tenantId).execute(tx))
    const asOwner = () =>
      db.transaction().execute(async (trx) => {
        await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(trx)
        return query(tenantId).execute(trx)
      })
    for (const warm of [alone, scoped, asOwner]) await run(warm)
    const aloneMs = await run(alone)
    const scopedMs = await run(scoped)
    const ownerMs = await run(asOwner)
    return { policy: scopedMs / ownerMs - 1, transaction: scopedMs / aloneMs - 1, rounds, concurrency }
  } finally {
    await close()
  }
}
