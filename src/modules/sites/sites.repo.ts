import type { Insertable, Updateable } from 'kysely'
import { newestFirst } from '../../db/keyset'
import type { SitesTable } from '../../db/tables/programs'
import type { TenantData } from '../../db/tenant'

export const insertSite = (scope: TenantData, values: Insertable<SitesTable>) =>
  scope.tx.insertInto('sites').values(values).returningAll().executeTakeFirstOrThrow()

export const findSite = (scope: TenantData, id: string, options: { lock?: boolean } = {}) =>
  scope.tx
    .selectFrom('sites')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .$if(options.lock === true, (q) => q.forUpdate())
    .executeTakeFirst()

export const listSites = (scope: TenantData, limit: number, after?: string) =>
  scope.tx.selectFrom('sites').selectAll().where('tenant_id', '=', scope.tenantId).$call(newestFirst(after, limit)).execute()

/** Updates when `expectedVersion` (if given) is still current; undefined otherwise. */
export const updateSite = (scope: TenantData, id: string, changes: Updateable<SitesTable>, expectedVersion?: number) =>
  scope.tx
    .updateTable('sites')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .$if(expectedVersion !== undefined, (q) => q.where('version', '=', expectedVersion as number))
    .returningAll()
    .executeTakeFirst()

/** How many programs (any status) name the site. */
export const countProgramsAt = async (scope: TenantData, siteId: string) =>
  Number(
    (
      await scope.tx
        .selectFrom('programs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', scope.tenantId)
        .where('site_id', '=', siteId)
        .executeTakeFirstOrThrow()
    ).n,
  )

export const deleteSite = (scope: TenantData, id: string) =>
  scope.tx.deleteFrom('sites').where('tenant_id', '=', scope.tenantId).where('id', '=', id).returning('id').executeTakeFirst()
