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

/** One connection's client, as the pool takes it (see single-connection-pool.ts). */
export const connectionOptions = (onclose: () => void, connectTimeoutSeconds = 5) => ({
  ...postgresOptions(1),
  onclose,
  // The pool replaces connections past their lifetime when they are free, never under a transaction.
  max_lifetime: null,
  // A server that does not answer fails requests fast (503) instead of holding them for 30 s.
  connect_timeout: connectTimeoutSeconds,
})

/** Between 30 and 60 minutes, as postgres.js's `max_lifetime`: long enough for prepared statements, spread out. */
const lifetimeMs = () => 60_000 * (30 + Math.random() * 30)

export type ConnectOptions = {
  /** Seconds a connection attempt may take (`DATABASE_CONNECT_TIMEOUT`). */
  connectTimeoutSeconds?: number
  /** Seconds `close` lets statements in flight finish before it cuts their connections. */
  closeTimeoutSeconds?: number
}

export const connectPostgres = (url: string, max = 10, options: ConnectOptions = {}): Database => {
  const db = new Kysely<DB>({
    dialect: new PipelinedPostgresJSDialect({
      connect: (onclose) => postgres(url, connectionOptions(onclose, options.connectTimeoutSeconds)),
      size: max,
      lifetimeMs,
      endTimeoutSeconds: options.closeTimeoutSeconds ?? 5,
      prepare: true,
    }),
  })
  return { db, close: () => db.destroy() }
}
