import { createRoute, z } from '@hono/zod-openapi'
import { errorResponses, IdempotencyKeyHeader, IfMatchHeader, json, jsonBody, preconditionResponse } from '../../lib/openapi'
import { ListQuery, listOf } from '../../lib/pagination'
import { Child, ChildId, ChildrenExport, Consent, CreateChild, UpdateChild } from './children.schemas'

const portal = { tags: ['Portal: children'], security: [{ portalToken: [] }] }
const ChildParams = z.object({ child_id: ChildId })
const withEtag = { headers: z.object({ ETag: z.string().openapi({ example: '"1"' }) }) }

export const createChild = createRoute({
  ...portal,
  method: 'post',
  path: '/children',
  operationId: 'createChild',
  summary: 'Register a child',
  description:
    "Registers a child of the signed-in employee. The guardian's consent (`consent.purpose` `childcare_services` and the privacy-notice version) is recorded in the consent ledger first: without it the answer is `422 consent_required` and nothing is stored. The date of birth may not be in the future (tenant's calendar) and makes a child under 18. Authorized pickups may be limited to dates (`valid_from`/`valid_until`); each has their own phone number.",
  request: { headers: IdempotencyKeyHeader, body: jsonBody(CreateChild) },
  responses: { 201: { ...json(Child, 'The child.'), ...withEtag }, ...errorResponses },
})

export const listChildren = createRoute({
  ...portal,
  method: 'get',
  path: '/children',
  operationId: 'listChildren',
  summary: 'List your children',
  description: "The signed-in employee's children, newest first.",
  request: { query: ListQuery },
  responses: { 200: json(listOf(Child, 'ChildList'), 'A page of children.'), ...errorResponses },
})

export const exportChildren = createRoute({
  ...portal,
  method: 'get',
  path: '/children/export',
  operationId: 'exportChildren',
  summary: "Export your children's data",
  description:
    "Everything stored about the signed-in employe's children, and their consent-ledger entries (including those of deleted children), as one JSON document (`Content-Disposition: attachment`).",
  responses: { 200: json(ChildrenExport, 'The export.'), ...errorResponses },
})

export const getChild = createRoute({
  ...portal,
  method: 'get',
  path: '/children/{child_id}',
  operationId: 'getChild',
  summary: 'Read a child',
  description: "Another employee's child answers 404, as one that does not exist.",
  request: { params: ChildParams },
  responses: { 200: { ...json(Child, 'The child.'), ...withEtag }, ...errorResponses },
})

export const updateChild = createRoute({
  ...portal,
  method: 'patch',
  path: '/children/{child_id}',
  operationId: 'updateChild',
  summary: 'Change a child',
  description:
    'Only the fields sent change; lists (allergies, contacts, pickups) are replaced as a whole. With `If-Match`, a stale version answers 412 and nothing changes.',
  request: { params: ChildParams, headers: IfMatchHeader, body: jsonBody(UpdateChild) },
  responses: { 200: { ...json(Child, 'The updated child.'), ...withEtag }, ...errorResponses, ...preconditionResponse },
})

export const deleteChild = createRoute({
  ...portal,
  method: 'delete',
  path: '/children/{child_id}',
  operationId: 'deleteChild',
  summary: 'Delete a child and their data',
  description:
    "Erases the child's record and all data in it. The consent ledger keeps its entries for the child (who consented to what, and when), marked withdrawn (`child_deleted`); they hold no data of the child but its id.",
  request: { params: ChildParams },
  responses: { 204: { description: 'Deleted.' }, ...errorResponses },
})

export const listConsents = createRoute({
  ...portal,
  method: 'get',
  path: '/consents',
  operationId: 'listConsents',
  summary: 'List your consents',
  description: 'The consent ledger of the signed-in employee, newest first: what was consented to, under which policy version, when, and when withdrawn.',
  request: { query: ListQuery.extend({ child_id: ChildId.optional().openapi({ description: 'Only the consents about this child.' }) }) },
  responses: { 200: json(listOf(Consent, 'ConsentList'), 'A page of consents.'), ...errorResponses },
})
