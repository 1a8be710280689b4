import type { Kysely } from 'kysely'
import { type TenantScope, withTenant } from '../../db/tenant'
import type { DB } from '../../db/types'
import type { Actor } from '../../lib/audit'
import type { BillingConfig } from '../../lib/billing-config'
import { parseApiId, prefixes } from '../../lib/ids'
import { claimStripeEvent, noteStripeEventOutcome, tenantFacts } from './billing.repo'
import { confirmPaidCheckout, releaseUnpaidCheckout } from './payments.events'
import type { Stripe } from './stripe.client'
import { applySubscriptionEvent } from './subscription.service'

/** What applying an event may use: its tenant's scope (Stripe the actor) and the settings. */
export type EventScope = TenantScope & { readonly billing: BillingConfig }

type Routed = { tenantId: string; objectId: string; apply: (scope: EventScope) => Promise<string> }

const idOf = (prefix: string, metadata: Stripe.Metadata | null | undefined, key: string) => {
  const value = metadata?.[key]
  return typeof value === 'string' ? parseApiId(prefix, value) : null
}

/** The co-payment a Checkout Session is for, from the metadata we gave it: its tenant and enrollment. */
const checkoutRoute = (session: Stripe.Checkout.Session, apply: (scope: EventScope, enrollmentId: string) => Promise<string>): Routed | string => {
  const tenantId = idOf(prefixes.tenant, session.metadata, 'tenant_id')
  const enrollmentId = idOf(prefixes.enrollment, session.metadata, 'enrollment_id')
  if (!tenantId || !enrollmentId) return 'ignored: not a co-payment checkout of this platform'
  return { tenantId, objectId: session.id, apply: (scope) => apply(scope, enrollmentId) }
}

/** Which tenant an event concerns (named by the metadata we gave Stripe) and what it does there; a string when it is ignored (and why). */
const route = (event: Stripe.Event): Routed | string => {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const session = event.data.object
      // Completed with a delayed method (a bank transfer): the outcome arrives as async_payment_*.
      if (session.payment_status === 'unpaid') return checkoutRoute(session, async () => 'awaiting the asynchronous payment')
      return checkoutRoute(session, (scope, enrollmentId) => confirmPaidCheckout(scope, enrollmentId, session))
    }
    case 'checkout.session.expired':
    case 'checkout.session.async_payment_failed': {
      const session = event.data.object
      const why = event.type === 'checkout.session.expired' ? 'the checkout expired unpaid' : 'the payment failed'
      return checkoutRoute(session, (scope, enrollmentId) => releaseUnpaidCheckout(scope, enrollmentId, session, why))
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted': {
      const sub = event.data.object
      const tenantId = idOf(prefixes.tenant, sub.metadata, 'tenant_id')
      if (!tenantId) return 'ignored: not a subscription of this platform'
      const created = new Date(event.created * 1000)
      return { tenantId, objectId: sub.id, apply: (scope) => applySubscriptionEvent(scope, sub, created) }
    }
    default:
      return `ignored: ${event.type} is not an event this endpoint acts on`
  }
}

/**
 * Applies a verified event in its tenant's transaction, exactly once: the event id is claimed first
 * (a concurrent duplicate waits on it, then finds it taken), the effect and the outcome follow, and
 * all of it commits or none does (a failure answers 500 and Stripe retries).
 */
export const applyStripeEvent = async (deps: { db: Kysely<DB>; config: BillingConfig; requestId: string }, event: Stripe.Event) => {
  const routed = route(event)
  if (typeof routed === 'string') return routed
  const actor: Actor = { kind: 'platform', id: 'stripe', requestId: deps.requestId }
  return withTenant(deps.db, routed.tenantId, actor, async (scope) => {
    if (!(await tenantFacts(scope))) return 'ignored: no such tenant'
    const claimed = await claimStripeEvent(scope, { id: event.id, type: event.type, objectId: routed.objectId, created: new Date(event.created * 1000) })
    if (!claimed) return 'duplicate'
    const outcome = await routed.apply({ ...scope, billing: deps.config })
    await noteStripeEventOutcome(scope, event.id, outcome)
    return outcome
  })
}
