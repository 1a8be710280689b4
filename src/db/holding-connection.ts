import { CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from 'kysely'

/**
 * How every driver of the app runs a transaction (postgres.js in pipelined-dialect.ts, PGlite in
 * pglite.ts), so the embedded database the suite runs on shows the ordering the server shows: a
 * transaction's BEGIN and the statements `defer` hands it (the tenant's settings) wait for its first
 * real statement; `executeBatch` sends held statements, its own and, with `commit`, the COMMIT, in
 * that order; after that COMMIT the transaction refuses statements; a batch answers once every
 * statement in it is answered, and reports the first failure (see db/pipeline.ts).
 */
export type PipeliningConnection = DatabaseConnection & {
  defer(query: CompiledQuery): void
  executeBatch(queries: readonly CompiledQuery[], options: { commit: boolean }): Promise<QueryResult<unknown>[]>
}

const BEGIN = CompiledQuery.raw('begin')
const COMMIT = CompiledQuery.raw('commit')

export abstract class HoldingConnection implements PipeliningConnection {
  held: CompiledQuery[] = []
  /** The COMMIT went out with a batch: the transaction is over, and nothing more may run in it. */
  committed = false

  /** Sends one statement; statements sent one after another (in one tick) are run and answered in that order. */
  abstract send<R>(query: CompiledQuery): Promise<QueryResult<R>>
  /** Streams one statement's rows; nothing is held when it is called. */
  protected abstract stream<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>>
  /** The connection went away, and its transaction with it. */
  abstract readonly closed: boolean

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
    const sent = await Promise.allSettled([...held, ...queries, ...(commit ? [COMMIT] : [])].map((q) => this.send(q)))
    // In order: the first failure is the one to report (later statements fail with "transaction aborted",
    // and a COMMIT after a failure answers ROLLBACK without an error).
    const failed = sent.find((s) => s.status === 'rejected')
    if (failed) throw failed.reason
    return sent.slice(held.length, held.length + queries.length).map((s) => (s as PromiseFulfilledResult<QueryResult<unknown>>).value)
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    if (this.held.length > 0 || this.committed) await this.executeBatch([], { commit: false })
    yield* this.stream<R>(query, chunkSize)
  }
}

/** BEGIN, COMMIT and ROLLBACK for connections that hold statements; the subclass leases the connections. */
export abstract class HoldingDriver<C extends HoldingConnection> implements Driver {
  abstract init(): Promise<void>
  abstract acquireConnection(): Promise<C>
  abstract releaseConnection(connection: C): Promise<void>
  abstract destroy(): Promise<void>

  async beginTransaction(connection: C, settings: TransactionSettings) {
    if (!settings.isolationLevel && !settings.accessMode) return connection.defer(BEGIN)
    const options = [settings.isolationLevel && `isolation level ${settings.isolationLevel}`, settings.accessMode].filter(Boolean)
    await connection.send(CompiledQuery.raw(`start transaction ${options.join(', ')}`))
  }

  async commitTransaction(connection: C) {
    if (connection.committed) connection.committed = false
    // A transaction whose BEGIN was never sent has nothing to commit.
    else if (connection.held[0] === BEGIN) connection.held = []
    else await connection.executeBatch([], { commit: true }).then(() => (connection.committed = false))
  }

  async rollbackTransaction(connection: C) {
    // A connection that closed took its transaction with it: there is nothing to roll back, and the failure that ended it is the one to report.
    if (connection.committed || connection.closed) {
      connection.committed = false
      connection.held = []
    } else if (connection.held[0] === BEGIN) connection.held = []
    else {
      connection.held = []
      await connection.send(CompiledQuery.raw('rollback'))
    }
  }
}
