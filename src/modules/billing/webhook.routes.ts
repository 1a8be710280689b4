import { createRoute, z } from '@hono/zod-openapi'
import { json, Problem } from '../../lib/openapi'
import { notConfiguredResponse } from './billing.routes'
import { stripeEventSchema, WebhookAck } from './billing.schemas'

export const receiveStripeEvent = createRoute({
  method: 'post',
  path: '/webhook',
  operationId: 'receiveStripeEvent',
  tags: ['Billing', 'Public'],
  security: [],
  summary: 'Stripe webhook endpoint',
  description:
    "Where Stripe delivers events (configure it in Stripe's dashboard with the events listed in docs/billing.md). The raw body is verified against the `Stripe-Signature` header with the endpoint's signing secret (tolerance 300 s) before anything is read; a missing or bad signature answers `400 invalid_signature` and changes nothing. Each event id is applied exactly once, even when Stripe retries or delivers it twice at the same time; event types this API does not act on are acknowledged and ignored. Acts on `checkout.session.completed`, `checkout.session.async_payment_succeeded` (confirm a held seat), `checkout.session.expired`, `checkout.session.async_payment_failed` (release it), and `customer.subscription.created` / `updated` / `deleted`.",
  request: {
    headers: z.object({
      'stripe-signature': z.string().optional().openapi({
        description: 'Set by Stripe: `t=<unix time>,v1=<HMAC-SHA256 of "t.body">`.',
        example: 't=1780272000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
      }),
    }),
    body: { required: true, content: { 'application/json': { schema: stripeEventSchema } } },
  },
  responses: {
    200: json(WebhookAck, 'Received: applied, a duplicate, or ignored.'),
    400: { description: '`invalid_signature`: missing, malformed, stale or wrong signature.', content: { 'application/problem+json': { schema: Problem } } },
    413: { description: 'The body exceeds the size limit.', content: { 'application/problem+json': { schema: Problem } } },
    ...notConfiguredResponse,
  },
})
