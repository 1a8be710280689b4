import type { Insertable, Updateable } from 'kysely'
import type { ProgramGroupsTable } from '../../db/tables/programs'
import type { TenantData } from '../../db/tenant'

export const insertGroup = (scope: TenantData, values: Insertable<ProgramGroupsTable>) =>
  scope.tx.insertInto('program_groups').values(values).returningAll().executeTakeFirstOrThrow()

export const findGroup = (scope: TenantData, programId: string, id: string) =>
  scope.tx
    .selectFrom('program_groups')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('program_id', '=', programId)
    .where('id', '=', id)
    .executeTakeFirst()

export const listGroups = (scope: TenantData, programId: string, limit: number, after?: string) =>
  scope.tx
    .selectFrom('program_groups')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('program_id', '=', programId)
    .$if(after !== undefined, (q) => q.where('id', '>', after as string))
    .orderBy('id', 'asc')
    .limit(limit + 1)
    .execute()

/** Every group's band and capacity, to check a program change against. */
export const listGroupBands = (scope: TenantData, programId: string) =>
  scope.tx
    .selectFrom('program_groups')
    .select(['name', 'min_age', 'max_age', 'capacity'])
    .where('tenant_id', '=', scope.tenantId)
    .where('program_id', '=', programId)
    .orderBy('id')
    .execute()

export const findGroupByName = (scope: TenantData, programId: string, name: string) =>
  scope.tx
    .selectFrom('program_groups')
    .select('id')
    .where('tenant_id', '=', scope.tenantId)
    .where('program_id', '=', programId)
    .where('name', '=', name)
    .executeTakeFirst()

export const updateGroup = (scope: TenantData, id: string, changes: Updateable<ProgramGroupsTable>) =>
  scope.tx
    .updateTable('program_groups')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()

export const deleteGroup = (scope: TenantData, id: string) =>
  scope.tx.deleteFrom('program_groups').where('tenant_id', '=', scope.tenantId).where('id', '=', id).execute()
