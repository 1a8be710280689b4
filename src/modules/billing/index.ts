import { createRouter } from '../../lib/router'
import * as h from './billing.handlers'
import * as r from './billing.routes'
import { receiveStripeEventHandler } from './webhook.handlers'
import { receiveStripeEvent } from './webhook.routes'

/** HR's billing routes (admin surface): the subscription and Stripe's billing portal. */
export const billingAdmin = createRouter().openapi(r.getBilling, h.getBillingHandler).openapi(r.createBillingPortalSession, h.createBillingPortalSessionHandler)

/** Stripe's webhook, mounted at /v1/stripe before the admin surface: no credential but Stripe's signature. */
export const stripeWebhook = createRouter().openapi(receiveStripeEvent, receiveStripeEventHandler)

/** Background work, driven by the runtime entries (src/node.ts, src/worker.ts). */
export { deliverOutbox } from './billing.deliver'
export { type BillingLoop, runBillingSweep, startBillingLoop } from './billing.sweep'

/** For the enrollment module: co-payments, seat holds, and the hooks it registers. */
export * from './copayments'
