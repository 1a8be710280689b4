import { createRoute, z } from '@hono/zod-openapi'
import { TenantId } from '../../lib/id-schemas'
import { errorResponses, IdempotencyKeyHeader, json, jsonBody } from '../../lib/openapi'
import { ListQuery, listOf } from '../../lib/pagination'
import { ApiKey, ApiKeyId, ApiKeyWithSecret, CreateApiKey } from './api-keys.schemas'

const admin = { tags: ['API keys'], security: [{ apiKey: [] }] }

export const createApiKey = createRoute({
  ...admin,
  method: 'post',
  path: '/api-keys',
  operationId: 'createApiKey',
  summary: 'Create an API key',
  description: 'The `secret` is in this response only. Keys with only `read` cannot change anything.',
  request: { headers: IdempotencyKeyHeader, body: jsonBody(CreateApiKey) },
  responses: { 201: json(ApiKeyWithSecret, 'The key, with its secret.'), ...errorResponses },
})

export const listApiKeys = createRoute({
  ...admin,
  method: 'get',
  path: '/api-keys',
  operationId: 'listApiKeys',
  summary: 'List API keys',
  description: 'Newest first, revoked keys included. Secrets are never shown again.',
  request: { query: ListQuery },
  responses: { 200: json(listOf(ApiKey, 'ApiKeyList'), 'A page of keys.'), ...errorResponses },
})

export const revokeApiKey = createRoute({
  ...admin,
  method: 'delete',
  path: '/api-keys/{key_id}',
  operationId: 'revokeApiKey',
  summary: 'Revoke an API key',
  description: 'The key stops working at once. Revoking a revoked key changes nothing.',
  request: { params: z.object({ key_id: ApiKeyId }) },
  responses: { 200: json(ApiKey, 'The revoked key.'), ...errorResponses },
})

export const createTenantApiKey = createRoute({
  method: 'post',
  path: '/tenants/{tenant_id}/api-keys',
  operationId: 'createTenantApiKey',
  tags: ['Platform'],
  security: [{ platformKey: [] }],
  summary: 'Issue an HR key for a tenant',
  description: "The tenant's first key comes from here; HR can then manage its own keys.",
  request: { params: z.object({ tenant_id: TenantId }), headers: IdempotencyKeyHeader, body: jsonBody(CreateApiKey) },
  responses: { 201: json(ApiKeyWithSecret, 'The key, with its secret.'), ...errorResponses },
})
