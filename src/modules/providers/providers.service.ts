import type { Selectable } from 'kysely'
import { newestFirst } from '../../db/keyset'
import type { ProviderContact, ProviderKind, ProvidersTable } from '../../db/tables/providers'
import type { TenantData, TenantScope } from '../../db/tenant'
import { recordAudit } from '../../lib/audit'
import { ApiError } from '../../lib/errors'
import { staleVersion } from '../../lib/etag'
import { newId, prefixes, toApiId } from '../../lib/ids'

export type ProviderRow = Selectable<ProvidersTable>

export const toProvider = (row: ProviderRow) => ({
  id: toApiId(prefixes.provider, row.id),
  object: 'provider' as const,
  name: row.name,
  kind: row.kind,
  contact: row.contact,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
})

export const findProvider = (scope: TenantData, id: string) =>
  scope.tx.selectFrom('providers').selectAll().where('tenant_id', '=', scope.tenantId).where('id', '=', id).executeTakeFirst()

export const listProviders = (scope: TenantData, filter: { kind?: ProviderKind }, limit: number, after?: string) =>
  scope.tx
    .selectFrom('providers')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .$if(filter.kind !== undefined, (q) => q.where('kind', '=', filter.kind as ProviderKind))
    .$call(newestFirst(after, limit))
    .execute()

export const createProvider = async (scope: TenantScope, input: { name: string; kind: ProviderKind; contact: ProviderContact }) => {
  const id = newId(prefixes.provider)
  const row = await scope.tx
    .insertInto('providers')
    .values({ tenant_id: scope.tenantId, id: id.uuid, name: input.name, kind: input.kind, contact: input.contact })
    .returningAll()
    .executeTakeFirstOrThrow()
  await recordAudit(scope, { action: 'provider.created', objectType: 'provider', objectId: id.api, details: { kind: input.kind } })
  return row
}

/** Applies the changes; undefined when there is no such provider, 412 when `expectedVersion` is stale. */
export const updateProvider = async (
  scope: TenantScope,
  id: string,
  changes: { name?: string; kind?: ProviderKind; contact?: ProviderContact },
  expectedVersion?: number,
) => {
  const current = await scope.tx
    .selectFrom('providers')
    .select('version')
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  if (!current) return undefined
  if (expectedVersion !== undefined && current.version !== expectedVersion) throw staleVersion()
  const row = await scope.tx
    .updateTable('providers')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
  await recordAudit(scope, {
    action: 'provider.updated',
    objectType: 'provider',
    objectId: toApiId(prefixes.provider, id),
    details: { fields: Object.keys(changes) },
  })
  return row
}

/**
 * Deletes a provider that no contract names (revoked contracts included: they stay on record).
 * False when there is no such provider.
 */
export const deleteProvider = async (scope: TenantScope, id: string) => {
  const provider = await scope.tx
    .selectFrom('providers')
    .select('id')
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  if (!provider) return false
  const apiId = toApiId(prefixes.provider, id)
  const { count } = await scope.tx
    .selectFrom('contracts')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('tenant_id', '=', scope.tenantId)
    .where('provider_id', '=', id)
    .executeTakeFirstOrThrow()
  if (Number(count) > 0) {
    throw new ApiError(
      'conflict',
      `Provider ${apiId} is named by ${count} contract${Number(count) === 1 ? '' : 's'}; a provider with contracts stays on record. Revoke its contracts instead.`,
    )
  }
  await scope.tx.deleteFrom('providers').where('tenant_id', '=', scope.tenantId).where('id', '=', id).execute()
  await recordAudit(scope, { action: 'provider.deleted', objectType: 'provider', objectId: apiId })
  return true
}
