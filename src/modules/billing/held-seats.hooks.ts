import type { TenantScope } from '../../db/tenant'
import type { BillingConfig } from '../../lib/billing-config'
import { hookSlot } from '../../lib/hook-slot'

/**
 * How a seat held for a co-payment ends, for Stripe's events and the hold sweep. The enrollment
 * changes are the enrollment service's, and enrollments depend on billing, not the other way
 * round: the enrollments module registers these when it loads (src/modules/enrollments/index.ts).
 */
export type HeldSeatHooks = {
  /** The employee paid: the seat is confirmed. Returns the status the enrollment had, undefined when there is none. */
  confirmAwaitingPayment: (scope: TenantScope & { readonly billing?: BillingConfig }, enrollmentId: string) => Promise<string | undefined>
  /** The hold ended unpaid: the enrollment is cancelled with `reason`. False when it no longer awaits payment. */
  releaseAwaitingPayment: (scope: TenantScope & { readonly billing?: BillingConfig }, enrollmentId: string, reason: string) => Promise<boolean>
}

const slot = hookSlot<HeldSeatHooks>('No held-seat hooks: the enrollments module (src/modules/enrollments) must be loaded before billing ends a hold')
export const registerHeldSeatHooks = slot.register
export const heldSeatHooks = slot.get
