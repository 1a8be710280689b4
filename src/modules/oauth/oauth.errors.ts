import type { Context } from 'hono'
import type { AppEnv } from '../../env'

/** RFC 6749 §5.2 error codes (and `temporarily_unavailable` when the IdP's keys cannot be fetched). */
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
  })
