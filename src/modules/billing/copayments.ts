/**
 * The billing module's surface for the enrollment service: the employee's share, seat holds and
 * their settlement (inside its transactions), the co-payment as enrollments show it, and the
 * Checkout Session created after commit; and the hooks by which the enrollment module ends a held
 * seat when Stripe or the hold sweep says so (billing does not import enrollments).
 */
export type { BillingConfig } from '../../lib/billing-config'
export { DEFAULT_PAYMENT_HOLD_MINUTES } from '../../lib/billing-config'
export { startCheckout } from './billing.deliver'
export { employeeShare, type Money } from './billing.rules'
export { EnrollmentPayment } from './billing.schemas'
export { billingNotConfigured } from './billing.service'
export { type HeldSeatHooks, registerHeldSeatHooks } from './held-seats.hooks'
export { holdSeatForPayment, settlePaymentOnSeatLoss } from './payments.hooks'
export { PAYMENT_VIEW_COLUMNS, type PaymentViewColumns, paymentView } from './payments.present'
