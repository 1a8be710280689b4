import { type Selectable, sql, type Updateable } from 'kysely'
import type { TenantBillingTable } from '../../db/tables/billing'
import type { TenantTx } from '../../db/tenant'

export type TenantBillingRow = Selectable<TenantBillingTable>

export const findTenantBilling = (tx: TenantTx, tenantId: string) =>
  tx.selectFrom('tenant_billing').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst()

/** Updates the tenant's billing row, creating it (empty) on first write. */
export const saveTenantBilling = async (tx: TenantTx, tenantId: string, changes: Updateable<TenantBillingTable>) => {
  await tx
    .insertInto('tenant_billing')
    .values({ tenant_id: tenantId })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute()
  return tx
    .updateTable('tenant_billing')
    .set({ ...changes, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Confirmed enrollments in running programs (published or closed, today within their dates, in the tenant's time zone). */
export const billableQuantity = async (tx: TenantTx, tenantId: string) =>
  (await sql<{ quantity: number }>`select billable_quantity(${tenantId}) as quantity`.execute(tx)).rows[0]?.quantity ?? 0

export const tenantFacts = (tx: TenantTx, tenantId: string) =>
  tx.selectFrom('tenants').select(['id', 'slug', 'name', 'status', 'branding']).where('id', '=', tenantId).executeTakeFirst()

/**
 * Claims the event for this transaction, before applying it. False when it is already recorded: a
 * retry, or a concurrent delivery (whose insert waited on the key until the first one committed).
 */
export const claimStripeEvent = async (tx: TenantTx, tenantId: string, event: { id: string; type: string; objectId: string | null; created: Date }) => {
  const inserted = await tx
    .insertInto('stripe_events')
    .values({ tenant_id: tenantId, event_id: event.id, type: event.type, object_id: event.objectId, outcome: 'processing', created_at: event.created })
    .onConflict((oc) => oc.columns(['tenant_id', 'event_id']).doNothing())
    .returning('event_id')
    .executeTakeFirst()
  return inserted !== undefined
}

/** Notes what applying the event did, in the same transaction. */
export const noteStripeEventOutcome = (tx: TenantTx, tenantId: string, eventId: string, outcome: string) =>
  tx.updateTable('stripe_events').set({ outcome }).where('tenant_id', '=', tenantId).where('event_id', '=', eventId).execute()
