/**
 * The co-payment effects in Stripe, run by the outbox after commit. Each is idempotent: it re-reads
 * the payment, does nothing when there is nothing left to do, and passes an idempotency key derived
 * from the payment, so a retry after a lost answer repeats nothing.
 */
import type { Kysely } from 'kysely'
import { withTenant } from '../../db/tenant'
import type { DB } from '../../db/types'
import type { BillingConfig } from '../../lib/billing-config'
import { prefixes, toApiId } from '../../lib/ids'
import type { OutboxMessage } from '../outbox'
import { returnBaseOf } from './billing.service'
import { checkoutFacts, findPayment, updatePayment } from './payments.repo'
import { isStripeError, stripeFor } from './stripe.client'

/** Checkout Sessions must live at least 30 minutes (Stripe's minimum); half a minute spares the call itself. */
const SHORTEST_SESSION_MS = 30.5 * 60_000
/** A late session gets at least this long, so a retry soon after does not move `expires_at` (and its idempotency key). */
const LATE_SESSION_MS = 40 * 60_000

const paymentIdOf = (m: OutboxMessage) => String(m.payload.payment_id)

/** Creates the Checkout Session of a held seat and records its URL; the hold lasts at least as long as the session. */
export const createCheckoutSession = async (db: Kysely<DB>, config: BillingConfig, m: OutboxMessage) => {
  const tenantId = m.tenant_id
  const paymentId = paymentIdOf(m)
  const facts = await withTenant(db, tenantId, async (scope) => {
    const found = await checkoutFacts(scope, paymentId)
    if (found?.status !== 'awaiting_payment' || found.checkout_session_id) return undefined
    // A session created late (Stripe was down) still gets Stripe's minimum lifetime: the hold follows it.
    const earliest = new Date(Date.now() + SHORTEST_SESSION_MS)
    if (found.hold_expires_at >= earliest) return found
    const extended = new Date(Date.now() + Math.max(config.paymentHoldMinutes * 60_000, LATE_SESSION_MS))
    await updatePayment(scope, paymentId, ['awaiting_payment'], { hold_expires_at: extended })
    return { ...found, hold_expires_at: extended }
  })
  if (!facts) return

  const enrollment = toApiId(prefixes.enrollment, facts.enrollment_id)
  const metadata = { tenant_id: toApiId(prefixes.tenant, tenantId), enrollment_id: enrollment }
  const back = `${returnBaseOf(facts.branding, config)}/enrollments/${enrollment}`
  const expiresAt = Math.floor(facts.hold_expires_at.getTime() / 1000)
  const stripe = stripeFor(config)
  const session = await stripe.checkout.sessions.create(
    {
      mode: 'payment',
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: facts.currency.toLowerCase(),
            unit_amount: facts.amount,
            product_data: { name: facts.program_name, description: `${facts.starts_on ?? ''} – ${facts.ends_on ?? ''}`.trim() },
          },
        },
      ],
      client_reference_id: enrollment,
      metadata,
      payment_intent_data: { metadata },
      expires_at: expiresAt,
      success_url: `${back}?checkout=success`,
      cancel_url: `${back}?checkout=cancelled`,
    },
    { idempotencyKey: `tuoguan-checkout-${paymentId}-${expiresAt}` },
  )
  const recorded = await withTenant(db, tenantId, (scope) =>
    updatePayment(scope, paymentId, ['awaiting_payment'], {
      checkout_session_id: session.id,
      checkout_url: session.url,
      hold_expires_at: new Date(session.expires_at * 1000),
    }),
  )
  // The hold ended while the session was being made: nobody may pay it any more.
  if (!recorded) await expireIfOpen(config, session.id)
}

const expireIfOpen = async (config: BillingConfig, sessionId: string) => {
  const stripe = stripeFor(config)
  const session = await stripe.checkout.sessions.retrieve(sessionId)
  if (session.status !== 'open') return
  try {
    await stripe.checkout.sessions.expire(sessionId, {}, { idempotencyKey: `tuoguan-expire-${sessionId}` })
  } catch (error) {
    // Completed or expired in the meantime: a payment that lands now is refunded when its event arrives.
    if (!(isStripeError(error) && error.statusCode === 400)) throw error
  }
}

/** Expires the Checkout Session of a released hold, so it can no longer be paid (a session already over is left be). */
export const expireCheckoutSession = async (_db: Kysely<DB>, config: BillingConfig, m: OutboxMessage) => {
  const sessionId = m.payload.checkout_session_id
  if (typeof sessionId === 'string') await expireIfOpen(config, sessionId)
}

/** Refunds a co-payment in full (withdrawn before the program started, or paid after the hold ended). */
export const refundPayment = async (db: Kysely<DB>, config: BillingConfig, m: OutboxMessage) => {
  const tenantId = m.tenant_id
  const paymentId = paymentIdOf(m)
  const payment = await withTenant(db, tenantId, (scope) => findPayment(scope, paymentId))
  if (payment?.status !== 'refund_pending') return
  if (!payment.payment_intent_id) throw new Error(`payment ${paymentId} has no payment intent to refund`)
  const metadata = { tenant_id: toApiId(prefixes.tenant, tenantId), enrollment_id: toApiId(prefixes.enrollment, payment.enrollment_id) }
  const refund = await stripeFor(config).refunds.create(
    { payment_intent: payment.payment_intent_id, reason: 'requested_by_customer', metadata },
    { idempotencyKey: `tuoguan-refund-${paymentId}` },
  )
  await withTenant(db, tenantId, (scope) =>
    updatePayment(scope, paymentId, ['refund_pending'], { status: 'refunded', refund_id: refund.id, refunded_at: new Date(refund.created * 1000) }),
  )
}
