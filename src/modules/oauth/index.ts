import { createRouter } from '../../lib/router'
import { portalCors } from '../branding'
import { onTokenEndpointError } from './oauth.errors'
import { issueTokenHandler, tokenRequestHook } from './token.handlers'
import { issueToken } from './token.routes'

/** POST /v1/oauth/token: no surface auth; each grant checks its own credential. */
export const oauth = createRouter()
oauth.use('*', portalCors)
oauth.openapi(issueToken, issueTokenHandler, tokenRequestHook)
oauth.onError(onTokenEndpointError)

export { grants } from './grants'
export { portalAuth, signedInEmployee } from './portal-auth'
