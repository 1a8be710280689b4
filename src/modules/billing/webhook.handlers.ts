import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { ApiError } from '../../lib/errors'
import { billingConfigOf } from './billing.handlers'
import { verifyStripeEvent } from './stripe.client'
import type { receiveStripeEvent } from './webhook.routes'
import { applyStripeEvent } from './webhook.service'

const badSignature = (why: string) => new ApiError('invalid_signature', `${why} Only Stripe, signing with this endpoint's secret, may call it.`)

/** Verifies the raw body against Stripe's signature, then applies the event (once per event id). */
export const receiveStripeEventHandler: RouteHandler<typeof receiveStripeEvent, AppEnv> = async (c) => {
  const config = billingConfigOf(c)
  const signature = c.req.header('stripe-signature')
  if (!signature) throw badSignature('The Stripe-Signature header is missing.')
  const payload = await c.req.text()
  let event: Awaited<ReturnType<typeof verifyStripeEvent>>
  try {
    event = await verifyStripeEvent(config, payload, signature)
  } catch {
    throw badSignature('The Stripe-Signature does not verify for this body (wrong secret, altered body, or older than 300 s).')
  }
  const outcome = await applyStripeEvent({ db: c.var.db, config, requestId: c.var.requestId }, event)
  return c.json({ received: true as const, event_id: event.id, outcome }, 200)
}
