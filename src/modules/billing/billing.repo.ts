import { type Selectable, sql, type Updateable } from 'kysely'
import type { TenantBillingTable } from '../../db/tables/billing'
import type { TenantData } from '../../db/tenant'

export type TenantBillingRow = Selectable<TenantBillingTable>

export const findTenantBilling = (scope: TenantData) =>
  scope.tx.selectFrom('tenant_billing').selectAll().where('tenant_id', '=', scope.tenantId).executeTakeFirst()

/** Updates the tenant's billing row, creating it (empty) on first write. */
export const saveTenantBilling = async (scope: TenantData, changes: Updateable<TenantBillingTable>) => {
  await scope.tx
    .insertInto('tenant_billing')
    .values({ tenant_id: scope.tenantId })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute()
  return scope.tx
    .updateTable('tenant_billing')
    .set({ ...changes, updated_at: new Date() })
    .where('tenant_id', '=', scope.tenantId)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Confirmed enrollments in running programs (published or closed, today within their dates, in the tenant's time zone). */
export const billableQuantity = async (scope: TenantData) =>
  (await sql<{ quantity: number }>`select billable_quantity(${scope.tenantId}) as quantity`.execute(scope.tx)).rows[0]?.quantity ?? 0

export const tenantFacts = (scope: TenantData) =>
  scope.tx.selectFrom('tenants').select(['id', 'slug', 'name', 'status', 'branding']).where('id', '=', scope.tenantId).executeTakeFirst()

/**
 * Claims the event for this transaction, before applying it. False when it is already recorded: a
 * retry, or a concurrent delivery (whose insert waited on the key until the first one committed).
 */
export const claimStripeEvent = async (scope: TenantData, event: { id: string; type: string; objectId: string | null; created: Date }) => {
  const inserted = await scope.tx
    .insertInto('stripe_events')
    .values({ tenant_id: scope.tenantId, event_id: event.id, type: event.type, object_id: event.objectId, outcome: 'processing', created_at: event.created })
    .onConflict((oc) => oc.columns(['tenant_id', 'event_id']).doNothing())
    .returning('event_id')
    .executeTakeFirst()
  return inserted !== undefined
}

/** Notes what applying the event did, in the same transaction. */
export const noteStripeEventOutcome = (scope: TenantData, eventId: string, outcome: string) =>
  scope.tx.updateTable('stripe_events').set({ outcome }).where('tenant_id', '=', scope.tenantId).where('event_id', '=', eventId).execute()
