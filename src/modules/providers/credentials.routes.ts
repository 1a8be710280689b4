import { createRoute, z } from '@hono/zod-openapi'
import { conflictResponse, errorResponses, IdempotencyKeyHeader, json } from '../../lib/openapi'
import { ListQuery, listOf } from '../../lib/pagination'
import { ContractId } from './contracts.schemas'
import { ClientId, ContractCredential, ContractCredentialWithSecret, CreateContractCredential, RotateContractCredential } from './credentials.schemas'

const admin = { tags: ['Contracts'], security: [{ apiKey: [] }] }
const ContractParams = z.object({ contract_id: ContractId })
const CredentialParams = ContractParams.extend({ client_id: ClientId })
const optionalBody = <T extends z.ZodType>(schema: T) => ({ required: false, content: { 'application/json': { schema } } })

export const createCredential = createRoute({
  ...admin,
  method: 'post',
  path: '/contracts/{contract_id}/credentials',
  operationId: 'createContractCredential',
  summary: 'Issue a client credential',
  description:
    'OAuth client credentials for the provider surface: `client_id` and `client_secret`, exchanged for a short-lived token at `POST /v1/oauth/token`. The secret is in this response only; we keep a SHA-256 hash. A contract has at most 5 credentials in use (409 beyond); a revoked contract issues none (409 `invalid_state`).',
  request: { params: ContractParams, headers: IdempotencyKeyHeader, body: optionalBody(CreateContractCredential) },
  responses: { 201: json(ContractCredentialWithSecret, 'The credential, with its secret.'), ...errorResponses, ...conflictResponse },
})

export const listCredentials = createRoute({
  ...admin,
  method: 'get',
  path: '/contracts/{contract_id}/credentials',
  operationId: 'listContractCredentials',
  summary: "List a contract's credentials",
  description: 'Newest first, revoked ones included. Secrets are never shown again.',
  request: { params: ContractParams, query: ListQuery },
  responses: { 200: json(listOf(ContractCredential, 'ContractCredentialList'), 'A page of credentials.'), ...errorResponses },
})

export const rotateCredential = createRoute({
  ...admin,
  method: 'post',
  path: '/contracts/{contract_id}/credentials/{client_id}/rotate',
  operationId: 'rotateContractCredential',
  summary: 'Rotate a credential’s secret',
  description:
    'Issues a new `client_secret` for the same `client_id` (shown in this response only). The previous secret stops working at once, or after `grace_period_seconds` (up to 7 days) so the provider can switch without downtime. A revoked credential answers 409 `invalid_state`.',
  request: { params: CredentialParams, headers: IdempotencyKeyHeader, body: optionalBody(RotateContractCredential) },
  responses: { 200: json(ContractCredentialWithSecret, 'The credential, with its new secret.'), ...errorResponses, ...conflictResponse },
})

export const revokeCredential = createRoute({
  ...admin,
  method: 'delete',
  path: '/contracts/{contract_id}/credentials/{client_id}',
  operationId: 'revokeContractCredential',
  summary: 'Revoke a credential',
  description: 'The credential stops working at once, its secret and any previous secret alike. Revoking a revoked credential changes nothing.',
  request: { params: CredentialParams },
  responses: { 200: json(ContractCredential, 'The revoked credential.'), ...errorResponses },
})
