import { type Insertable, sql, type Updateable } from 'kysely'
import { newestFirst } from '../../db/keyset'
import type { ProgramStatus, ProgramsTable } from '../../db/tables/programs'
import type { TenantTx } from '../../db/tenant'

export const insertProgram = (tx: TenantTx, values: Insertable<ProgramsTable>) =>
  tx.insertInto('programs').values(values).returningAll().executeTakeFirstOrThrow()

/** The program; with `lock`, its row is locked until the transaction ends (changes to it and its groups serialise). */
export const findProgram = (tx: TenantTx, tenantId: string, id: string, options: { lock?: boolean } = {}) =>
  tx
    .selectFrom('programs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .$if(options.lock === true, (q) => q.forUpdate())
    .executeTakeFirst()

export type ProgramFilter = { status?: ProgramStatus; siteId?: string }

/** The statement reading a page of programs, to run with others (db/pipeline.ts). */
export const listProgramsQuery = (tx: TenantTx, tenantId: string, filter: ProgramFilter, limit: number, after?: string) =>
  tx
    .selectFrom('programs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status as ProgramStatus))
    .$if(filter.siteId !== undefined, (q) => q.where('site_id', '=', filter.siteId as string))
    .$call(newestFirst(after, limit))

export const updateProgram = (tx: TenantTx, tenantId: string, id: string, changes: Updateable<ProgramsTable>) =>
  tx
    .updateTable('programs')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()

export { tenantTimeZone, timeZoneQuery } from '../tenants'

/**
 * Whether a provider is assigned: a contract that is not revoked covers the program.
 * (The contracts tables belong to the providers module, migration 0003.)
 */
export const providerAssigned = async (tx: TenantTx, tenantId: string, programId: string) => {
  const { rows } = await sql<{ assigned: boolean }>`
    select exists (
      select 1 from contract_programs cp
      join contracts c on c.tenant_id = cp.tenant_id and c.id = cp.contract_id
      where cp.tenant_id = ${tenantId} and cp.program_id = ${programId} and c.revoked_at is null
    ) as assigned`.execute(tx)
  return rows[0]?.assigned === true
}
