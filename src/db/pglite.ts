import { PGlite } from '@electric-sql/pglite'
import { Kysely } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import type { Database } from './client'
import type { DB } from './types'

/** Embedded Postgres for zero-setup local runs and tests; `dataDir` undefined keeps it in memory. */
export const openPglite = async (dataDir?: string): Promise<Database> => {
  const pglite = await PGlite.create({
    dataDir,
    parsers: { 1082: (v: string) => v, 20: (v: string) => Number(v) },
  })
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) })
  return { db, close: () => db.destroy() }
}
