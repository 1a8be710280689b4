import type { TenantData, TenantScope } from '../../db/tenant'
import { recordAudit } from '../../lib/audit'
import { staleVersion } from '../../lib/etag'
import { prefixes, toApiId } from '../../lib/ids'

export type PortalSettingsView = { origins: string[]; version: number; updated_at: Date | null }

/** The tenant's portal settings; version 0 and no origins until HR sets them. */
export const findPortalSettings = async (scope: TenantData): Promise<PortalSettingsView> => {
  const row = await scope.tx
    .selectFrom('portal_settings')
    .select(['origins', 'version', 'updated_at'])
    .where('tenant_id', '=', scope.tenantId)
    .executeTakeFirst()
  return row ?? { origins: [], version: 0, updated_at: null }
}

export const toPortalSettings = (view: PortalSettingsView) => ({
  object: 'portal_settings' as const,
  origins: view.origins,
  updated_at: view.updated_at?.toISOString() ?? null,
})

/** Replaces the settings; with `expectedVersion` only that version (0: never set), else 412. */
export const putPortalSettings = async (scope: TenantScope, input: { origins: string[] }, expectedVersion?: number) => {
  const origins = [...new Set(input.origins)]
  const current = await scope.tx.selectFrom('portal_settings').select('version').where('tenant_id', '=', scope.tenantId).forUpdate().executeTakeFirst()
  if (expectedVersion !== undefined && (current?.version ?? 0) !== expectedVersion) throw staleVersion()
  const row = await scope.tx
    .insertInto('portal_settings')
    .values({ tenant_id: scope.tenantId, origins })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet((eb) => ({ origins, version: eb('portal_settings.version', '+', 1), updated_at: new Date() })))
    .returning(['origins', 'version', 'updated_at'])
    .executeTakeFirstOrThrow()
  await recordAudit(scope, {
    action: 'portal_settings.updated',
    objectType: 'portal_settings',
    objectId: toApiId(prefixes.tenant, scope.tenantId),
    details: { origins },
  })
  return row
}
