import { createRoute, z } from '@hono/zod-openapi'
import { conflictResponse, errorResponses, IdempotencyKeyHeader, IfMatchHeader, json, jsonBody, preconditionResponse } from '../../lib/openapi'
import { ListQuery, listOf } from '../../lib/pagination'
import { CreateTenant, Tenant, TenantId, UpdateTenant } from './tenants.schemas'

const platform = { tags: ['Platform'], security: [{ platformKey: [] }] }
const TenantParams = z.object({ tenant_id: TenantId })
const withEtag = { headers: z.object({ ETag: z.string().openapi({ example: '"1"' }) }) }

export const createTenant = createRoute({
  ...platform,
  method: 'post',
  path: '/tenants',
  operationId: 'createTenant',
  summary: 'Create a tenant',
  description: 'Creates an employer. Then issue its first HR key with `POST /v1/platform/tenants/{tenant_id}/api-keys`. The slug is unique.',
  request: {
    headers: IdempotencyKeyHeader,
    body: jsonBody(
      CreateTenant.openapi({
        example: {
          slug: 'yuncheng-court',
          name: '运城市中级人民法院',
          time_zone: 'Asia/Shanghai',
          locale: 'zh-CN',
          branding: { display_name: "Yuncheng Intermediate People's Court" },
        },
      }),
    ),
  },
  responses: { 201: { ...json(Tenant, 'The tenant.'), ...withEtag }, ...errorResponses, ...conflictResponse },
})

export const listTenants = createRoute({
  ...platform,
  method: 'get',
  path: '/tenants',
  operationId: 'listTenants',
  summary: 'List tenants',
  description: 'Newest first.',
  request: { query: ListQuery },
  responses: { 200: json(listOf(Tenant, 'TenantList'), 'A page of tenants.'), ...errorResponses },
})

export const getTenant = createRoute({
  ...platform,
  method: 'get',
  path: '/tenants/{tenant_id}',
  operationId: 'getTenant',
  summary: 'Read a tenant',
  request: { params: TenantParams },
  responses: { 200: { ...json(Tenant, 'The tenant.'), ...withEtag }, ...errorResponses },
})

const statusChange = (action: 'suspend' | 'reactivate', summary: string, description: string) =>
  createRoute({
    ...platform,
    method: 'post',
    path: `/tenants/{tenant_id}/${action}`,
    operationId: `${action}Tenant`,
    summary,
    description,
    request: { params: TenantParams, headers: IdempotencyKeyHeader },
    responses: { 200: json(Tenant, 'The tenant.'), ...errorResponses },
  })

export const suspendTenant = statusChange('suspend', 'Suspend a tenant', 'Every credential of the tenant stops working at once; its data is kept.')
export const reactivateTenant = statusChange('reactivate', 'Reactivate a tenant', 'Its credentials work again.')

export const getCurrentTenant = createRoute({
  method: 'get',
  path: '/tenant',
  operationId: 'getCurrentTenant',
  tags: ['Tenant'],
  security: [{ apiKey: [] }],
  summary: "Read your tenant's settings",
  description: 'The `ETag` header names this version; send it as `If-Match` when you change the settings.',
  responses: { 200: { ...json(Tenant, 'The tenant.'), ...withEtag }, ...errorResponses },
})

export const updateCurrentTenant = createRoute({
  method: 'patch',
  path: '/tenant',
  operationId: 'updateCurrentTenant',
  tags: ['Tenant'],
  security: [{ apiKey: [] }],
  summary: "Change your tenant's settings",
  description: 'Name, IANA time zone, locale and branding. With `If-Match`, a stale version answers 412 and nothing changes.',
  request: { headers: IfMatchHeader, body: jsonBody(UpdateTenant) },
  responses: { 200: { ...json(Tenant, 'The updated tenant.'), ...withEtag }, ...errorResponses, ...preconditionResponse },
})
