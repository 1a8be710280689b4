import type { Insertable, Updateable } from 'kysely'
import { newestFirst } from '../../db/keyset'
import type { PlatformTx, TenantData } from '../../db/tenant'
import type { TenantsTable } from '../../db/types'

export const insertTenant = (tx: PlatformTx, values: Insertable<TenantsTable>) =>
  tx.insertInto('tenants').values(values).returningAll().executeTakeFirstOrThrow()

export const findTenant = (tx: PlatformTx, id: string) => tx.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst()

/** The scope's own tenant. */
export const findOwnTenant = ({ tx, tenantId }: TenantData) => tx.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirst()

export const findTenantBySlug = (tx: PlatformTx, slug: string) => tx.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirst()

export const listTenants = (tx: PlatformTx, limit: number, after?: string) => tx.selectFrom('tenants').selectAll().$call(newestFirst(after, limit)).execute()

/** Updates when `expectedVersion` (if given) is still current; undefined otherwise. */
export const updateTenant = (tx: PlatformTx, id: string, changes: Updateable<TenantsTable>, expectedVersion?: number) =>
  updateTenantRow(tx, id, changes, expectedVersion)

/** Updates the scope's own tenant, when `expectedVersion` (if given) is still current; undefined otherwise. */
export const updateOwnTenant = ({ tx, tenantId }: TenantData, changes: Updateable<TenantsTable>, expectedVersion?: number) =>
  updateTenantRow(tx, tenantId, changes, expectedVersion)

const updateTenantRow = (tx: PlatformTx | TenantData['tx'], id: string, changes: Updateable<TenantsTable>, expectedVersion?: number) =>
  tx
    .updateTable('tenants')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', id)
    .$if(expectedVersion !== undefined, (q) => q.where('version', '=', expectedVersion as number))
    .returningAll()
    .executeTakeFirst()

/** The statement reading the tenant's IANA time zone, to run with others (db/pipeline.ts). */
export const timeZoneQuery = ({ tx, tenantId }: TenantData) => tx.selectFrom('tenants').select('time_zone').where('id', '=', tenantId)
