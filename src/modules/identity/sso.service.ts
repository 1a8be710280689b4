import type { Selectable } from 'kysely'
import type { IdTokenAlgorithm, SsoSettingsTable } from '../../db/tables/portal'
import type { TenantData, TenantScope } from '../../db/tenant'
import { recordAudit } from '../../lib/audit'
import { staleVersion } from '../../lib/etag'
import { prefixes, toApiId } from '../../lib/ids'

export type SsoSettingsRow = Selectable<SsoSettingsTable>
export type SsoInput = {
  issuer: string
  jwks_uri: string
  audience: string
  algorithms: IdTokenAlgorithm[]
  match_on: 'employee_number' | 'email'
  claim?: string
}

export const toSsoSettings = (row: SsoSettingsRow) => ({
  object: 'sso_settings' as const,
  issuer: row.issuer,
  jwks_uri: row.jwks_uri,
  audience: row.audience,
  algorithms: row.algorithms,
  match_on: row.match_on,
  claim: row.claim,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
})

export const findSsoSettings = (scope: TenantData) => scope.tx.selectFrom('sso_settings').selectAll().where('tenant_id', '=', scope.tenantId).executeTakeFirst()

/** Creates or replaces the settings; with `expectedVersion`, only that version is replaced (412 otherwise). */
export const putSsoSettings = async (scope: TenantScope, input: SsoInput, expectedVersion?: number) => {
  const values = {
    issuer: input.issuer,
    jwks_uri: input.jwks_uri,
    audience: input.audience,
    algorithms: [...new Set(input.algorithms)],
    match_on: input.match_on,
    claim: input.claim ?? input.match_on,
  }
  const current = await scope.tx.selectFrom('sso_settings').select('version').where('tenant_id', '=', scope.tenantId).forUpdate().executeTakeFirst()
  if (expectedVersion !== undefined && current?.version !== expectedVersion) throw staleVersion()
  const row = current
    ? await scope.tx
        .updateTable('sso_settings')
        .set((eb) => ({ ...values, version: eb('version', '+', 1), updated_at: new Date() }))
        .where('tenant_id', '=', scope.tenantId)
        .returningAll()
        .executeTakeFirstOrThrow()
    : await scope.tx
        .insertInto('sso_settings')
        .values({ tenant_id: scope.tenantId, ...values })
        .onConflict((oc) => oc.column('tenant_id').doUpdateSet((eb) => ({ ...values, version: eb('sso_settings.version', '+', 1), updated_at: new Date() })))
        .returningAll()
        .executeTakeFirstOrThrow()
  await recordAudit(scope, {
    action: current ? 'sso_settings.updated' : 'sso_settings.created',
    objectType: 'sso_settings',
    objectId: toApiId(prefixes.tenant, scope.tenantId),
    details: { issuer: row.issuer, match_on: row.match_on, claim: row.claim, algorithms: row.algorithms },
  })
  return row
}

/** Turns SSO off; true when there were settings to remove. */
export const deleteSsoSettings = async (scope: TenantScope) => {
  const removed = await scope.tx.deleteFrom('sso_settings').where('tenant_id', '=', scope.tenantId).returning('tenant_id').executeTakeFirst()
  if (removed) await recordAudit(scope, { action: 'sso_settings.deleted', objectType: 'sso_settings', objectId: toApiId(prefixes.tenant, scope.tenantId) })
  return Boolean(removed)
}
