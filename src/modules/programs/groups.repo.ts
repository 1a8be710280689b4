import type { Insertable, Updateable } from 'kysely'
import type { ProgramGroupsTable } from '../../db/tables/programs'
import type { TenantTx } from '../../db/tenant'

export const insertGroup = (tx: TenantTx, values: Insertable<ProgramGroupsTable>) =>
  tx.insertInto('program_groups').values(values).returningAll().executeTakeFirstOrThrow()

export const findGroup = (tx: TenantTx, tenantId: string, programId: string, id: string) =>
  tx.selectFrom('program_groups').selectAll().where('tenant_id', '=', tenantId).where('program_id', '=', programId).where('id', '=', id).executeTakeFirst()

export const listGroups = (tx: TenantTx, tenantId: string, programId: string, limit: number, after?: string) =>
  tx
    .selectFrom('program_groups')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('program_id', '=', programId)
    .$if(after !== undefined, (q) => q.where('id', '>', after as string))
    .orderBy('id', 'asc')
    .limit(limit + 1)
    .execute()

/** Every group's band and capacity, to check a program change against. */
export const listGroupBands = (tx: TenantTx, tenantId: string, programId: string) =>
  tx
    .selectFrom('program_groups')
    .select(['name', 'min_age', 'max_age', 'capacity'])
    .where('tenant_id', '=', tenantId)
    .where('program_id', '=', programId)
    .orderBy('id')
    .execute()

export const findGroupByName = (tx: TenantTx, tenantId: string, programId: string, name: string) =>
  tx.selectFrom('program_groups').select('id').where('tenant_id', '=', tenantId).where('program_id', '=', programId).where('name', '=', name).executeTakeFirst()

export const updateGroup = (tx: TenantTx, tenantId: string, id: string, changes: Updateable<ProgramGroupsTable>) =>
  tx
    .updateTable('program_groups')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()

export const deleteGroup = (tx: TenantTx, tenantId: string, id: string) =>
  tx.deleteFrom('program_groups').where('tenant_id', '=', tenantId).where('id', '=', id).execute()
