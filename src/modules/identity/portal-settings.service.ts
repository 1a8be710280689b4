import type { TenantTx } from '../../db/tenant'
import { type Actor, recordAudit } from '../../lib/audit'
import { staleVersion } from '../../lib/etag'
import { prefixes, toApiId } from '../../lib/ids'

export type PortalSettingsView = { origins: string[]; version: number; updated_at: Date | null }

/** The tenant's portal settings; version 0 and no origins until HR sets them. */
export const findPortalSettings = async (tx: TenantTx, tenantId: string): Promise<PortalSettingsView> => {
  const row = await tx.selectFrom('portal_settings').select(['origins', 'version', 'updated_at']).where('tenant_id', '=', tenantId).executeTakeFirst()
  return row ?? { origins: [], version: 0, updated_at: null }
}

export const toPortalSettings = (view: PortalSettingsView) => ({
  object: 'portal_settings' as const,
  origins: view.origins,
  updated_at: view.updated_at?.toISOString() ?? null,
})

/** Replaces the settings; with `expectedVersion` only that version (0: never set), else 412. */
export const putPortalSettings = async (tx: TenantTx, tenantId: string, actor: Actor, input: { origins: string[] }, expectedVersion?: number) => {
  const origins = [...new Set(input.origins)]
  const current = await tx.selectFrom('portal_settings').select('version').where('tenant_id', '=', tenantId).forUpdate().executeTakeFirst()
  if (expectedVersion !== undefined && (current?.version ?? 0) !== expectedVersion) throw staleVersion()
  const row = await tx
    .insertInto('portal_settings')
    .values({ tenant_id: tenantId, origins })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet((eb) => ({ origins, version: eb('portal_settings.version', '+', 1), updated_at: new Date() })))
    .returning(['origins', 'version', 'updated_at'])
    .executeTakeFirstOrThrow()
  await recordAudit(tx, actor, {
    action: 'portal_settings.updated',
    objectType: 'portal_settings',
    objectId: toApiId(prefixes.tenant, tenantId),
    details: { origins },
  })
  return row
}
