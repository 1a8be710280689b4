import { sql } from 'kysely'
import { atCommit } from '../db/pipeline'
import type { TenantScope } from '../db/tenant'
import type { Principal } from '../env'
import { newId, prefixes, toApiId } from './ids'

export type Actor = { kind: 'platform' | 'api_key' | 'employee' | 'contract'; id: string; requestId: string }

export const actorOf = (principal: Principal, requestId: string): Actor => {
  switch (principal.kind) {
    case 'platform':
      return { kind: 'platform', id: 'platform', requestId }
    case 'admin':
      return { kind: 'api_key', id: toApiId(prefixes.apiKey, principal.keyId), requestId }
    case 'employee':
      return { kind: 'employee', id: toApiId(prefixes.employee, principal.employeeId), requestId }
    case 'provider':
      return { kind: 'contract', id: toApiId(prefixes.contract, principal.contractId), requestId }
  }
}

export type AuditEntry = { action: string; objectType: string; objectId: string; details?: Record<string, unknown> }

/**
 * Appends to the tenant's audit log, naming the scope's actor, in the transaction that makes the change. Nothing reads it
 * back there, so it waits for the COMMIT and goes out with it (see `atCommit`): one round trip
 * fewer, and it is written exactly when the change is.
 */
export const recordAudit = ({ tx, actor }: Pick<TenantScope, 'tx' | 'actor'>, entry: AuditEntry) =>
  atCommit(
    tx,
    tx.insertInto('audit_events').values({
      tenant_id: sql<string>`app_tenant()`,
      id: newId(prefixes.audit).uuid,
      actor_kind: actor.kind,
      actor_id: actor.id,
      action: entry.action,
      object_type: entry.objectType,
      object_id: entry.objectId,
      request_id: actor.requestId,
      details: entry.details ?? {},
    }),
  )
