/**
 * Stands in, in the Worker bundle only (wrangler.toml `alias`), for the parts of the Stripe SDK the
 * API never calls: the `resources.js` index (only its OAuth resource is used by the client), the
 * v2 "thin event" notification handler, and the product namespaces other than Checkout and
 * BillingPortal. The client still constructs every namespace, so each is an empty class.
 */
export { OAuthResource } from '../../node_modules/stripe/esm/resources/OAuth.js'

const leftOut = (): never => {
  throw new Error('Stripe event notifications are left out of the Worker bundle (src/worker-stubs/stripe.ts)')
}
export class StripeEventNotificationHandler {
  static withoutVerification = leftOut
  constructor() {
    leftOut()
  }
}

export class Apps {}
export class Billing {}
export class Climate {}
export class Entitlements {}
export class FinancialConnections {}
export class Forwarding {}
export class Identity {}
export class Issuing {}
export class ProductCatalog {}
export class Radar {}
export class Reporting {}
export class Reserve {}
export class Sigma {}
export class Tax {}
export class Terminal {}
export class TestHelpers {}
export class ThreeDSecure {}
export class Treasury {}
export class V2 {}
