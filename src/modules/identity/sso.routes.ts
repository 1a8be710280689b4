import { createRoute, z } from '@hono/zod-openapi'
import { errorResponses, IfMatchHeader, json, jsonBody, preconditionResponse } from '../../lib/openapi'
import { PutSsoSettings, SsoSettings } from './identity.schemas'

const admin = { tags: ['Employee sign-in'], security: [{ apiKey: [] }] }
const withEtag = { headers: z.object({ ETag: z.string().openapi({ example: '"1"', description: 'The version, for `If-Match`.' }) }) }

export const getSsoSettings = createRoute({
  ...admin,
  method: 'get',
  path: '/tenant/sso',
  operationId: 'getSsoSettings',
  summary: 'Read the SSO settings',
  description:
    "How employees sign in with the employer's identity provider (token exchange of an id_token at `POST /v1/oauth/token`). 404 when SSO is not configured: employees then sign in with invitation codes.",
  responses: { 200: { ...json(SsoSettings, 'The SSO settings.'), ...withEtag }, ...errorResponses },
})

export const putSsoSettings = createRoute({
  ...admin,
  method: 'put',
  path: '/tenant/sso',
  operationId: 'putSsoSettings',
  summary: 'Configure SSO',
  description:
    "Sets the identity provider whose id_tokens the portal may exchange for access tokens: its issuer, JWKS URI, the audience (the portal's client id there), the accepted algorithms, and which claim names the employee (matched against the roster's employee number or email). Replaces earlier settings as a whole; with `If-Match`, only the version read (412 otherwise). Invitation codes keep working alongside SSO.",
  request: { headers: IfMatchHeader, body: jsonBody(PutSsoSettings) },
  responses: { 200: { ...json(SsoSettings, 'The SSO settings.'), ...withEtag }, ...errorResponses, ...preconditionResponse },
})

export const deleteSsoSettings = createRoute({
  ...admin,
  method: 'delete',
  path: '/tenant/sso',
  operationId: 'deleteSsoSettings',
  summary: 'Turn SSO off',
  description: 'Token exchange stops working for this tenant; sessions already open keep working until they end. Deleting absent settings changes nothing.',
  responses: { 204: { description: 'SSO is off.' }, ...errorResponses },
})
