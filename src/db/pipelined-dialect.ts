import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'
import type postgres from 'postgres'
import { sqlState } from './errors'
import { type Member, SingleConnectionPool, type SingleConnectionPoolConfig } from './single-connection-pool'

const BEGIN = CompiledQuery.raw('begin')
const COMMIT = CompiledQuery.raw('commit')

/** What a connection of this dialect adds: statements held back, and several statements in one write (see db/pipeline.ts). */
export type PipeliningConnection = DatabaseConnection & {
  defer(query: CompiledQuery): void
  executeBatch(queries: readonly CompiledQuery[], options: { commit: boolean }): Promise<QueryResult<unknown>[]>
}

export type PipelinedDialectConfig = SingleConnectionPoolConfig & {
  /**
   * Named prepared statements, kept per connection. Without them postgres.js asks Postgres for every
   * parameterised statement's types first: two round trips a statement instead of one. Worth it
   * where connections live long (Node's pool), not for a client per request (Workers).
   */
  prepare?: boolean
}

/**
 * A connection that holds a transaction's BEGIN (and the statements `defer` hands it, like the
 * tenant's settings) until its first real statement, and can send several statements, with or
 * without the COMMIT, at once: postgres.js writes queries issued in one tick as one packet and
 * Postgres answers them in order, so each batch costs one round trip.
 */
class PipelinedConnection implements PipeliningConnection {
  held: CompiledQuery[] = []
  /** The COMMIT went out with a batch: the transaction is over, and nothing more may run in it. */
  committed = false
  constructor(
    readonly member: Member,
    private readonly prepare: boolean,
  ) {}

  /** Runs on the member's connection; once that connection has closed, nothing more is sent (see single-connection-pool.ts). */
  private unsafe(query: CompiledQuery) {
    return this.member.unsafe(query.sql, [...query.parameters] as postgres.ParameterOrJSON<never>[], { prepare: this.prepare })
  }

  async send<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.unsafe(query).catch((error) => {
      // A statement the pool cancelled because the connection closed under it (single-connection-pool.ts).
      if (this.member.closed && sqlState(error) === '57014')
        throw Object.assign(new Error('CONNECTION_CLOSED: the connection closed before this statement ran'), { code: 'CONNECTION_CLOSED' })
      throw error
    })
    const { command, count } = result
    const changed = command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE'
    return { numAffectedRows: changed ? BigInt(count) : undefined, rows: Array.from(result.values()) as R[] }
  }

  defer(query: CompiledQuery) {
    this.held.push(query)
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.held.length === 0 && !this.committed) return this.send<R>(query)
    const [result] = await this.executeBatch([query], { commit: false })
    return result as QueryResult<R>
  }

  async executeBatch(queries: readonly CompiledQuery[], { commit }: { commit: boolean }) {
    // After the COMMIT, a statement would run outside the tenant's scope: refuse it.
    if (this.committed) throw new Error('this transaction was already committed with its last statements')
    const held = this.held.splice(0)
    this.committed = commit
    const sent = [...held, ...queries, ...(commit ? [COMMIT] : [])].map((q) => this.send(q))
    for (const s of sent) s.catch(() => {})
    // In order: the first failure is the one to report (later statements fail with "transaction aborted",
    // and a COMMIT after a failure answers ROLLBACK without an error).
    const results: QueryResult<unknown>[] = []
    for (const s of sent) results.push(await s)
    return results.slice(held.length, held.length + queries.length)
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    if (this.held.length > 0 || this.committed) await this.executeBatch([], { commit: false })
    const cursor = this.unsafe(query).cursor(chunkSize)
    for await (const rows of cursor) yield { rows: rows as R[] }
  }
}

class PipelinedDriver implements Driver {
  private pool: SingleConnectionPool | undefined
  constructor(private readonly config: PipelinedDialectConfig) {}
  async init() {
    this.pool = new SingleConnectionPool(this.config)
  }
  async acquireConnection() {
    if (!this.pool) throw new Error('the driver was not initialised')
    return new PipelinedConnection(await this.pool.acquire(), this.config.prepare === true)
  }
  async beginTransaction(connection: PipelinedConnection, settings: TransactionSettings) {
    if (!settings.isolationLevel && !settings.accessMode) return connection.defer(BEGIN)
    const options = [settings.isolationLevel && `isolation level ${settings.isolationLevel}`, settings.accessMode].filter(Boolean)
    await connection.send(CompiledQuery.raw(`start transaction ${options.join(', ')}`))
  }
  async commitTransaction(connection: PipelinedConnection) {
    if (connection.committed) connection.committed = false
    // A transaction whose BEGIN was never sent has nothing to commit.
    else if (connection.held[0] === BEGIN) connection.held = []
    else await connection.executeBatch([], { commit: true }).then(() => (connection.committed = false))
  }
  async rollbackTransaction(connection: PipelinedConnection) {
    // A connection that closed took its transaction with it: there is nothing to roll back, and the failure that ended it is the one to report.
    if (connection.committed || connection.member.closed) {
      connection.committed = false
      connection.held = []
    } else if (connection.held[0] === BEGIN) connection.held = []
    else {
      connection.held = []
      await connection.send(CompiledQuery.raw('rollback'))
    }
  }
  async releaseConnection(connection: PipelinedConnection) {
    this.pool?.release(connection.member)
  }
  async destroy() {
    await this.pool?.end()
  }
}

/**
 * Kysely's postgres.js dialect, with transactions sent in as few round trips as their statements
 * allow, over a pool of one-connection clients (see single-connection-pool.ts for why not `reserve()`).
 */
export class PipelinedPostgresJSDialect extends PostgresJSDialect {
  constructor(private readonly pipelined: PipelinedDialectConfig) {
    // The base class only builds the adapter, introspector and query compiler; the driver is ours.
    super({ postgres: undefined as never })
  }
  override createDriver(): Driver {
    return new PipelinedDriver(this.pipelined)
  }
}
