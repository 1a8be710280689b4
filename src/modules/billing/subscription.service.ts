import type { Kysely } from 'kysely'
import { type TenantData, withTenant } from '../../db/tenant'
import type { DB } from '../../db/types'
import type { BillingConfig } from '../../lib/billing-config'
import { prefixes, toApiId } from '../../lib/ids'
import type { OutboxMessage } from '../outbox'
import { billableQuantity, findTenantBilling, saveTenantBilling, tenantFacts } from './billing.repo'
import { type Stripe, stripeFor } from './stripe.client'

/** Subscriptions in these states are over: Stripe refuses changes to them, so the sync leaves them be. */
const ENDED = ['canceled', 'incomplete_expired']

const fromUnix = (seconds: number | null | undefined) => (typeof seconds === 'number' ? new Date(seconds * 1000) : null)

/** What we keep of a subscription Stripe returned or reported. */
export const subscriptionFields = (sub: Stripe.Subscription) => {
  const item = sub.items.data[0]
  return {
    stripe_subscription_id: sub.id,
    stripe_subscription_item_id: item?.id ?? null,
    price_id: item?.price?.id ?? null,
    subscription_status: sub.status,
    quantity: item?.quantity ?? null,
    current_period_end: fromUnix(item?.current_period_end),
    cancel_at_period_end: sub.cancel_at_period_end,
  }
}

const syncState = async (scope: TenantData) => {
  const tenant = await tenantFacts(scope)
  return tenant && { tenant, billing: await findTenantBilling(scope), quantity: await billableQuantity(scope) }
}

/**
 * Brings the tenant's Stripe subscription in line with its billable quantity: creates the customer
 * and the subscription on first need, then sets the quantity when it differs. Every call carries an
 * idempotency key, so a retry after a lost answer repeats nothing; the quantity is read when the
 * message runs, so one message covers every change committed before it.
 */
export const syncSubscription = async (db: Kysely<DB>, config: BillingConfig, message: Pick<OutboxMessage, 'tenant_id' | 'id'>) => {
  const tenantId = message.tenant_id
  const stripe = stripeFor(config)
  const state = await withTenant(db, tenantId, (scope) => syncState(scope))
  if (!state) return
  const metadata = { tenant_id: toApiId(prefixes.tenant, tenantId), tenant_slug: state.tenant.slug }

  let customerId = state.billing?.stripe_customer_id ?? null
  if (customerId === null) {
    const customer = await stripe.customers.create({ name: state.tenant.name, metadata }, { idempotencyKey: `tuoguan-customer-${tenantId}` })
    customerId = customer.id
    await withTenant(db, tenantId, (scope) => saveTenantBilling(scope, { stripe_customer_id: customer.id }))
  }

  let subscription = state.billing?.stripe_subscription_id ? state.billing : null
  if (subscription === null) {
    // Created at quantity 0 so that a retry sends the very same request; the quantity follows below.
    const created = await stripe.subscriptions.create(
      {
        customer: customerId,
        items: [{ price: config.priceId, quantity: 0 }],
        collection_method: 'send_invoice',
        days_until_due: 30,
        metadata,
      },
      { idempotencyKey: `tuoguan-subscription-${tenantId}-${customerId}` },
    )
    subscription = await withTenant(db, tenantId, (scope) =>
      saveTenantBilling(scope, { ...subscriptionFields(created), quantity_synced_at: new Date(), last_event_at: fromUnix(created.created) }),
    )
  }
  if (subscription.stripe_subscription_item_id === null || ENDED.includes(subscription.subscription_status ?? '')) return
  if (subscription.quantity === state.quantity) return

  const item = await stripe.subscriptionItems.update(
    subscription.stripe_subscription_item_id,
    { quantity: state.quantity, proration_behavior: 'create_prorations' },
    { idempotencyKey: `tuoguan-quantity-${message.id}-${state.quantity}` },
  )
  await withTenant(db, tenantId, (scope) => saveTenantBilling(scope, { quantity: item.quantity ?? state.quantity, quantity_synced_at: new Date() }))
}

/**
 * A subscription event from Stripe: keeps status, period end and quantity as Stripe reports them.
 * An event older than the last one applied changes nothing; a subscription that is not the
 * tenant's is ignored.
 */
export const applySubscriptionEvent = async (scope: TenantData, sub: Stripe.Subscription, eventCreated: Date) => {
  const current = await findTenantBilling(scope)
  if (current?.stripe_subscription_id && current.stripe_subscription_id !== sub.id) return 'ignored: not the tenant subscription'
  const customerId = typeof sub.customer === 'string' ? sub.customer : sub.customer.id
  if (current?.stripe_customer_id && current.stripe_customer_id !== customerId) return 'ignored: not the tenant customer'
  if (current?.last_event_at && current.last_event_at > eventCreated) return 'ignored: older than the state applied'
  await saveTenantBilling(scope, { stripe_customer_id: customerId, ...subscriptionFields(sub), last_event_at: eventCreated })
  return `subscription ${sub.status}`
}
