/**
 * The outbox deliverer with billing's handlers: what runs after each write, and what creates a
 * Checkout Session right after the commit that held a seat.
 */
import type { Kysely } from 'kysely'
import type { InTenant, TenantData } from '../../db/tenant'
import type { DB } from '../../db/types'
import type { Config } from '../../env'
import type { BillingConfig } from '../../lib/billing-config'
import { type Deliverer, deliverNow, drainOutbox } from '../outbox'
import { SYNC_KIND } from './billing.service'
import { PAYMENT_KINDS } from './payments.hooks'
import { pendingCheckoutMessage } from './payments.repo'
import { createCheckoutSession, expireCheckoutSession, refundPayment } from './payments.stripe'
import { describeStripeError } from './stripe.client'
import { syncSubscription } from './subscription.service'

const delivererFor = (db: Kysely<DB>, billing: BillingConfig, log: Config['log']): Deliverer => ({
  db,
  handlers: {
    [SYNC_KIND]: (m) => syncSubscription(db, billing, m),
    [PAYMENT_KINDS.checkout]: (m) => createCheckoutSession(db, billing, m),
    [PAYMENT_KINDS.expire]: (m) => expireCheckoutSession(db, billing, m),
    [PAYMENT_KINDS.refund]: (m) => refundPayment(db, billing, m),
  },
  describe: describeStripeError,
  log,
})

/** Delivers every due outbox message: what runs after each write (Workers: in waitUntil). */
export const deliverOutbox = async (db: Kysely<DB>, config: Config) => {
  if (!config.billing) return { delivered: 0, failed: 0 }
  return drainOutbox(delivererFor(db, config.billing, config.log))
}

/**
 * Creates the Checkout Session of a seat just held, after the commit that held it, so the response
 * can carry its URL. When Stripe fails, the message stays for the retries and the URL comes later.
 */
export const startCheckout = async (db: Kysely<DB>, inTenant: InTenant<TenantData>, config: Config, enrollmentId: string) => {
  if (!config.billing) return false
  const messageId = await inTenant((scope) => pendingCheckoutMessage(scope, enrollmentId, PAYMENT_KINDS.checkout))
  return messageId ? deliverNow(delivererFor(db, config.billing, config.log), inTenant, messageId) : false
}
