import { PGlite } from '@electric-sql/pglite'
import { type CompiledQuery, type Driver, Kysely, type QueryResult } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import type { Database } from './client'
import { HoldingConnection, HoldingDriver } from './holding-connection'
import type { DB } from './types'

/**
 * PGlite's one connection, holding statements as the server's connections do (holding-connection.ts),
 * so the suite on PGlite shows the order the server path runs statements in. A batch runs one
 * statement after another, each after the one sent before it.
 */
class PGliteConnection extends HoldingConnection {
  /** The statement sent last: the next one runs once it is answered. */
  private last: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly pglite: PGlite,
    readonly release: () => void,
  ) {
    super()
  }

  get closed() {
    return this.pglite.closed
  }

  send<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const run = this.last.then(() => this.run<R>(query))
    this.last = run.catch(() => {})
    return run
  }

  /** As with postgres.js, a statement without parameters goes by the simple protocol (`exec`), so it may hold several commands. */
  private async run<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = query.parameters.length === 0 ? (await this.pglite.exec(query.sql)).at(-1) : await this.pglite.query(query.sql, [...query.parameters])
    const affected = result?.affectedRows
    return { numAffectedRows: affected ? BigInt(affected) : undefined, rows: (result?.rows ?? []) as R[] }
  }

  protected async *stream<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.send<R>(query)
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) }
  }
}

/** One lease of the connection at a time: a transaction keeps it from its BEGIN to its end. */
class PGliteDriver extends HoldingDriver<PGliteConnection> {
  /** Settles when the current lease ends. */
  private free: Promise<void> = Promise.resolve()

  constructor(private readonly pglite: PGlite) {
    super()
  }
  async init() {}
  async acquireConnection() {
    const previous = this.free
    let release = () => {}
    this.free = new Promise((resolve) => {
      release = resolve
    })
    await previous
    return new PGliteConnection(this.pglite, release)
  }
  async releaseConnection(connection: PGliteConnection) {
    connection.release()
  }
  async destroy() {
    await this.pglite.close()
  }
}

/** The PGlite dialect's adapter, introspector and query compiler, with the driver above. */
class HoldingPGliteDialect extends PGliteDialect {
  constructor(private readonly pglite: PGlite) {
    super(pglite)
  }
  override createDriver(): Driver {
    return new PGliteDriver(this.pglite)
  }
}

/** Embedded Postgres for zero-setup local runs and tests; `dataDir` undefined keeps it in memory. */
export const openPglite = async (dataDir?: string): Promise<Database> => {
  const pglite = await PGlite.create({
    dataDir,
    parsers: { 1082: (v: string) => v, 20: (v: string) => Number(v) },
  })
  const db = new Kysely<DB>({ dialect: new HoldingPGliteDialect(pglite) })
  return { db, close: () => db.destroy() }
}
