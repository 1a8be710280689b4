import type { Selectable } from 'kysely'
import type { SitesTable } from '../../db/tables/programs'
import type { TenantData, TenantScope } from '../../db/tenant'
import { recordAudit } from '../../lib/audit'
import { ApiError } from '../../lib/errors'
import { staleVersion } from '../../lib/etag'
import { newId, prefixes, toApiId } from '../../lib/ids'
import * as repo from './sites.repo'

export const toSite = (row: Selectable<SitesTable>) => ({
  id: toApiId(prefixes.site, row.id),
  object: 'site' as const,
  name: row.name,
  address: row.address,
  capacity_note: row.capacity_note,
  contact_phone: row.contact_phone,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
})

export type SiteInput = { name: string; address: string; capacity_note?: string; contact_phone?: string }
export type SiteChanges = { name?: string; address?: string; capacity_note?: string | null; contact_phone?: string | null }

export const createSite = async (scope: TenantScope, input: SiteInput) => {
  const id = newId(prefixes.site)
  const row = await repo.insertSite(scope, { tenant_id: scope.tenantId, id: id.uuid, ...input })
  await recordAudit(scope, { action: 'site.created', objectType: 'site', objectId: id.api })
  return row
}

/** The updated site; undefined when the tenant has no such site; 412 when `expectedVersion` is stale. */
export const updateSite = async (scope: TenantScope, id: string, changes: SiteChanges, expectedVersion?: number) => {
  const row = await repo.updateSite(scope, id, changes, expectedVersion)
  if (!row) {
    if (expectedVersion !== undefined && (await repo.findSite(scope, id))) throw staleVersion()
    return undefined
  }
  await recordAudit(scope, { action: 'site.updated', objectType: 'site', objectId: toApiId(prefixes.site, id), details: { fields: Object.keys(changes) } })
  return row
}

const inUse = (count: number) =>
  new ApiError('conflict', `${count} program${count === 1 ? ' names' : 's name'} this site; a site in use cannot be deleted.`, [
    { path: 'site_id', message: `used by ${count} program${count === 1 ? '' : 's'}` },
  ])

/** Deletes an unused site; false when the tenant has no such site. */
export const deleteSite = async (scope: TenantScope, id: string, expectedVersion?: number) => {
  // The row lock makes a concurrent program that names the site wait, then fail its foreign key.
  const site = await repo.findSite(scope, id, { lock: true })
  if (!site) return false
  if (expectedVersion !== undefined && site.version !== expectedVersion) throw staleVersion()
  const programs = await repo.countProgramsAt(scope, id)
  if (programs > 0) throw inUse(programs)
  await repo.deleteSite(scope, id)
  await recordAudit(scope, { action: 'site.deleted', objectType: 'site', objectId: toApiId(prefixes.site, id), details: { name: site.name } })
  return true
}

/** Whether the tenant has this site (for programs that name one). */
export const siteExists = async (scope: TenantData, id: string) => (await repo.findSite(scope, id)) !== undefined

/** A site's name and address (for calendars and labels); null when the tenant has no such site. */
export const siteLabel = async (scope: TenantData, id: string) => {
  const site = await repo.findSite(scope, id)
  return site ? { name: site.name, address: site.address } : null
}
