/**
 * What the enrollment service asks of billing, inside its own transactions: hold a seat for a
 * co-payment, and settle the co-payment when an enrollment that held a seat ends. Stripe is never
 * called here: the effects are outbox messages, performed after commit.
 */
import type { TenantData } from '../../db/tenant'
import { newId } from '../../lib/ids'
import { enqueue } from '../outbox'
import { type Money, refundsOnEnd } from './billing.rules'
import { findPaymentOf, insertPayment, updatePayment } from './payments.repo'

export const PAYMENT_KINDS = {
  checkout: 'billing.create_checkout',
  refund: 'billing.refund',
  expire: 'billing.expire_checkout',
} as const

/** Payment rows are internal (the API shows them inside their enrollment); their UUIDv7 ids carry this prefix in logs. */
const PAYMENT_PREFIX = 'pay'

/**
 * Holds the seat of `enrollmentId` until the employee pays `share`: a payment awaiting Checkout,
 * whose session the outbox creates. Returns the status the enrollment takes: `awaiting_payment`,
 * or `confirmed` when this enrollment's share is already paid (a child a program change sent back
 * to the waitlist, promoted again). A hold released before (the same move, unpaid) starts afresh.
 */
export const holdSeatForPayment = async (
  scope: TenantData,
  hold: { enrollmentId: string; share: Money; holdMinutes: number },
): Promise<'awaiting_payment' | 'confirmed'> => {
  const existing = await findPaymentOf(scope, hold.enrollmentId, { lock: true })
  if (existing?.status === 'paid') return 'confirmed'
  if (existing?.status === 'awaiting_payment') return 'awaiting_payment'
  const fresh = {
    amount: hold.share.amount,
    currency: hold.share.currency,
    status: 'awaiting_payment' as const,
    hold_expires_at: new Date(Date.now() + hold.holdMinutes * 60_000),
    checkout_session_id: null,
    checkout_url: null,
    released_at: null,
  }
  let paymentId: string
  if (existing?.status === 'released') {
    await updatePayment(scope, existing.id, ['released'], fresh)
    paymentId = existing.id
  } else if (existing) {
    throw new Error(`enrollment ${hold.enrollmentId} holds a seat again after its co-payment was ${existing.status}`)
  } else {
    const inserted = await insertPayment(scope, {
      ...fresh,
      tenant_id: scope.tenantId,
      id: newId(PAYMENT_PREFIX).uuid,
      enrollment_id: hold.enrollmentId,
      payment_intent_id: null,
      paid_at: null,
      refund_id: null,
      refund_reason: null,
      refunded_at: null,
    })
    paymentId = inserted.id
  }
  await enqueue(scope, PAYMENT_KINDS.checkout, { payment_id: paymentId, enrollment_id: hold.enrollmentId })
  return 'awaiting_payment'
}

/**
 * An enrollment gave up its seat: it ended (withdrawn, cancelled, released unpaid) or a program
 * change sent it back to the waitlist. An unpaid hold is released and its Checkout Session
 * expired. A paid co-payment is refunded in full when the enrollment ended before the program's
 * first day (`refundsOnEnd`), kept when it ended later, and kept for the seat to come when the
 * child waits again.
 */
export const settlePaymentOnSeatLoss = async (
  scope: TenantData,
  loss: { enrollmentId: string; now: 'withdrawn' | 'cancelled' | 'waitlisted'; today: string; startsOn: string | null },
) => {
  const payment = await findPaymentOf(scope, loss.enrollmentId, { lock: true })
  if (!payment) return
  const ref = { payment_id: payment.id, enrollment_id: loss.enrollmentId }
  if (payment.status === 'awaiting_payment') {
    await updatePayment(scope, payment.id, ['awaiting_payment'], { status: 'released', released_at: new Date() })
    if (payment.checkout_session_id) await enqueue(scope, PAYMENT_KINDS.expire, { ...ref, checkout_session_id: payment.checkout_session_id })
  } else if (payment.status === 'paid' && loss.now !== 'waitlisted' && refundsOnEnd(loss.today, loss.startsOn)) {
    await updatePayment(scope, payment.id, ['paid'], { status: 'refund_pending', refund_reason: `${loss.now} before the program started` })
    await enqueue(scope, PAYMENT_KINDS.refund, ref)
  }
}

/**
 * A hold whose enrollment no longer awaits payment (or cannot be released: its program is over)
 * is let go, so the sweep stops finding it; its open Checkout Session is expired.
 */
export const dropStaleHold = async (scope: TenantData, payment: { id: string; enrollment_id: string; checkout_session_id: string | null }) => {
  const dropped = await updatePayment(scope, payment.id, ['awaiting_payment'], { status: 'released', released_at: new Date() })
  if (dropped && payment.checkout_session_id)
    await enqueue(scope, PAYMENT_KINDS.expire, {
      payment_id: payment.id,
      enrollment_id: payment.enrollment_id,
      checkout_session_id: payment.checkout_session_id,
    })
}
