import type { Selectable } from 'kysely'
import { newestFirst } from '../../db/keyset'
import type { TenantData, TenantScope } from '../../db/tenant'
import type { ApiKeysTable } from '../../db/types'
import { recordAudit } from '../../lib/audit'
import { newId, prefixes, toApiId } from '../../lib/ids'
import { randomToken, sha256Hex } from '../../lib/secrets'
import { API_KEY_PREFIX } from '../../middleware/auth'

const VISIBLE_PREFIX_LENGTH = 11

export const toApiKey = (row: Selectable<ApiKeysTable>) => ({
  id: toApiId(prefixes.apiKey, row.id),
  object: 'api_key' as const,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes as ('read' | 'write')[],
  created_at: row.created_at.toISOString(),
  last_used_at: row.last_used_at?.toISOString() ?? null,
  revoked_at: row.revoked_at?.toISOString() ?? null,
})

/** Issues a key: the secret is returned once and only its SHA-256 is stored. */
export const issueApiKey = async (scope: TenantScope, input: { name: string; scopes: string[] }) => {
  const secret = `${API_KEY_PREFIX}${randomToken(32)}`
  const id = newId(prefixes.apiKey)
  const row = await scope.tx
    .insertInto('api_keys')
    .values({
      tenant_id: scope.tenantId,
      id: id.uuid,
      name: input.name,
      prefix: secret.slice(0, VISIBLE_PREFIX_LENGTH),
      secret_hash: await sha256Hex(secret),
      scopes: [...new Set(input.scopes)],
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  await recordAudit(scope, { action: 'api_key.created', objectType: 'api_key', objectId: id.api, details: { scopes: row.scopes } })
  return { ...toApiKey(row), secret }
}

export const listApiKeys = (scope: TenantData, limit: number, after?: string) =>
  scope.tx.selectFrom('api_keys').selectAll().where('tenant_id', '=', scope.tenantId).$call(newestFirst(after, limit)).execute()

/** Revokes a key (idempotently); undefined when the tenant has no such key. */
export const revokeApiKey = async (scope: TenantScope, id: string) => {
  const row = await scope.tx
    .updateTable('api_keys')
    .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(new Date())) }))
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
  if (row) await recordAudit(scope, { action: 'api_key.revoked', objectType: 'api_key', objectId: toApiId(prefixes.apiKey, id) })
  return row
}
