import type { TenantData, TenantScope } from '../../db/tenant'
import { recordAudit } from '../../lib/audit'
import { ApiError, type FieldError } from '../../lib/errors'
import { staleVersion } from '../../lib/etag'
import { newId, parseApiId, prefixes, toApiId } from '../../lib/ids'
import * as repo from './contracts.repo'
import { contractStatus, dateRangeErrors } from './contracts.rules'
import { revokeAllCredentials } from './credentials.service'

export const toContract = (row: repo.ContractRow, programIds: string[], today: string) => ({
  id: toApiId(prefixes.contract, row.id),
  object: 'contract' as const,
  provider_id: toApiId(prefixes.provider, row.provider_id),
  program_ids: programIds.map((id) => toApiId(prefixes.program, id)),
  starts_on: row.starts_on,
  ends_on: row.ends_on,
  notes: row.notes,
  status: contractStatus(row, today),
  revoked_at: row.revoked_at?.toISOString() ?? null,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
})
export type ContractView = ReturnType<typeof toContract>

const present = async (scope: TenantData, row: repo.ContractRow) => ({
  contract: toContract(row, (await repo.programIdsOf(scope, [row.id])).get(row.id) ?? [], await repo.tenantToday(scope)),
  version: row.version,
})

type Refs = { providerId?: string; programIds?: readonly string[] }

/**
 * Checks the dates and that every object the body names exists in this tenant (locking them
 * against deletion until commit); answers every failure at once, as 422 naming each field.
 * Returns the UUIDs behind the named ids.
 */
const validate = async (scope: TenantData, dates: { starts_on: string; ends_on: string }, refs: Refs) => {
  const errors: FieldError[] = [...dateRangeErrors(dates.starts_on, dates.ends_on)]
  let providerUuid: string | undefined
  if (refs.providerId !== undefined) {
    providerUuid = parseApiId(prefixes.provider, refs.providerId) ?? undefined
    if (!providerUuid || !(await repo.lockProvider(scope, providerUuid)))
      errors.push({ path: 'provider_id', message: `no provider ${refs.providerId} in this tenant` })
  }
  const programs = (refs.programIds ?? []).map((api) => ({ api, uuid: parseApiId(prefixes.program, api) }))
  const found = await repo.lockPrograms(
    scope,
    programs.flatMap((p) => (p.uuid ? [p.uuid] : [])),
  )
  programs.forEach((p, i) => {
    if (!p.uuid || !found.has(p.uuid)) errors.push({ path: `program_ids.${i}`, message: `no program ${p.api} in this tenant` })
  })
  if (errors.length > 0) {
    const rules = errors.length === 1 ? 'a rule' : `${errors.length} rules`
    throw new ApiError('invalid_request', `The contract breaks ${rules}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}.`, errors)
  }
  return { providerUuid, programUuids: programs.map((p) => p.uuid as string) }
}

export type CreateContractInput = { provider_id: string; program_ids: string[]; starts_on: string; ends_on: string; notes?: string | null }

export const createContract = async (scope: TenantScope, input: CreateContractInput) => {
  const { providerUuid, programUuids } = await validate(scope, input, { providerId: input.provider_id, programIds: input.program_ids })
  const id = newId(prefixes.contract)
  const row = await repo.insertContract(scope, {
    tenant_id: scope.tenantId,
    id: id.uuid,
    provider_id: providerUuid as string,
    starts_on: input.starts_on,
    ends_on: input.ends_on,
    notes: input.notes ?? null,
  })
  await repo.setContractPrograms(scope, id.uuid, programUuids)
  await recordAudit(scope, {
    action: 'contract.created',
    objectType: 'contract',
    objectId: id.api,
    details: { provider_id: input.provider_id, program_ids: input.program_ids, starts_on: input.starts_on, ends_on: input.ends_on },
  })
  return present(scope, row)
}

export const getContract = async (scope: TenantData, id: string) => {
  const row = await repo.findContract(scope, id)
  return row ? present(scope, row) : undefined
}

export const listContracts = async (scope: TenantData, filter: repo.ContractFilter, limit: number, after?: string) => {
  const today = await repo.tenantToday(scope)
  const rows = await repo.listContracts(scope, filter, today, limit, after)
  const programs = await repo.programIdsOf(
    scope,
    rows.map((r) => r.id),
  )
  return { rows, view: (row: repo.ContractRow) => toContract(row, programs.get(row.id) ?? [], today) }
}

const revokedError = (row: repo.ContractRow) =>
  new ApiError(
    'invalid_state',
    `Contract ${toApiId(prefixes.contract, row.id)} was revoked at ${row.revoked_at?.toISOString()}; a revoked contract cannot change. Create a new contract instead.`,
  )

export type UpdateContractInput = { program_ids?: string[]; starts_on?: string; ends_on?: string; notes?: string | null }

/** Applies the changes; undefined when there is no such contract. Revoked contracts refuse (409). */
export const updateContract = async (scope: TenantScope, id: string, changes: UpdateContractInput, expectedVersion?: number) => {
  const current = await repo.findContract(scope, id, 'update')
  if (!current) return undefined
  if (expectedVersion !== undefined && current.version !== expectedVersion) throw staleVersion()
  if (current.revoked_at) throw revokedError(current)
  const dates = { starts_on: changes.starts_on ?? current.starts_on, ends_on: changes.ends_on ?? current.ends_on }
  const { programUuids } = await validate(scope, dates, { programIds: changes.program_ids })
  const { program_ids: _, ...columns } = changes
  const programs = changes.program_ids ? await repo.setContractPrograms(scope, id, programUuids) : { added: [], removed: [] }
  const row = await repo.updateContractRow(scope, id, columns)
  await recordAudit(scope, {
    action: 'contract.updated',
    objectType: 'contract',
    objectId: toApiId(prefixes.contract, id),
    details: {
      fields: Object.keys(changes),
      ...(changes.program_ids
        ? {
            programs_added: programs.added.map((p) => toApiId(prefixes.program, p)),
            programs_removed: programs.removed.map((p) => toApiId(prefixes.program, p)),
          }
        : {}),
    },
  })
  return present(scope, row)
}

/**
 * Revokes a contract and every credential it issued, at once and for good. Revoking a revoked
 * contract changes nothing. Undefined when there is no such contract.
 */
export const revokeContract = async (scope: TenantScope, id: string) => {
  const current = await repo.findContract(scope, id, 'update')
  if (!current) return undefined
  if (current.revoked_at) return present(scope, current)
  const now = new Date()
  const row = await repo.updateContractRow(scope, id, { revoked_at: now })
  const credentials = await revokeAllCredentials(scope, id, now)
  await recordAudit(scope, {
    action: 'contract.revoked',
    objectType: 'contract',
    objectId: toApiId(prefixes.contract, id),
    details: { credentials_revoked: credentials },
  })
  return present(scope, row)
}
