import { createRoute, z } from '@hono/zod-openapi'
import { conflictResponse, errorResponses, IdempotencyKeyHeader, IfMatchHeader, json, jsonBody, preconditionResponse } from '../../lib/openapi'
import { ListQuery, listOf } from '../../lib/pagination'
import { Contract, ContractId, ContractListQuery, CreateContract, UpdateContract } from './contracts.schemas'
import { withEtag } from './providers.routes'

const admin = { tags: ['Contracts'], security: [{ apiKey: [] }] }
const ContractParams = z.object({ contract_id: ContractId })

export const createContract = createRoute({
  ...admin,
  method: 'post',
  path: '/contracts',
  operationId: 'createContract',
  summary: 'Create a contract',
  description:
    'Binds a provider to programs of this tenant for a validity period. Every rule it breaks is answered at once as 422 naming the field: `ends_on` before `starts_on`, a provider or program this tenant does not have, a program named twice. Then issue the provider its credentials with `POST /v1/contracts/{contract_id}/credentials`.',
  request: { headers: IdempotencyKeyHeader, body: jsonBody(CreateContract) },
  responses: { 201: { ...json(Contract, 'The contract.'), ...withEtag }, ...errorResponses },
})

export const listContracts = createRoute({
  ...admin,
  method: 'get',
  path: '/contracts',
  operationId: 'listContracts',
  summary: 'List contracts',
  description: 'Newest first, revoked ones included unless filtered out: by provider, by covered program, by status today.',
  request: { query: ListQuery.extend(ContractListQuery.shape) },
  responses: { 200: json(listOf(Contract, 'ContractList'), 'A page of contracts.'), ...errorResponses },
})

export const getContract = createRoute({
  ...admin,
  method: 'get',
  path: '/contracts/{contract_id}',
  operationId: 'getContract',
  summary: 'Read a contract',
  description: 'The `ETag` header names this version; send it as `If-Match` when you change the contract.',
  request: { params: ContractParams },
  responses: { 200: { ...json(Contract, 'The contract.'), ...withEtag }, ...errorResponses },
})

export const updateContract = createRoute({
  ...admin,
  method: 'patch',
  path: '/contracts/{contract_id}',
  operationId: 'updateContract',
  summary: 'Change a contract',
  description:
    'Programs (replaced as a whole), dates and notes; the provider of a contract does not change (make a new contract). The same rules as on creation apply to the result. A revoked contract answers 409 `invalid_state`. With `If-Match`, a stale version answers 412 and nothing changes.',
  request: { params: ContractParams, headers: IfMatchHeader, body: jsonBody(UpdateContract) },
  responses: { 200: { ...json(Contract, 'The updated contract.'), ...withEtag }, ...errorResponses, ...conflictResponse, ...preconditionResponse },
})

export const revokeContract = createRoute({
  ...admin,
  method: 'post',
  path: '/contracts/{contract_id}/revoke',
  operationId: 'revokeContract',
  summary: 'Revoke a contract',
  description:
    'Ends the contract for good, at once: every credential it issued is revoked in the same step and the provider surface stops accepting it. The contract stays on record with status `revoked`. Revoking a revoked contract changes nothing.',
  request: { params: ContractParams, headers: IdempotencyKeyHeader },
  responses: { 200: json(Contract, 'The revoked contract.'), ...errorResponses },
})
