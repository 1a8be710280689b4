import type { Context } from 'hono'
import { isDatabaseUnavailable } from '../../db/errors'
import type { AppEnv } from '../../env'
import { DATABASE_RETRY_AFTER_SECONDS } from '../../lib/errors'

/** RFC 6749 §5.2 error codes (and `temporarily_unavailable` when the IdP's keys cannot be fetched or the database is unreachable). */
const statusOf = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  temporarily_unavailable: 503,
} as const
export type OAuthErrorCode = keyof typeof statusOf

/** A failure of the token endpoint: rendered as `{error, error_description}`, not problem+json. */
export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description)
  }

  get status() {
    return statusOf[this.error]
  }
}

export const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' } as const

export const oauthErrorResponse = (c: Context<AppEnv>, error: OAuthError) =>
  c.json({ error: error.error, error_description: error.description }, error.status, {
    ...NO_STORE,
    ...(error.status === 401 ? { 'WWW-Authenticate': 'Basic realm="tuoguan"' } : {}),
    ...error.headers,
  })

/**
 * The token endpoint's error handler: an unreachable database is RFC 6749's `temporarily_unavailable`
 * (503, `Retry-After`), in the grants as in the CORS check; anything else goes on to the app's handler.
 */
export const onTokenEndpointError = (error: Error, c: Context<AppEnv>) => {
  if (!isDatabaseUnavailable(error)) throw error
  c.var.config.log({ level: 'warn', request_id: c.get('requestId'), message: `database unavailable: ${error.message}` })
  return oauthErrorResponse(
    c,
    new OAuthError('temporarily_unavailable', 'The service cannot reach its database for the moment; retry after Retry-After seconds.', {
      'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS),
    }),
  )
}
