import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { notFound } from '../../lib/errors'
import { prefixes, uuidOf } from '../../lib/ids'
import { decodeIdCursor, page } from '../../lib/pagination'
import type { createCredential, listCredentials, revokeCredential, rotateCredential } from './credentials.routes'
import * as credentials from './credentials.service'

const contractOf = (contract_id: string) => uuidOf(prefixes.contract, contract_id, 'contract')
const credentialOf = (client_id: string) => uuidOf(credentials.CLIENT_ID_PREFIX, client_id, 'credential')
const noCredential = (contract_id: string, client_id: string) => notFound('credential', `${client_id} of contract ${contract_id}`)

export const createCredentialHandler: RouteHandler<typeof createCredential, AppEnv> = async (c) => {
  const { contract_id } = c.req.valid('param')
  // The body is optional: without one the credential has no name.
  const { name } = c.req.valid('json')
  const issued = await c.var.inTenant((scope) => credentials.issueCredential(scope, contractOf(contract_id), { name }))
  if (!issued) throw notFound('contract', contract_id)
  return c.json(issued, 201)
}

export const listCredentialsHandler: RouteHandler<typeof listCredentials, AppEnv> = async (c) => {
  const { contract_id } = c.req.valid('param')
  const { limit, cursor } = c.req.valid('query')
  const after = decodeIdCursor(cursor)
  const rows = await c.var.inTenant((scope) => credentials.listCredentials(scope, contractOf(contract_id), limit, after))
  if (!rows) throw notFound('contract', contract_id)
  return c.json(
    page(rows, limit, (r) => r.id, credentials.toCredential),
    200,
  )
}

export const rotateCredentialHandler: RouteHandler<typeof rotateCredential, AppEnv> = async (c) => {
  const { contract_id, client_id } = c.req.valid('param')
  // The body is optional: without one nothing fills the default, so it is applied here too.
  const { grace_period_seconds = 0 } = c.req.valid('json')
  const rotated = await c.var.inTenant((scope) => credentials.rotateCredential(scope, contractOf(contract_id), credentialOf(client_id), grace_period_seconds))
  if (!rotated) throw noCredential(contract_id, client_id)
  return c.json(rotated, 200)
}

export const revokeCredentialHandler: RouteHandler<typeof revokeCredential, AppEnv> = async (c) => {
  const { contract_id, client_id } = c.req.valid('param')
  const revoked = await c.var.inTenant((scope) => credentials.revokeCredential(scope, contractOf(contract_id), credentialOf(client_id)))
  if (!revoked) throw noCredential(contract_id, client_id)
  return c.json(revoked, 200)
}
