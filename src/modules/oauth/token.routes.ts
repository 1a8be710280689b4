import { createRoute } from '@hono/zod-openapi'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../../env'
import { OAuthError, oauthErrorResponse } from './oauth.errors'
import { ACCESS_TOKEN_TYPE, ID_TOKEN_TYPE, INVITATION_CODE, OAuthErrorBody, TOKEN_EXCHANGE, TokenRequest, TokenResponse } from './token.schemas'

const FORM = /^application\/x-www-form-urlencoded\s*(;|$)/i

/** The token endpoint answers OAuth errors, even for a body of the wrong type. */
const formEncodedOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (!FORM.test(c.req.header('content-type') ?? ''))
    return oauthErrorResponse(c, new OAuthError('invalid_request', 'The token request must be form-encoded (Content-Type: application/x-www-form-urlencoded).'))
  await next()
})

const oauthError = (description: string) => ({ description, content: { 'application/json': { schema: OAuthErrorBody } } })

export const issueToken = createRoute({
  method: 'post',
  path: '/token',
  operationId: 'issueToken',
  tags: ['Public'],
  security: [],
  summary: 'Get an access token',
  middleware: [formEncodedOnly] as const,
  description: `The OAuth 2.0 token endpoint (RFC 6749), form-encoded. **Errors here are OAuth errors** (\`{error, error_description}\`, RFC 6749 §5.2), not problem+json: the one exception in this API, so OAuth client libraries understand them. Responses carry \`Cache-Control: no-store\`.

Grants for employees (portal surface, audience \`tuoguan:portal\`, access tokens valid 15 minutes):
- **Token exchange** (RFC 8693) for tenants with SSO: \`grant_type=${TOKEN_EXCHANGE}\`, \`subject_token\` = the employer identity provider's id_token, \`subject_token_type=${ID_TOKEN_TYPE}\`, \`tenant\` = the tenant's slug or portal host. The id_token is verified against the tenant's SSO settings (\`PUT /v1/tenant/sso\`: issuer, JWKS, audience, algorithms); its configured claim must name an employee on the roster who has not left. Each id_token signs in once: exchanging it again answers \`invalid_grant\`. The response has \`issued_token_type=${ACCESS_TOKEN_TYPE}\`.
- **Invitation code** for tenants without SSO: \`grant_type=${INVITATION_CODE}\`, \`code\` (from \`POST /v1/employees/{employee_id}/invitations\`), \`tenant\`. A code works once, expires, and locks after 5 wrong attempts.
- **Refresh**: \`grant_type=refresh_token\`, \`refresh_token\`. Each refresh token works once and the response carries its successor; presenting a used one ends the whole session (every refresh and access token of that sign-in). Sessions last at most 90 days; a refresh token unused for 30 days lapses.

Grant for contracted providers (provider surface, audience \`tuoguan:provider\`, valid 15 minutes):
- **Client credentials**: \`grant_type=client_credentials\` with a contract credential's \`client_id\` and \`client_secret\`, by HTTP Basic or as form fields (not both). No refresh token: ask again. A revoked credential or contract, or a suspended tenant, answers \`invalid_client\`; tokens already issued stop working at once.

An employee who has left cannot sign in, and their sessions stop working. CORS admits the tenant's portal origins.`,
  request: {
    body: { required: true, content: { 'application/x-www-form-urlencoded': { schema: TokenRequest } } },
  },
  responses: {
    200: {
      description: 'Tokens. `Cache-Control: no-store`.',
      content: { 'application/json': { schema: TokenResponse } },
    },
    400: oauthError(
      '`invalid_request` (missing or repeated parameter, wrong content type), `invalid_grant` (the id_token, code or refresh token is refused; the description says why), `unauthorized_client` (the tenant has no SSO), `unsupported_grant_type`.',
    ),
    401: oauthError('`invalid_client`: client authentication failed (grants that authenticate a client).'),
    503: oauthError("`temporarily_unavailable`: the identity provider's keys could not be fetched, or the database is unreachable (with `Retry-After`)."),
  },
})
