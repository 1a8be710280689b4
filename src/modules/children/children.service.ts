import type { AuthorizedPickup, EmergencyContact, Sex } from '../../db/tables/portal'
import type { TenantData, TenantScope } from '../../db/tenant'
import { recordAudit } from '../../lib/audit'
import { staleVersion } from '../../lib/etag'
import { appendFeedEvents } from '../../lib/feed'
import { newId, prefixes, toApiId } from '../../lib/ids'
import { withdrawChildEnrollments } from '../enrollments'
import { childChangeEvents } from './children.events'
import * as repo from './children.repo'
import { checkDateOfBirth, requireConsent, todayIn } from './children.rules'

type ChildFields = {
  name: string
  date_of_birth: string
  sex: Sex | null
  allergies: string[]
  medical_notes: string | null
  dietary_needs: string[]
  emergency_contacts: EmergencyContact[]
  authorized_pickups: AuthorizedPickup[]
}
export type CreateChildInput = Omit<ChildFields, 'sex' | 'medical_notes'> & {
  sex?: Sex | null
  medical_notes?: string | null
  consent?: { purpose: string; policy_version: string }
}

const childApiId = (uuid: string) => toApiId(prefixes.child, uuid)

export const toChild = (row: repo.ChildRow) => ({
  id: childApiId(row.id),
  object: 'child' as const,
  name: row.name,
  date_of_birth: row.date_of_birth,
  sex: row.sex,
  allergies: row.allergies,
  medical_notes: row.medical_notes,
  dietary_needs: row.dietary_needs,
  emergency_contacts: row.emergency_contacts,
  authorized_pickups: row.authorized_pickups,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
})

export const toConsent = (row: repo.ConsentRow) => ({
  id: toApiId(prefixes.consent, row.id),
  object: 'consent' as const,
  child_id: childApiId(row.child_id),
  purpose: row.purpose,
  policy_version: row.policy_version,
  given_at: row.given_at.toISOString(),
  withdrawn_at: row.withdrawn_at?.toISOString() ?? null,
  withdrawal_reason: row.withdrawal_reason,
})

const checkBirthInTenant = async (scope: TenantData, born: string) => checkDateOfBirth(born, todayIn(await scope.timeZone()))

/**
 * Registers a child of the signed-in guardian. The consent comes first: without it nothing is
 * stored. The child and its consent-ledger entry commit together.
 */
export const createChild = async (scope: TenantScope, employeeId: string, input: CreateChildInput) => {
  const consent = requireConsent(input.consent)
  await checkBirthInTenant(scope, input.date_of_birth)
  const id = newId(prefixes.child)
  const row = await repo.insertChild(scope, {
    tenant_id: scope.tenantId,
    id: id.uuid,
    employee_id: employeeId,
    name: input.name,
    date_of_birth: input.date_of_birth,
    sex: input.sex ?? null,
    allergies: input.allergies,
    medical_notes: input.medical_notes ?? null,
    dietary_needs: input.dietary_needs,
    emergency_contacts: input.emergency_contacts,
    authorized_pickups: input.authorized_pickups,
  })
  const consentId = newId(prefixes.consent)
  await repo.insertConsent(scope, {
    tenant_id: scope.tenantId,
    id: consentId.uuid,
    employee_id: employeeId,
    child_id: id.uuid,
    purpose: consent.purpose,
    policy_version: consent.policy_version,
    request_id: scope.actor.requestId,
  })
  await recordAudit(scope, { action: 'consent.given', objectType: 'consent', objectId: consentId.api, details: { child_id: id.api, ...consent } })
  await recordAudit(scope, { action: 'child.created', objectType: 'child', objectId: id.api })
  return row
}

/** Applies the changes to one of the guardian's children; undefined when they have no such child. */
export const updateChild = async (scope: TenantScope, employeeId: string, id: string, changes: Partial<ChildFields>, expectedVersion?: number) => {
  const current = await repo.findChild(scope, employeeId, id, true)
  if (!current) return undefined
  if (expectedVersion !== undefined && current.version !== expectedVersion) throw staleVersion()
  if (changes.date_of_birth !== undefined) await checkBirthInTenant(scope, changes.date_of_birth)
  const row = await repo.updateChild(scope, employeeId, id, changes)
  // Field names only: the audit log keeps no child data.
  await recordAudit(scope, { action: 'child.updated', objectType: 'child', objectId: childApiId(id), details: { fields: Object.keys(changes) } })
  // Last: the providers of the child's programs learn of new pickups or allergies (feed order needs it last).
  await appendFeedEvents(scope, await childChangeEvents(scope, current, row))
  return row
}

/**
 * Erases a child: the row with all its data goes. The consent ledger keeps its entries (who
 * consented to what, when) marked withdrawn, with no data of the child but its id.
 */
export const deleteChild = async (scope: TenantScope, employeeId: string, id: string) => {
  const current = await repo.findChild(scope, employeeId, id, true)
  if (!current) return false
  // First the child's live enrollments end, so their seats go to the waitlist and providers hear of it.
  await withdrawChildEnrollments(scope, id)
  const withdrawn = await repo.withdrawConsents(scope, employeeId, id, 'child_deleted')
  await repo.deleteChild(scope, employeeId, id)
  for (const consent of withdrawn)
    await recordAudit(scope, {
      action: 'consent.withdrawn',
      objectType: 'consent',
      objectId: toApiId(prefixes.consent, consent.id),
      details: { reason: 'child_deleted' },
    })
  await recordAudit(scope, { action: 'child.deleted', objectType: 'child', objectId: childApiId(id) })
  return true
}

/** Everything stored about the guardian's children, and the consent ledger behind it. */
export const exportChildren = async (scope: TenantData, employeeId: string) => {
  const [children, consents] = [await repo.allChildren(scope, employeeId), await repo.allConsents(scope, employeeId)]
  return { children: children.map(toChild), consents: consents.map(toConsent) }
}

export { findChild, listChildren, listConsents } from './children.repo'
