/**
 * What Checkout events do to a co-payment and its enrollment, inside the event's transaction. The
 * enrollment changes (and their feed events, audit entries, promotions) are the enrollment
 * service's; the program's lock comes first, then the enrollment's, then the payment's, as in
 * every other path.
 */

import { enqueue } from '../outbox'
import { heldSeatHooks } from './held-seats.hooks'
import { PAYMENT_KINDS } from './payments.hooks'
import { findPaymentOf, updatePayment } from './payments.repo'
import type { Stripe } from './stripe.client'
import type { EventScope } from './webhook.service'

const intentOf = (session: Stripe.Checkout.Session) =>
  typeof session.payment_intent === 'string' ? session.payment_intent : (session.payment_intent?.id ?? null)

/**
 * The employee paid: the held seat is confirmed. A payment that finds the seat already released
 * (the hold ran out, the guardian withdrew) is refunded in full.
 */
export const confirmPaidCheckout = async (scope: EventScope, enrollmentId: string, session: Stripe.Checkout.Session) => {
  const before = await heldSeatHooks().confirmAwaitingPayment(scope, enrollmentId)
  const payment = await findPaymentOf(scope, enrollmentId, { lock: true })
  if (before === undefined || !payment) return 'ignored: no co-payment for this enrollment'
  const paid = { paid_at: new Date(), payment_intent_id: intentOf(session), checkout_session_id: session.id }
  if (before === 'awaiting_payment') {
    await updatePayment(scope, payment.id, ['awaiting_payment'], { ...paid, status: 'paid' })
    return 'enrollment confirmed'
  }
  if (payment.payment_intent_id !== null) return `ignored: the co-payment is already ${payment.status}`
  await updatePayment(scope, payment.id, ['awaiting_payment', 'released'], {
    ...paid,
    status: 'refund_pending',
    refund_reason: `paid after the seat was given up (enrollment ${before})`,
  })
  await enqueue(scope, PAYMENT_KINDS.refund, { payment_id: payment.id, enrollment_id: enrollmentId })
  return 'late payment: refund requested'
}

/** The checkout ended unpaid: the seat goes back to the waitlist (a session the payment no longer uses changes nothing). */
export const releaseUnpaidCheckout = async (scope: EventScope, enrollmentId: string, session: Stripe.Checkout.Session, why: string) => {
  const payment = await findPaymentOf(scope, enrollmentId)
  if (!payment || payment.checkout_session_id !== session.id) return 'ignored: not the checkout of this co-payment'
  return (await heldSeatHooks().releaseAwaitingPayment(scope, enrollmentId, `payment not completed: ${why}`))
    ? 'seat released'
    : 'ignored: the enrollment no longer awaits payment'
}
