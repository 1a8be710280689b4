import type postgres from 'postgres'

/**
 * A pool of postgres.js clients of one connection each, leased whole to one Kysely connection at a
 * time, instead of one client's `reserve()`.
 *
 * Why not `reserve()` (postgres.js 3.4.9): when the backend of a reserved connection dies, the
 * library moves the connection to its closed queue but the reserved handle keeps it; the next
 * statement (Kysely's ROLLBACK, or the request's next query) is written to a connection whose
 * socket is null, and the deferred write throws `Cannot read properties of null (reading 'write')`
 * from a setImmediate, where no caller can catch it: the process exits (porsager/postgres#1208).
 * `release()` of such a handle also hands the dead connection back to the pool as open, and a
 * `reserve()` whose connection attempt is refused stays queued and later swallows a live connection.
 *
 * Here the statements of a lease go through a plain client of one connection, the library's common
 * path, and the pool decides what happens when that connection closes (postgres.js `onclose`).
 * A client is opened with a statement of its own before it is leased: a connection that dies while
 * it is still opening (fetching its array types) reconnects by itself without calling `onclose`,
 * with stale state, running its first statement and what queued behind it on a new connection;
 * that first statement must not be a transaction's. Once open:
 * - the lease is lost: nothing more is sent on it (a reconnected client would run the rest of the
 *   transaction outside it), and its statements still queued in the client are cancelled;
 * - the client is thrown away when the lease ends and a fresh one takes its place, so no state of
 *   the closed connection (a buffered write, a reconnect backoff grown during an outage) carries
 *   over: service resumes with the first request after the database is back.
 */
export type SingleConnectionPoolConfig = {
  /** A postgres.js client with `max: 1` and `max_lifetime: null` that passes `onclose` on as its option of that name. */
  connect: (onclose: () => void) => postgres.Sql | Promise<postgres.Sql>
  /** Connections at most. */
  size: number
  /** How long each connection lives; it is replaced when next free past it (postgres.js's `max_lifetime`, kept off leases). */
  lifetimeMs?: () => number
  /** How long `end` lets statements in flight finish before it closes their connections. */
  endTimeoutSeconds?: number
}

type Pending = ReturnType<postgres.Sql['unsafe']>
type Unsafe = (query: string, parameters: postgres.ParameterOrJSON<never>[], options: { prepare: boolean }) => Pending

/** One client of the pool, with its connection's fate; `unsafe` throws once the connection has closed. */
export type Member = { readonly closed: boolean; unsafe: Unsafe }

const connectionError = (code: string, message: string) => Object.assign(new Error(`${code}: ${message}`), { code })

class PoolMember implements Member {
  closed = false
  constructor(readonly expires: number) {}
  sql: postgres.Sql | undefined
  /** The statements of the current lease (postgres.js queries are lazy: nothing here may `then` them). */
  readonly sent = new Set<Pending>()

  unsafe: Unsafe = (query, parameters, options) => {
    if (this.closed || !this.sql) throw connectionError('CONNECTION_CLOSED', 'the connection of this transaction has closed')
    const pending = this.sql.unsafe(query, parameters, options)
    this.sent.add(pending)
    return pending
  }

  /** postgres.js `onclose`: runs before the client would reconnect to run statements still queued. */
  onclose() {
    this.closed = true
    for (const query of this.sent) {
      const q = query as unknown as { state: unknown; reject: (error: Error) => void }
      // Queued in the client, never written (no backend `state` yet): cancelling takes it out of
      // the queue, so it never runs on a new connection.
      if (!q.state) query.cancel()
      // Written: the close failed it, except one written between the socket's error and its close,
      // which postgres.js leaves pending for ever (it rejects only what it held at the error).
      // Rejecting a settled query does nothing.
      else q.reject(connectionError('CONNECTION_CLOSED', 'the connection closed before this statement was answered'))
    }
  }
}

export class SingleConnectionPool {
  private readonly idle: PoolMember[] = []
  private readonly members = new Set<PoolMember>()
  private readonly waiting: ((member: PoolMember | undefined) => void)[] = []
  private ending: Promise<void> | undefined

  constructor(private readonly config: SingleConnectionPoolConfig) {}

  async acquire(): Promise<Member> {
    for (;;) {
      if (this.ending) throw connectionError('CONNECTION_ENDED', 'the database pool is closing')
      const member = this.idle.pop()
      if (member && this.usable(member)) return member
      if (member) {
        this.discard(member)
        continue
      }
      if (this.members.size < this.config.size) return this.create()
      // Handed a member by `release`, or undefined when a place is free to create one.
      const handed = await new Promise<PoolMember | undefined>((resolve) => this.waiting.push(resolve))
      if (handed) return handed
    }
  }

  release(member: Member) {
    const m = member as PoolMember
    m.sent.clear()
    if (!this.members.has(m)) return
    if (this.ending || !this.usable(m)) {
      this.discard(m)
      this.waiting.shift()?.(undefined)
      return
    }
    const next = this.waiting.shift()
    if (next) next(m)
    else this.idle.push(m)
  }

  /** Ends every client, letting statements in flight finish for `endTimeoutSeconds`; waiting leases fail. */
  end() {
    this.ending ??= (async () => {
      for (const resolve of this.waiting.splice(0)) resolve(undefined)
      const timeout = this.config.endTimeoutSeconds ?? 5
      await Promise.all([...this.members].map((m) => m.sql?.end({ timeout }).catch(() => {})))
      this.members.clear()
      this.idle.length = 0
    })()
    return this.ending
  }

  private usable(member: PoolMember) {
    return !member.closed && Date.now() < member.expires
  }

  private async create() {
    const member = new PoolMember(Date.now() + (this.config.lifetimeMs?.() ?? Number.POSITIVE_INFINITY))
    this.members.add(member)
    try {
      member.sql = await this.config.connect(() => member.onclose())
      // Opened before any lease's statement goes out (see above): one round trip per new connection.
      await member.sql.unsafe('select 1')
      return member
    } catch (error) {
      this.discard(member)
      this.waiting.shift()?.(undefined)
      throw error
    }
  }

  private discard(member: PoolMember) {
    this.members.delete(member)
    void member.sql?.end({ timeout: 0 }).catch(() => {})
  }
}
