import type { sql } from 'kysely'
import { connectPostgres } from '../src/db/client'
import { withTenant } from '../src/db/tenant'

/**
 * The cost of the tenant transaction (BEGIN, set role and tenant, query, COMMIT) against the same
 * query sent alone by the owner, at the same concurrency through the same kind of pool.
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
    const plain = () => query(tenantId).execute(db)
    const scoped = () => withTenant(db, tenantId, (tx) => query(tenantId).execute(tx))
    await run(plain)
    await run(scoped)
    const plainMs = await run(plain)
    const scopedMs = await run(scoped)
    return { plainMs, scopedMs, overhead: scopedMs / plainMs - 1 }
  } finally {
    await close()
  }
}
