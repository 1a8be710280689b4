import type { Insertable, Updateable } from 'kysely'
import { newestFirst } from '../../db/keyset'
import type { SitesTable } from '../../db/tables/programs'
import type { TenantTx } from '../../db/tenant'

export const insertSite = (tx: TenantTx, values: Insertable<SitesTable>) => tx.insertInto('sites').values(values).returningAll().executeTakeFirstOrThrow()

export const findSite = (tx: TenantTx, tenantId: string, id: string, options: { lock?: boolean } = {}) =>
  tx
    .selectFrom('sites')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .$if(options.lock === true, (q) => q.forUpdate())
    .executeTakeFirst()

export const listSites = (tx: TenantTx, tenantId: string, limit: number, after?: string) =>
  tx.selectFrom('sites').selectAll().where('tenant_id', '=', tenantId).$call(newestFirst(after, limit)).execute()

/** Updates when `expectedVersion` (if given) is still current; undefined otherwise. */
export const updateSite = (tx: TenantTx, tenantId: string, id: string, changes: Updateable<SitesTable>, expectedVersion?: number) =>
  tx
    .updateTable('sites')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .$if(expectedVersion !== undefined, (q) => q.where('version', '=', expectedVersion as number))
    .returningAll()
    .executeTakeFirst()

/** How many programs (any status) name the site. */
export const countProgramsAt = async (tx: TenantTx, tenantId: string, siteId: string) =>
  Number(
    (
      await tx
        .selectFrom('programs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('site_id', '=', siteId)
        .executeTakeFirstOrThrow()
    ).n,
  )

export const deleteSite = (tx: TenantTx, tenantId: string, id: string) =>
  tx.deleteFrom('sites').where('tenant_id', '=', tenantId).where('id', '=', id).returning('id').executeTakeFirst()
