import type { CompiledQuery, Driver, QueryResult } from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'
import type postgres from 'postgres'
import { sqlState } from './errors'
import { HoldingConnection, HoldingDriver } from './holding-connection'
import { type Member, SingleConnectionPool, type SingleConnectionPoolConfig } from './single-connection-pool'

export type PipelinedDialectConfig = SingleConnectionPoolConfig & {
  /**
   * Named prepared statements, kept per connection. Without them postgres.js asks Postgres for every
   * parameterised statement's types first: two round trips a statement instead of one. Worth it
   * where connections live long (Node's pool), not for a client per request (Workers).
   */
  prepare?: boolean
}

/**
 * A connection that holds statements as holding-connection.ts describes, and sends a batch at once:
 * postgres.js writes queries issued in one tick as one packet and Postgres answers them in order,
 * so each batch costs one round trip. A statement without parameters goes by the simple protocol
 * (postgres.js's rule for `unsafe`), so it may hold several commands (a migration file).
 */
class PipelinedConnection extends HoldingConnection {
  constructor(
    readonly member: Member,
    private readonly prepare: boolean,
  ) {
    super()
  }

  get closed() {
    return this.member.closed
  }

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

  protected async *stream<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    for await (const rows of this.unsafe(query).cursor(chunkSize)) yield { rows: rows as R[] }
  }
}

class PipelinedDriver extends HoldingDriver<PipelinedConnection> {
  private pool: SingleConnectionPool | undefined
  constructor(private readonly config: PipelinedDialectConfig) {
    super()
  }
  async init() {
    this.pool = new SingleConnectionPool(this.config)
  }
  async acquireConnection() {
    if (!this.pool) throw new Error('the driver was not initialised')
    return new PipelinedConnection(await this.pool.acquire(), this.config.prepare === true)
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
