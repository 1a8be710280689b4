import { CompiledQuery, type DatabaseConnection, type QueryExecutorProvider, type Transaction } from 'kysely'
import type { PipeliningConnection } from './holding-connection'
import type { DB } from './types'

/*
 * Both drivers (postgres.js on a server, PGlite embedded) hold and send statements the same way
 * (holding-connection.ts): what `deferToFirstStatement` and `atCommit` hand over goes out, in order,
 * with the next statement or the COMMIT, and a statement after a pipelined COMMIT is refused. So the
 * suite on PGlite fails on an ordering mistake exactly as the server would.
 */

const holding = (connection: DatabaseConnection): PipeliningConnection => {
  if (!('executeBatch' in connection)) throw new Error('the database driver does not hold statements (see db/holding-connection.ts)')
  return connection as PipeliningConnection
}

/** The transaction's own connection (Kysely serialises statements above it, so batches are built below it). */
const withConnection = <T>(tx: Transaction<DB>, use: (connection: PipeliningConnection) => Promise<T>) =>
  tx.getExecutor().provideConnection((connection) => use(holding(connection)))

/** Holds a statement whose result nobody reads (a transaction's settings) until the transaction's first statement, and sends them together. */
export const deferToFirstStatement = (tx: Transaction<DB>, query: CompiledQuery) => withConnection(tx, async (connection) => connection.defer(query))

/** Each statement's rows (the app's Kysely instances have no plugins, so the rows are final). */
type Results<Q extends readonly Statement[]> = { -readonly [K in keyof Q]: Q[K] extends Statement<infer O> ? O[] : never }

/** A query builder or an `sql` template (which needs the executor to compile). */
export type Statement<O = unknown> = { compile(executorProvider: QueryExecutorProvider): CompiledQuery<O> }

const tails = new WeakMap<Transaction<DB>, Statement[]>()
/** How many parts (`asPart`) of each transaction are running: inside one, the commit is the whole's to make. */
const depths = new WeakMap<Transaction<DB>, number>()

/**
 * Runs statements that do not depend on each other in one round trip, in order, answering each one's
 * rows; the first failure is thrown. With `commit`, they are the transaction's last statements: the
 * statements held for the commit (`atCommit`) and the COMMIT go with them, and the transaction then
 * takes no more statements.
 */
export const pipeline = <const Q extends readonly Statement[]>(tx: Transaction<DB>, queries: Q, options: { commit?: boolean } = {}): Promise<Results<Q>> =>
  withConnection(tx, async (connection) => {
    const tail = options.commit ? (tails.get(tx)?.splice(0) ?? []) : []
    const compiled = [...queries, ...tail].map((q) => q.compile(tx))
    const commit = options.commit === true && !depths.get(tx)
    const results = await connection.executeBatch(compiled, { commit })
    return results.slice(0, queries.length).map((r) => r.rows) as Results<Q>
  })

/** Runs `work`, then sends the statements it handed to `atCommit` together with the COMMIT (`withTenant` wraps its work in it). */
export const withCommitTail = async <T>(tx: Transaction<DB>, work: () => Promise<T>) => {
  const tail: Statement[] = []
  tails.set(tx, tail)
  try {
    const result = await work()
    if (tail.length > 0) await pipeline(tx, [], { commit: true })
    return result
  } finally {
    tails.delete(tx)
  }
}

/**
 * A statement whose result nobody reads and that may wait for the end of the transaction (an audit
 * entry; the feed append, whose lock on the tenant's counter lasts until commit): it goes out with
 * the COMMIT, one round trip fewer and none under that lock. Outside `withCommitTail` it runs now.
 */
export const atCommit = async (tx: Transaction<DB>, statement: Statement) => {
  const tail = tails.get(tx)
  if (tail) tail.push(statement)
  else await pipeline(tx, [statement])
}

let savepoints = 0

/**
 * Runs `work` as one part of a transaction already open (a keyed request's transaction, see
 * middleware/idempotency.ts), in a savepoint: it commits with the whole, and its failure undoes it
 * alone, as if it had been a transaction of its own. `enter` applies its settings and `leave`
 * restores the whole's after it. The statements it hands to `atCommit` run at its end, under its
 * settings (with `tail: false`, at once). Everything it adds goes out with the next statement.
 */
export const asPart = async <T>(tx: Transaction<DB>, part: { enter: CompiledQuery; leave: CompiledQuery; tail: boolean }, work: () => Promise<T>) => {
  const savepoint = `part_${++savepoints}`
  const outer = tails.get(tx)
  const own: Statement[] = []
  if (part.tail) tails.set(tx, own)
  else tails.delete(tx)
  depths.set(tx, (depths.get(tx) ?? 0) + 1)
  try {
    await deferToFirstStatement(tx, CompiledQuery.raw(`savepoint ${savepoint}`))
    await deferToFirstStatement(tx, part.enter)
    try {
      const result = await work()
      for (const statement of own.splice(0)) await deferToFirstStatement(tx, statement.compile(tx))
      await deferToFirstStatement(tx, CompiledQuery.raw(`release savepoint ${savepoint}`))
      return result
    } catch (error) {
      await deferToFirstStatement(tx, CompiledQuery.raw(`rollback to savepoint ${savepoint}`))
      throw error
    } finally {
      await deferToFirstStatement(tx, part.leave)
    }
  } finally {
    depths.set(tx, (depths.get(tx) ?? 1) - 1)
    if (outer) tails.set(tx, outer)
    else tails.delete(tx)
  }
}
