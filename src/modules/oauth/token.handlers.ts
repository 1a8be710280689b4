import type { Hook, RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { grants } from './grants'
import { NO_STORE, OAuthError, oauthErrorResponse } from './oauth.errors'
import type { issueToken } from './token.routes'

/** Dispatches on grant_type; every refusal is an OAuth error response. */
export const issueTokenHandler: RouteHandler<typeof issueToken, AppEnv> = async (c) => {
  const params = c.req.valid('form')
  try {
    const grant = Object.hasOwn(grants, params.grant_type) ? grants[params.grant_type] : undefined
    if (!grant)
      throw new OAuthError('unsupported_grant_type', `grant_type ${params.grant_type} is not supported; use one of: ${Object.keys(grants).join(', ')}.`)
    return c.json(await grant(c, params), 200, NO_STORE)
  } catch (error) {
    if (error instanceof OAuthError) return oauthErrorResponse(c, error)
    throw error
  }
}

/** Form fields that break the contract (missing, repeated) are `invalid_request`, in OAuth's shape. */
export const tokenRequestHook: Hook<any, AppEnv, any, any> = (result, c) => {
  if (result.success) return
  const issue = result.error.issues[0]
  const field = issue?.path.join('.') || 'body'
  const repeated = issue?.code === 'invalid_type' && issue.path.length === 1 && Array.isArray((result as { data?: Record<string, unknown> }).data?.[field])
  return oauthErrorResponse(
    c,
    new OAuthError(
      'invalid_request',
      repeated ? `The ${field} parameter is sent more than once.` : `The ${field} parameter is missing or invalid: ${issue?.message}.`,
    ),
  )
}
