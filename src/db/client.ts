import { Kysely } from 'kysely'
import postgres from 'postgres'
import { PipelinedPostgresJSDialect } from './pipelined-dialect'
import type { DB } from './types'

/** The one place that knows the drivers. Dates stay `YYYY-MM-DD` strings; int8 reads as a number. */
const DATE = 1082
const INT8 = 20

export type Database = { db: Kysely<DB>; close: () => Promise<void> }

export const postgresOptions = (max: number) =>
  ({
    max,
    onnotice: () => {},
    types: {
      date: { to: DATE, from: [DATE], serialize: (v: string) => v, parse: (v: string) => v },
      int8: { to: INT8, from: [INT8], serialize: (v: number) => String(v), parse: (v: string) => Number(v) },
    },
  }) satisfies postgres.Options<Record<string, postgres.PostgresType>>

export const connectPostgres = (url: string, max = 10): Database => {
  const client = postgres(url, postgresOptions(max))
  const db = new Kysely<DB>({ dialect: new PipelinedPostgresJSDialect({ postgres: client, prepare: true }) })
  return { db, close: () => db.destroy() }
}
