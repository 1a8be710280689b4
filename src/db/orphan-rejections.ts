import { isDatabaseUnavailable } from './errors'

/**
 * postgres.js 3.4.9 fetches a new connection's array types in an async function nobody awaits
 * (connection.js `fetchArrayTypes`): when the backend dies during that query, its rejection has no
 * handler, and Node's default for an unhandled rejection ends the process. The connection itself
 * recovers (it reconnects and runs its first statement again), so such a rejection is logged and
 * the process goes on. Any other unhandled rejection keeps Node's default: the process exits.
 */
export const survivePostgresOrphanRejections = (log: (line: Record<string, unknown>) => void) => {
  process.on('unhandledRejection', (reason) => {
    if (!isDatabaseUnavailable(reason)) throw reason
    log({ level: 'warn', message: `database connection lost while it was opening: ${reason instanceof Error ? reason.message : String(reason)}` })
  })
}
