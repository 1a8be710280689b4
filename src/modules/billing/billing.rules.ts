/**
 * Pure rules of billing: the employee's share of a program's fee, whether ending an enrollment
 * refunds its co-payment, and how far the subscription is from Stripe.
 */

export type Money = { amount: number; currency: string }

/** The employee's share: the fee minus the employer's subsidy, when positive; null when there is nothing to pay. */
export const employeeShare = (p: { fee_amount: number | null; fee_currency: string | null; subsidy_amount: number | null }): Money | null => {
  if (p.fee_amount === null || p.fee_currency === null) return null
  const amount = p.fee_amount - (p.subsidy_amount ?? 0)
  return amount > 0 ? { amount, currency: p.fee_currency.trim().toUpperCase() } : null
}

/**
 * The refund policy (docs/billing.md): a paid co-payment is refunded in full when the enrollment
 * ends (withdrawn by the guardian or cancelled by HR) before the program's first day, in the
 * tenant's time zone; from the first day on, it is kept.
 */
export const refundsOnEnd = (today: string, startsOn: string | null) => startsOn !== null && today < startsOn

export type SyncMessage = { status: 'pending' | 'delivered' | 'dead'; attempts: number; last_error: string | null; available_at: Date }

/** How the subscription stands against Stripe, from the latest sync message and the two quantities. */
export const syncStatus = (latest: SyncMessage | undefined, billed: number | null, billable: number) => {
  const none = { last_error: null, next_attempt_at: null }
  if (latest?.status === 'dead') return { status: 'failed' as const, last_error: latest.last_error, next_attempt_at: null }
  if (latest?.status === 'pending' && latest.last_error !== null)
    return { status: 'retrying' as const, last_error: latest.last_error, next_attempt_at: latest.available_at.toISOString() }
  if (latest?.status === 'pending' || billed !== billable) return { status: 'pending' as const, ...none }
  return { status: 'in_sync' as const, ...none }
}
