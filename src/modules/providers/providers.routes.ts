import { createRoute, z } from '@hono/zod-openapi'
import { conflictResponse, errorResponses, IdempotencyKeyHeader, IfMatchHeader, json, jsonBody, preconditionResponse } from '../../lib/openapi'
import { ListQuery, listOf } from '../../lib/pagination'
import { CreateProvider, DeletedProvider, Provider, ProviderId, ProviderListQuery, UpdateProvider } from './providers.schemas'

const admin = { tags: ['Providers'], security: [{ apiKey: [] }] }
const ProviderParams = z.object({ provider_id: ProviderId })
export const withEtag = { headers: z.object({ ETag: z.string().openapi({ example: '"1"' }) }) }

export const createProvider = createRoute({
  ...admin,
  method: 'post',
  path: '/providers',
  operationId: 'createProvider',
  summary: 'Create a provider',
  description:
    'A provider is whoever runs the care: an outside agency, staff the employer hires, or volunteers. Bind it to programs with `POST /v1/contracts`.',
  request: { headers: IdempotencyKeyHeader, body: jsonBody(CreateProvider) },
  responses: { 201: { ...json(Provider, 'The provider.'), ...withEtag }, ...errorResponses },
})

export const listProviders = createRoute({
  ...admin,
  method: 'get',
  path: '/providers',
  operationId: 'listProviders',
  summary: 'List providers',
  description: 'Newest first, optionally only one kind.',
  request: { query: ListQuery.extend(ProviderListQuery.shape) },
  responses: { 200: json(listOf(Provider, 'ProviderList'), 'A page of providers.'), ...errorResponses },
})

export const getProvider = createRoute({
  ...admin,
  method: 'get',
  path: '/providers/{provider_id}',
  operationId: 'getProvider',
  summary: 'Read a provider',
  description: 'The `ETag` header names this version; send it as `If-Match` when you change the provider.',
  request: { params: ProviderParams },
  responses: { 200: { ...json(Provider, 'The provider.'), ...withEtag }, ...errorResponses },
})

export const updateProvider = createRoute({
  ...admin,
  method: 'patch',
  path: '/providers/{provider_id}',
  operationId: 'updateProvider',
  summary: 'Change a provider',
  description: 'Name, kind and contact (replaced as a whole). With `If-Match`, a stale version answers 412 and nothing changes.',
  request: { params: ProviderParams, headers: IfMatchHeader, body: jsonBody(UpdateProvider) },
  responses: { 200: { ...json(Provider, 'The updated provider.'), ...withEtag }, ...errorResponses, ...preconditionResponse },
})

export const deleteProvider = createRoute({
  ...admin,
  method: 'delete',
  path: '/providers/{provider_id}',
  operationId: 'deleteProvider',
  summary: 'Delete a provider',
  description:
    'Only a provider that no contract names can be deleted; otherwise 409 says how many contracts name it. Contracts, revoked ones included, stay on record, so revoke them rather than delete the provider.',
  request: { params: ProviderParams },
  responses: { 200: json(DeletedProvider, 'The provider is gone.'), ...errorResponses, ...conflictResponse },
})
