import { createRoute, z } from '@hono/zod-openapi'
import { conflictResponse, errorResponses, IdempotencyKeyHeader, IfMatchHeader, json, jsonBody, preconditionResponse } from '../../lib/openapi'
import { ListQuery, listOf } from '../../lib/pagination'
import { CreateSite, DeletedSite, Site, SiteId, UpdateSite } from './sites.schemas'

const admin = { tags: ['Sites'], security: [{ apiKey: [] }] }
const SiteParams = z.object({ site_id: SiteId })
const withEtag = { headers: z.object({ ETag: z.string().openapi({ example: '"1"' }) }) }

export const createSite = createRoute({
  ...admin,
  method: 'post',
  path: '/sites',
  operationId: 'createSite',
  summary: 'Create a site',
  description: 'A place where care happens: a service centre, rooms on the employer’s premises, a provider’s centre. Programs name their site.',
  request: { headers: IdempotencyKeyHeader, body: jsonBody(CreateSite) },
  responses: { 201: { ...json(Site, 'The site.'), ...withEtag }, ...errorResponses },
})

export const listSites = createRoute({
  ...admin,
  method: 'get',
  path: '/sites',
  operationId: 'listSites',
  summary: 'List sites',
  description: 'Newest first.',
  request: { query: ListQuery },
  responses: { 200: json(listOf(Site, 'SiteList'), 'A page of sites.'), ...errorResponses },
})

export const getSite = createRoute({
  ...admin,
  method: 'get',
  path: '/sites/{site_id}',
  operationId: 'getSite',
  summary: 'Read a site',
  description: 'The `ETag` header names this version; send it as `If-Match` when you change the site.',
  request: { params: SiteParams },
  responses: { 200: { ...json(Site, 'The site.'), ...withEtag }, ...errorResponses },
})

export const updateSite = createRoute({
  ...admin,
  method: 'patch',
  path: '/sites/{site_id}',
  operationId: 'updateSite',
  summary: 'Change a site',
  description: 'Changes the fields given; `null` clears an optional one. With `If-Match`, a stale version answers 412 and nothing changes.',
  request: { params: SiteParams, headers: IfMatchHeader, body: jsonBody(UpdateSite) },
  responses: { 200: { ...json(Site, 'The updated site.'), ...withEtag }, ...errorResponses, ...preconditionResponse },
})

export const deleteSite = createRoute({
  ...admin,
  method: 'delete',
  path: '/sites/{site_id}',
  operationId: 'deleteSite',
  summary: 'Delete a site',
  description:
    'Only a site that no program names (archived programs included: they keep their history) can be deleted; otherwise 409 says how many programs use it.',
  request: { params: SiteParams, headers: IfMatchHeader },
  responses: { 200: json(DeletedSite, 'The site is gone.'), ...errorResponses, ...conflictResponse, ...preconditionResponse },
})
