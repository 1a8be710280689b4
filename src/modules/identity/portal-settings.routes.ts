import { createRoute, z } from '@hono/zod-openapi'
import { errorResponses, IfMatchHeader, json, jsonBody, preconditionResponse } from '../../lib/openapi'
import { PortalSettings, PutPortalSettings } from './portal-settings.schemas'

const admin = { tags: ['Employee sign-in'], security: [{ apiKey: [] }] }
const withEtag = {
  headers: z.object({ ETag: z.string().openapi({ example: '"1"', description: 'The version (`"0"` before the first change), for `If-Match`.' }) }),
}

export const getPortalSettings = createRoute({
  ...admin,
  method: 'get',
  path: '/tenant/portal',
  operationId: 'getPortalSettings',
  summary: 'Read the portal settings',
  description:
    "The browser origins of the tenant's portal front ends: CORS on `/v1/portal/...` and `/v1/oauth/token` admits these only. The portal host (branding `portal_host`) is set with `PATCH /v1/tenant`.",
  responses: { 200: { ...json(PortalSettings, 'The portal settings.'), ...withEtag }, ...errorResponses },
})

export const putPortalSettings = createRoute({
  ...admin,
  method: 'put',
  path: '/tenant/portal',
  operationId: 'putPortalSettings',
  summary: 'Set the portal origins',
  description: 'Replaces the list of portal origins. With `If-Match`, only the version read (412 otherwise).',
  request: { headers: IfMatchHeader, body: jsonBody(PutPortalSettings) },
  responses: { 200: { ...json(PortalSettings, 'The portal settings.'), ...withEtag }, ...errorResponses, ...preconditionResponse },
})
