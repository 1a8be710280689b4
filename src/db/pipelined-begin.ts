import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'

const BEGIN = CompiledQuery.raw('begin')

/**
 * A connection that sends a transaction's BEGIN together with its first statement: postgres.js
 * writes both in one packet and Postgres answers both, saving one round trip per transaction.
 */
class PipelinedBeginConnection implements DatabaseConnection {
  beginPending = false
  constructor(readonly inner: DatabaseConnection) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!this.beginPending) return this.inner.executeQuery<R>(query)
    this.beginPending = false
    const begin = this.inner.executeQuery(BEGIN)
    const result = this.inner.executeQuery<R>(query)
    // When BEGIN fails, its error is the one to report; the statement's then fails too.
    result.catch(() => {})
    await begin
    return result
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number) {
    return this.inner.streamQuery<R>(query, chunkSize)
  }
}

class PipelinedBeginDriver implements Driver {
  constructor(private readonly inner: Driver) {}
  init() {
    return this.inner.init()
  }
  async acquireConnection() {
    return new PipelinedBeginConnection(await this.inner.acquireConnection())
  }
  async beginTransaction(connection: PipelinedBeginConnection, settings: TransactionSettings) {
    if (settings.isolationLevel || settings.accessMode) return this.inner.beginTransaction(connection.inner, settings)
    connection.beginPending = true
  }
  commitTransaction(connection: PipelinedBeginConnection) {
    return connection.executeQuery(CompiledQuery.raw('commit')).then(() => {})
  }
  async rollbackTransaction(connection: PipelinedBeginConnection) {
    // A transaction whose BEGIN was never sent has nothing to roll back.
    if (connection.beginPending) connection.beginPending = false
    else await connection.executeQuery(CompiledQuery.raw('rollback'))
  }
  releaseConnection(connection: PipelinedBeginConnection) {
    return this.inner.releaseConnection(connection.inner)
  }
  destroy() {
    return this.inner.destroy()
  }
}

/** Kysely's postgres.js dialect, with BEGIN pipelined into each transaction's first statement. */
export class PipelinedPostgresJSDialect extends PostgresJSDialect {
  override createDriver(): Driver {
    return new PipelinedBeginDriver(super.createDriver())
  }
}
