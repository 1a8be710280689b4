import { type Insertable, sql, type Updateable } from 'kysely'
import { newestFirst } from '../../db/keyset'
import type { ProgramStatus, ProgramsTable } from '../../db/tables/programs'
import type { TenantData } from '../../db/tenant'

export const insertProgram = (scope: TenantData, values: Insertable<ProgramsTable>) =>
  scope.tx.insertInto('programs').values(values).returningAll().executeTakeFirstOrThrow()

/** The program; with `lock`, its row is locked until the transaction ends (changes to it and its groups serialise). */
export const findProgram = (scope: TenantData, id: string, options: { lock?: boolean } = {}) =>
  scope.tx
    .selectFrom('programs')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .$if(options.lock === true, (q) => q.forUpdate())
    .executeTakeFirst()

export type ProgramFilter = { status?: ProgramStatus; siteId?: string }

/** The statement reading a page of programs, to run with others (db/pipeline.ts). */
export const listProgramsQuery = (scope: TenantData, filter: ProgramFilter, limit: number, after?: string) =>
  scope.tx
    .selectFrom('programs')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status as ProgramStatus))
    .$if(filter.siteId !== undefined, (q) => q.where('site_id', '=', filter.siteId as string))
    .$call(newestFirst(after, limit))

export const updateProgram = (scope: TenantData, id: string, changes: Updateable<ProgramsTable>) =>
  scope.tx
    .updateTable('programs')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()

export { timeZoneQuery } from '../tenants'

/**
 * Whether a provider is assigned: a contract that is not revoked covers the program.
 * (The contracts tables belong to the providers module, migration 0003.)
 */
export const providerAssigned = async (scope: TenantData, programId: string) => {
  const { rows } = await sql<{ assigned: boolean }>`
    select exists (
      select 1 from contract_programs cp
      join contracts c on c.tenant_id = cp.tenant_id and c.id = cp.contract_id
      where cp.tenant_id = ${scope.tenantId} and cp.program_id = ${programId} and c.revoked_at is null
    ) as assigned`.execute(scope.tx)
  return rows[0]?.assigned === true
}
