/**
 * Stripe settings from the environment (Node's process.env or the Worker's secrets and vars).
 * Billing is on when the three keys are set, off when none is; some but not all is a mistake that
 * stops the start, like any other bad setting.
 */
export type BillingConfig = {
  secretKey: string
  webhookSecret: string
  /** The recurring Stripe price of one enrolled child per month. */
  priceId: string
  /** Where the Stripe API is, when not api.stripe.com (a stand-in for tests, stripe-mock). */
  api: { host: string; port: number; protocol: 'http' | 'https' } | undefined
  /** How long a seat awaiting a co-payment is held; Checkout's own limits are 30 minutes to 24 hours. */
  paymentHoldMinutes: number
  /** Where Checkout and the billing portal send people back when the tenant has no portal host. */
  returnUrl: string
}

export const DEFAULT_PAYMENT_HOLD_MINUTES = 60
const REQUIRED = ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_PRICE_ID'] as const

type Vars = Record<string, unknown>
const str = (vars: Vars, name: string) => (typeof vars[name] === 'string' && vars[name] !== '' ? (vars[name] as string) : undefined)

const apiBase = (raw: string | undefined): BillingConfig['api'] => {
  if (raw === undefined) return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new Error('STRIPE_API_BASE must be a URL such as http://127.0.0.1:12111')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('STRIPE_API_BASE must be an http or https URL')
  const protocol = url.protocol === 'http:' ? 'http' : 'https'
  return { host: url.hostname, port: Number(url.port || (protocol === 'http' ? 80 : 443)), protocol }
}

/** The billing settings, or undefined when Stripe is not configured; throws on a bad setting. */
export const billingConfigFrom = (vars: Vars, fallbackReturnUrl: string): BillingConfig | undefined => {
  const present = REQUIRED.filter((name) => str(vars, name) !== undefined)
  if (present.length === 0) return undefined
  if (present.length < REQUIRED.length)
    throw new Error(`Stripe billing needs ${REQUIRED.join(', ')} together; missing ${REQUIRED.filter((n) => !present.includes(n)).join(', ')}`)
  const secretKey = str(vars, 'STRIPE_SECRET_KEY') as string
  const webhookSecret = str(vars, 'STRIPE_WEBHOOK_SECRET') as string
  const priceId = str(vars, 'STRIPE_PRICE_ID') as string
  if (!/^(sk|rk)_(test|live)_\w+$/.test(secretKey)) throw new Error('STRIPE_SECRET_KEY must be a Stripe secret or restricted key (sk_... or rk_...)')
  if (!/^whsec_\w+$/.test(webhookSecret)) throw new Error('STRIPE_WEBHOOK_SECRET must be the signing secret of the webhook endpoint (whsec_...)')
  if (!/^price_\w+$/.test(priceId)) throw new Error('STRIPE_PRICE_ID must be a Stripe price id (price_...)')
  const hold = Number(str(vars, 'PAYMENT_HOLD_MINUTES') ?? DEFAULT_PAYMENT_HOLD_MINUTES)
  if (!Number.isInteger(hold) || hold < 30 || hold > 1440) throw new Error('PAYMENT_HOLD_MINUTES must be a whole number of minutes from 30 to 1440')
  const returnUrl = str(vars, 'STRIPE_RETURN_URL') ?? fallbackReturnUrl
  if (!/^https?:\/\/[^\s]+$/.test(returnUrl)) throw new Error('STRIPE_RETURN_URL must be an http(s) URL')
  return { secretKey, webhookSecret, priceId, api: apiBase(str(vars, 'STRIPE_API_BASE')), paymentHoldMinutes: hold, returnUrl }
}
