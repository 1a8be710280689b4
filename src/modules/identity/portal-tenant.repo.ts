import { type Kysely, sql } from 'kysely'
import { withRuntime } from '../../db/tenant'
import type { DB } from '../../db/types'

export type PortalTenant = { tenant_id: string; tenant_status: 'active' | 'suspended' }

const SLUG_OR_HOST = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/i

/**
 * The tenant a portal names by its slug or its portal host (`branding.portal_host`), found before
 * any tenant is set, through the one security-definer function for it.
 */
export const findPortalTenant = async (db: Kysely<DB>, slugOrHost: string): Promise<PortalTenant | undefined> => {
  if (!SLUG_OR_HOST.test(slugOrHost)) return undefined
  const { rows } = await withRuntime(db, (tx) => sql<PortalTenant>`select * from portal_tenant(${slugOrHost})`.execute(tx))
  return rows[0]
}
