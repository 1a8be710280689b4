import { type Selectable, sql, type Updateable } from 'kysely'
import { newestFirst } from '../../db/keyset'
import type { ContractsTable } from '../../db/tables/providers'
import type { TenantData } from '../../db/tenant'
import type { ContractStatus } from './contracts.rules'

export type ContractRow = Selectable<ContractsTable>

/** The tenant's calendar date now, YYYY-MM-DD, in its time zone. */
export const tenantToday = async (scope: TenantData) => {
  const row = await scope.tx
    .selectFrom('tenants')
    .select(sql<string>`to_char(now() at time zone time_zone, 'YYYY-MM-DD')`.as('today'))
    .where('id', '=', scope.tenantId)
    .executeTakeFirstOrThrow()
  return row.today
}

/** A contract; `lock` takes a row lock for the rest of the transaction. */
export const findContract = (scope: TenantData, id: string, lock?: 'update' | 'share') =>
  scope.tx
    .selectFrom('contracts')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .$if(lock === 'update', (q) => q.forUpdate())
    .$if(lock === 'share', (q) => q.forShare())
    .executeTakeFirst()

/** The programs each contract covers, in id order. */
export const programIdsOf = async (scope: TenantData, contractIds: string[]) => {
  const byContract = new Map<string, string[]>(contractIds.map((id) => [id, []]))
  if (contractIds.length === 0) return byContract
  const rows = await scope.tx
    .selectFrom('contract_programs')
    .select(['contract_id', 'program_id'])
    .where('tenant_id', '=', scope.tenantId)
    .where('contract_id', 'in', contractIds)
    .orderBy('program_id')
    .execute()
  for (const r of rows) byContract.get(r.contract_id)?.push(r.program_id)
  return byContract
}

export type ContractFilter = { providerId?: string; programId?: string; status?: ContractStatus }

export const listContracts = (scope: TenantData, filter: ContractFilter, today: string, limit: number, after?: string) =>
  scope.tx
    .selectFrom('contracts')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .$if(filter.providerId !== undefined, (q) => q.where('provider_id', '=', filter.providerId as string))
    .$if(filter.programId !== undefined, (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('contract_programs as cp')
            .select('cp.program_id')
            .whereRef('cp.tenant_id', '=', 'contracts.tenant_id')
            .whereRef('cp.contract_id', '=', 'contracts.id')
            .where('cp.program_id', '=', filter.programId as string),
        ),
      ),
    )
    .$if(filter.status === 'revoked', (q) => q.where('revoked_at', 'is not', null))
    .$if(filter.status === 'scheduled', (q) => q.where('revoked_at', 'is', null).where('starts_on', '>', today))
    .$if(filter.status === 'active', (q) => q.where('revoked_at', 'is', null).where('starts_on', '<=', today).where('ends_on', '>=', today))
    .$if(filter.status === 'expired', (q) => q.where('revoked_at', 'is', null).where('ends_on', '<', today))
    .$call(newestFirst(after, limit))
    .execute()

/** Whether the provider exists; locks it against deletion until the transaction ends. */
export const lockProvider = async (scope: TenantData, id: string) =>
  Boolean(await scope.tx.selectFrom('providers').select('id').where('tenant_id', '=', scope.tenantId).where('id', '=', id).forKeyShare().executeTakeFirst())

/** Which of these programs exist in the tenant; locks them against deletion until the transaction ends. */
export const lockPrograms = async (scope: TenantData, ids: readonly string[]) => {
  if (ids.length === 0) return new Set<string>()
  const rows = await scope.tx.selectFrom('programs').select('id').where('tenant_id', '=', scope.tenantId).where('id', 'in', ids).forKeyShare().execute()
  return new Set(rows.map((r) => r.id))
}

export const insertContract = (
  scope: TenantData,
  values: { tenant_id: string; id: string; provider_id: string; starts_on: string; ends_on: string; notes: string | null },
) => scope.tx.insertInto('contracts').values(values).returningAll().executeTakeFirstOrThrow()

/** Makes the contract cover exactly `programIds`; answers what was added and removed. */
export const setContractPrograms = async (scope: TenantData, contractId: string, programIds: readonly string[]) => {
  const current = new Set((await programIdsOf(scope, [contractId])).get(contractId))
  const wanted = new Set(programIds)
  const added = [...wanted].filter((id) => !current.has(id))
  const removed = [...current].filter((id) => !wanted.has(id))
  if (removed.length > 0)
    await scope.tx
      .deleteFrom('contract_programs')
      .where('tenant_id', '=', scope.tenantId)
      .where('contract_id', '=', contractId)
      .where('program_id', 'in', removed)
      .execute()
  if (added.length > 0)
    await scope.tx
      .insertInto('contract_programs')
      .values(added.map((program_id) => ({ tenant_id: scope.tenantId, contract_id: contractId, program_id })))
      .execute()
  return { added, removed }
}

export const updateContractRow = (scope: TenantData, id: string, changes: Updateable<ContractsTable>) =>
  scope.tx
    .updateTable('contracts')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
