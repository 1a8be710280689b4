/**
 * The one module that imports the Stripe SDK (whole: its Worker entry, which wrangler picks by the
 * `workerd` condition, loads every resource; about 32 KiB gzipped). It talks over `fetch` and
 * verifies signatures with Web Crypto, so the same code runs on Node and on Workers. The SDK does
 * not retry: the outbox retries, with the same idempotency key.
 */
import Stripe from 'stripe'
import type { BillingConfig } from '../../lib/billing-config'

export type { Stripe }

/** Stripe signs the time with the payload; older deliveries are refused (Stripe's own default). */
export const WEBHOOK_TOLERANCE_SECONDS = 300
const TIMEOUT_MS = 15_000

const clients = new WeakMap<BillingConfig, Stripe>()

/** The client of this configuration, built once (it holds no connection: each call is a fetch). */
export const stripeFor = (config: BillingConfig): Stripe => {
  let client = clients.get(config)
  if (!client) {
    client = new Stripe(config.secretKey, {
      httpClient: Stripe.createFetchHttpClient(),
      maxNetworkRetries: 0,
      timeout: TIMEOUT_MS,
      telemetry: false,
      appInfo: { name: 'tuoguan' },
      ...(config.api ?? {}),
    })
    clients.set(config, client)
  }
  return client
}

let subtle: ReturnType<typeof Stripe.createSubtleCryptoProvider> | undefined

/** The event, when the signature is Stripe's for this payload and at most 300 s old; throws otherwise. */
export const verifyStripeEvent = (config: BillingConfig, payload: string, signature: string): Promise<Stripe.Event> => {
  subtle ??= Stripe.createSubtleCryptoProvider()
  return stripeFor(config).webhooks.constructEventAsync(payload, signature, config.webhookSecret, WEBHOOK_TOLERANCE_SECONDS, subtle)
}

export const isStripeError = (error: unknown): error is InstanceType<typeof Stripe.errors.StripeError> => error instanceof Stripe.errors.StripeError

/** Short words for a failed Stripe call, for the outbox's `last_error` and the logs (no secrets). */
export const describeStripeError = (error: unknown) => {
  if (isStripeError(error))
    return `${error.rawType ?? error.type}${error.statusCode ? ` ${error.statusCode}` : ''}${error.code ? ` ${error.code}` : ''}: ${error.message}`
  return error instanceof Error ? error.message : String(error)
}
