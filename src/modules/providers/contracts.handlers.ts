import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { notFound } from '../../lib/errors'
import { etagOf, versionFromIfMatch } from '../../lib/etag'
import { prefixes, uuidOf } from '../../lib/ids'
import { decodeIdCursor, page } from '../../lib/pagination'
import type { createContract, getContract, listContracts, revokeContract, updateContract } from './contracts.routes'
import * as contracts from './contracts.service'

export const createContractHandler: RouteHandler<typeof createContract, AppEnv> = async (c) => {
  const { contract, version } = await c.var.inTenant((scope) => contracts.createContract(scope, c.req.valid('json')))
  c.header('ETag', etagOf(version))
  return c.json(contract, 201)
}

export const listContractsHandler: RouteHandler<typeof listContracts, AppEnv> = async (c) => {
  const { limit, cursor, provider_id, program_id, status } = c.req.valid('query')
  const after = decodeIdCursor(cursor)
  // A filter naming an object this tenant does not have matches nothing: an empty page, not an error.
  const filter = {
    providerId: provider_id && uuidOf(prefixes.provider, provider_id, 'provider'),
    programId: program_id && uuidOf(prefixes.program, program_id, 'program'),
    status,
  }
  const { rows, view } = await c.var.inTenant((scope) => contracts.listContracts(scope, filter, limit, after))
  return c.json(
    page(rows, limit, (r) => r.id, view),
    200,
  )
}

export const getContractHandler: RouteHandler<typeof getContract, AppEnv> = async (c) => {
  const { contract_id } = c.req.valid('param')
  const found = await c.var.inTenant((scope) => contracts.getContract(scope, uuidOf(prefixes.contract, contract_id, 'contract')))
  if (!found) throw notFound('contract', contract_id)
  c.header('ETag', etagOf(found.version))
  return c.json(found.contract, 200)
}

export const updateContractHandler: RouteHandler<typeof updateContract, AppEnv> = async (c) => {
  const { contract_id } = c.req.valid('param')
  const id = uuidOf(prefixes.contract, contract_id, 'contract')
  const expected = versionFromIfMatch(c.req.valid('header')['if-match'])
  const updated = await c.var.inTenant((scope) => contracts.updateContract(scope, id, c.req.valid('json'), expected))
  if (!updated) throw notFound('contract', contract_id)
  c.header('ETag', etagOf(updated.version))
  return c.json(updated.contract, 200)
}

export const revokeContractHandler: RouteHandler<typeof revokeContract, AppEnv> = async (c) => {
  const { contract_id } = c.req.valid('param')
  const id = uuidOf(prefixes.contract, contract_id, 'contract')
  const revoked = await c.var.inTenant((scope) => contracts.revokeContract(scope, id))
  if (!revoked) throw notFound('contract', contract_id)
  return c.json(revoked.contract, 200)
}
