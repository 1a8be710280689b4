import { type Selectable, sql } from 'kysely'
import { newestFirst } from '../../db/keyset'
import type { ContractCredentialsTable } from '../../db/tables/providers'
import type { TenantData, TenantScope } from '../../db/tenant'
import { recordAudit } from '../../lib/audit'
import { ApiError } from '../../lib/errors'
import { newId, prefixes, toApiId } from '../../lib/ids'
import { randomToken, sha256Hex } from '../../lib/secrets'
import { findContract } from './contracts.repo'

/** Client ids are TypeIDs with this prefix; secrets start with `cs_`. */
export const CLIENT_ID_PREFIX = 'cli'
export const CLIENT_SECRET_PREFIX = 'cs_'
/** Credentials in use per contract, at most: enough to rotate through a second one, few enough to keep track of. */
export const MAX_ACTIVE_CREDENTIALS = 5
/** The longest a rotated-out secret may keep working. */
export const MAX_GRACE_PERIOD_SECONDS = 7 * 24 * 60 * 60
const VISIBLE_PREFIX_LENGTH = 11

type CredentialRow = Selectable<ContractCredentialsTable>

export const toCredential = (row: CredentialRow) => ({
  id: row.client_id,
  object: 'contract_credential' as const,
  client_id: row.client_id,
  contract_id: toApiId(prefixes.contract, row.contract_id),
  name: row.name,
  secret_prefix: row.secret_prefix,
  created_at: row.created_at.toISOString(),
  rotated_at: row.rotated_at?.toISOString() ?? null,
  previous_secret_expires_at: row.previous_secret_expires_at?.toISOString() ?? null,
  last_used_at: row.last_used_at?.toISOString() ?? null,
  revoked_at: row.revoked_at?.toISOString() ?? null,
})

const newSecret = async () => {
  const secret = `${CLIENT_SECRET_PREFIX}${randomToken(32)}`
  return { secret, prefix: secret.slice(0, VISIBLE_PREFIX_LENGTH), hash: await sha256Hex(secret) }
}

const contractApiId = (id: string) => toApiId(prefixes.contract, id)

/** Issues a credential; the secret is returned once. Undefined when there is no such contract. */
export const issueCredential = async (scope: TenantScope, contractId: string, input: { name?: string | null }) => {
  // The lock orders this against a concurrent revocation of the contract and other issues.
  const contract = await findContract(scope, contractId, 'update')
  if (!contract) return undefined
  if (contract.revoked_at) throw new ApiError('invalid_state', `Contract ${contractApiId(contractId)} is revoked; it issues no more credentials.`)
  const { count } = await scope.tx
    .selectFrom('contract_credentials')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('tenant_id', '=', scope.tenantId)
    .where('contract_id', '=', contractId)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow()
  if (Number(count) >= MAX_ACTIVE_CREDENTIALS)
    throw new ApiError(
      'conflict',
      `Contract ${contractApiId(contractId)} already has ${MAX_ACTIVE_CREDENTIALS} credentials in use, the most it may have; revoke one first.`,
    )
  const id = newId(CLIENT_ID_PREFIX)
  const secret = await newSecret()
  const row = await scope.tx
    .insertInto('contract_credentials')
    .values({
      tenant_id: scope.tenantId,
      id: id.uuid,
      contract_id: contractId,
      client_id: id.api,
      name: input.name ?? null,
      secret_prefix: secret.prefix,
      secret_hash: secret.hash,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  await recordAudit(scope, {
    action: 'contract_credential.created',
    objectType: 'contract_credential',
    objectId: id.api,
    details: { contract_id: contractApiId(contractId) },
  })
  return { ...toCredential(row), client_secret: secret.secret }
}

/** A page of the contract's credentials, newest first; undefined when there is no such contract. */
export const listCredentials = async (scope: TenantData, contractId: string, limit: number, after?: string) => {
  if (!(await findContract(scope, contractId))) return undefined
  return scope.tx
    .selectFrom('contract_credentials')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('contract_id', '=', contractId)
    .$call(newestFirst(after, limit))
    .execute()
}

const findCredential = (scope: TenantData, contractId: string, id: string) =>
  scope.tx
    .selectFrom('contract_credentials')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('contract_id', '=', contractId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()

/**
 * Replaces the secret and keeps the client id. The previous secret stops working at once, or
 * after `grace_period_seconds`; a secret still in its grace period from an earlier rotation stops
 * at once. Undefined when the contract has no such credential.
 */
export const rotateCredential = async (scope: TenantScope, contractId: string, id: string, grace_period_seconds: number) => {
  const current = await findCredential(scope, contractId, id)
  if (!current) return undefined
  if (current.revoked_at)
    throw new ApiError('invalid_state', `Credential ${current.client_id} is revoked; it cannot be rotated. Issue a new credential instead.`)
  const secret = await newSecret()
  const grace = grace_period_seconds > 0
  const row = await scope.tx
    .updateTable('contract_credentials')
    .set({
      secret_prefix: secret.prefix,
      secret_hash: secret.hash,
      previous_secret_hash: grace ? current.secret_hash : null,
      previous_secret_expires_at: grace ? sql<Date>`now() + make_interval(secs => ${grace_period_seconds})` : null,
      rotated_at: sql<Date>`now()`,
    })
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
  await recordAudit(scope, {
    action: 'contract_credential.rotated',
    objectType: 'contract_credential',
    objectId: current.client_id,
    details: { contract_id: contractApiId(contractId), grace_period_seconds },
  })
  return { ...toCredential(row), client_secret: secret.secret }
}

/** Revokes a credential at once (idempotently); undefined when the contract has no such credential. */
export const revokeCredential = async (scope: TenantScope, contractId: string, id: string) => {
  const current = await findCredential(scope, contractId, id)
  if (!current) return undefined
  if (current.revoked_at) return toCredential(current)
  const row = await scope.tx
    .updateTable('contract_credentials')
    .set({ revoked_at: new Date() })
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
  await recordAudit(scope, {
    action: 'contract_credential.revoked',
    objectType: 'contract_credential',
    objectId: current.client_id,
    details: { contract_id: contractApiId(contractId) },
  })
  return toCredential(row)
}

/** Revokes every credential of the contract still in use (when the contract is revoked); answers their client ids. */
export const revokeAllCredentials = async (scope: TenantData, contractId: string, at: Date) => {
  const rows = await scope.tx
    .updateTable('contract_credentials')
    .set({ revoked_at: at })
    .where('tenant_id', '=', scope.tenantId)
    .where('contract_id', '=', contractId)
    .where('revoked_at', 'is', null)
    .returning('client_id')
    .execute()
  return rows.map((r) => r.client_id)
}
