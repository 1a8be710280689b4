import type { PaymentStatus } from '../../db/tables/billing'

/** What an enrollment view selects of its co-payment (left join `enrollment_payments as pay`). */
export const PAYMENT_VIEW_COLUMNS = [
  'pay.status as payment_status',
  'pay.amount as payment_amount',
  'pay.currency as payment_currency',
  'pay.checkout_url as payment_checkout_url',
  'pay.hold_expires_at as payment_hold_expires_at',
  'pay.paid_at as payment_paid_at',
  'pay.refunded_at as payment_refunded_at',
] as const

export type PaymentViewColumns = {
  payment_status: PaymentStatus | null
  payment_amount: number | null
  payment_currency: string | null
  payment_checkout_url: string | null
  payment_hold_expires_at: Date | null
  payment_paid_at: Date | null
  payment_refunded_at: Date | null
}

/** The co-payment as the API shows it inside its enrollment; null when the enrollment has none. */
export const paymentView = (row: Partial<PaymentViewColumns>) => {
  if (!row.payment_status || row.payment_amount == null || !row.payment_currency || !row.payment_hold_expires_at) return null
  return {
    status: row.payment_status,
    amount: Number(row.payment_amount),
    currency: row.payment_currency.trim(),
    checkout_url: row.payment_status === 'awaiting_payment' ? (row.payment_checkout_url ?? null) : null,
    hold_expires_at: row.payment_hold_expires_at.toISOString(),
    paid_at: row.payment_paid_at?.toISOString() ?? null,
    refunded_at: row.payment_refunded_at?.toISOString() ?? null,
  }
}
