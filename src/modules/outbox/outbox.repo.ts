import { type Kysely, sql } from 'kysely'
import { type TenantData, withRuntime } from '../../db/tenant'
import type { DB } from '../../db/types'

/** A claimed message: its handler may run, then it is settled with the claim's token. */
export type OutboxMessage = {
  tenant_id: string
  id: string
  kind: string
  payload: Record<string, unknown>
  /** Attempts so far, this one included. */
  attempts: number
  claim_token: string
}

/** Writes a message in the transaction of the change it follows from; it is delivered after commit. */
export const insertMessage = async (scope: TenantData, kind: string, payload: Record<string, unknown>) =>
  (await scope.tx.insertInto('outbox').values({ tenant_id: scope.tenantId, kind, payload }).returning('id').executeTakeFirstOrThrow()).id

/** Claims due messages of every tenant (the one cross-tenant path, a security-definer function). */
export const claimDue = (db: Kysely<DB>, limit: number, leaseSeconds: number) =>
  withRuntime(db, async (tx) => (await sql<OutboxMessage>`select * from claim_outbox(${limit}, ${leaseSeconds})`.execute(tx)).rows)

/** Claims one message of the tenant when it is pending and nobody holds it. */
export const claimOne = (scope: TenantData, id: string, leaseSeconds: number) =>
  scope.tx
    .updateTable('outbox')
    .set((eb) => ({
      claim_token: sql<string>`gen_random_uuid()`,
      claimed_until: sql<Date>`now() + make_interval(secs => ${leaseSeconds})`,
      attempts: eb('attempts', '+', 1),
    }))
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', sql<Date>`now()`)]))
    .returning(['tenant_id', 'id', 'kind', 'payload', 'attempts', 'claim_token'])
    .executeTakeFirst() as Promise<OutboxMessage | undefined>

const claimed = (scope: TenantData, m: OutboxMessage) =>
  scope.tx.updateTable('outbox').where('tenant_id', '=', m.tenant_id).where('id', '=', m.id).where('claim_token', '=', m.claim_token)

export const markDelivered = (scope: TenantData, m: OutboxMessage) =>
  claimed(scope, m).set({ status: 'delivered', delivered_at: new Date(), claim_token: null, claimed_until: null, last_error: null }).execute()

/** Releases the claim after a failure: tried again at `retryAt`, or given up (`dead`) when null. */
export const markFailed = (scope: TenantData, m: OutboxMessage, error: string, retryAt: Date | null) =>
  claimed(scope, m)
    .set({
      status: retryAt === null ? 'dead' : 'pending',
      available_at: retryAt ?? new Date(),
      claim_token: null,
      claimed_until: null,
      last_error: error.slice(0, 2000),
    })
    .execute()

/** The tenant's latest message of a kind: whether it went out, or how it is failing. */
export const latestOf = (scope: TenantData, kind: string) =>
  scope.tx
    .selectFrom('outbox')
    .select(['status', 'attempts', 'last_error', 'available_at', 'created_at', 'delivered_at'])
    .where('tenant_id', '=', scope.tenantId)
    .where('kind', '=', kind)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
