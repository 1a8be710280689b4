/** The SQLSTATE of a database error, from either driver. */
export const sqlState = (error: unknown) =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined

export const isUniqueViolation = (error: unknown) => sqlState(error) === '23505'

/** What postgres.js and Node call a connection that failed or went away (not a statement's fault). */
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
])
/** SQLSTATEs that say the server cannot take work now: shutting down, starting, out of connection slots. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300'])

/**
 * The database is unreachable or dropped the session: nothing the request did wrong, and a retry
 * may succeed. A FATAL or PANIC error ends the session whatever its SQLSTATE (an authentication or
 * "not accepting connections" refusal at connect, a terminated backend).
 */
export const isDatabaseUnavailable = (error: unknown, depth = 0): boolean => {
  if (typeof error !== 'object' || error === null || depth > 3) return false
  const code = sqlState(error)
  if (code && (CONNECTION_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08'))) return true
  const severity = 'severity' in error ? error.severity : undefined
  if (severity === 'FATAL' || severity === 'PANIC') return true
  // Kysely and fetch wrap causes; an AggregateError (several addresses refused) carries them all.
  if ('cause' in error && isDatabaseUnavailable(error.cause, depth + 1)) return true
  return error instanceof AggregateError && error.errors.some((e) => isDatabaseUnavailable(e, depth + 1))
}
