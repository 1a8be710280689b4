import { z } from '@hono/zod-openapi'
import { withTextRules } from '../../lib/fields'
import { timestamp } from '../../lib/openapi'

const SyncState = z
  .object({
    status: z.enum(['in_sync', 'pending', 'retrying', 'failed']).openapi({
      description:
        '`in_sync`: Stripe bills `billable_quantity`. `pending`: a change is on its way to Stripe. `retrying`: the last attempt failed and is retried with backoff (`last_error`, `next_attempt_at`). `failed`: given up after many attempts (about a day); the periodic reconciliation starts a new attempt.',
      example: 'in_sync',
    }),
    last_error: z.string().nullable().openapi({ example: null }),
    next_attempt_at: timestamp().nullable().openapi({ example: null }),
    synced_at: timestamp().nullable().openapi({ description: 'When Stripe last accepted the quantity.' }),
  })
  .openapi('BillingSync')

export const Billing = z
  .object({
    object: z.literal('billing'),
    plan: z.object({
      price_id: z.string().openapi({ example: 'price_1QxYzAbCdEfGhIjK' }),
      unit: z.literal('enrolled_child_per_month').openapi({ description: 'One confirmed child in a running program, per month.' }),
    }),
    status: z.string().openapi({
      description:
        "The subscription's status in Stripe (`active`, `past_due`, `unpaid`, `canceled`, ...), or `not_started` until the subscription is created (shortly after the tenant is).",
      example: 'active',
    }),
    quantity: z.number().int().nullable().openapi({ description: 'The quantity Stripe bills now.', example: 42 }),
    billable_quantity: z
      .number()
      .int()
      .openapi({ description: 'Confirmed enrollments in programs running today (published or closed, today within their dates).', example: 42 }),
    next_invoice_at: timestamp('2027-08-01T00:00:00.000Z')
      .nullable()
      .openapi({ description: 'The end of the current period, when Stripe invoices next; null before the subscription exists.' }),
    cancel_at_period_end: z.boolean(),
    customer_id: z.string().nullable().openapi({ example: 'cus_RbCdEfGhIjKlMn' }),
    sync: SyncState,
  })
  .openapi('Billing', { description: "The tenant's subscription to the platform: billed per enrolled child per month." })

export const CreatePortalSession = z
  .object({
    return_url: withTextRules(z.url({ protocol: /^https$/, error: 'must be an https URL' }).max(2000))
      .optional()
      .openapi({
        format: 'uri',
        description: "Where Stripe sends HR back. Default: the tenant's portal host, else the operator's return URL.",
        example: 'https://hr.example.cn/billing',
      }),
  })
  .strict()
  .openapi('CreatePortalSession', { example: { return_url: 'https://hr.example.cn/billing' } })

export const PortalSession = z
  .object({
    object: z.literal('billing_portal_session'),
    url: z.url().openapi({ example: 'https://billing.stripe.com/p/session/test_YWNjdF8xTjR' }),
    return_url: z.url().openapi({ example: 'https://hr.example.cn/billing' }),
    created_at: timestamp(),
  })
  .openapi('BillingPortalSession', { description: 'A short-lived link to Stripe’s billing portal: invoices, payment methods, billing details.' })

export const EnrollmentPayment = z
  .object({
    status: z.enum(['awaiting_payment', 'paid', 'released', 'refund_pending', 'refunded']).openapi({
      description:
        '`awaiting_payment`: the seat is held until `hold_expires_at`; pay at `checkout_url`. `paid`. `released`: the hold ended unpaid and the seat went back. `refund_pending`, `refunded`: see docs/billing.md for the refund policy.',
      example: 'awaiting_payment',
    }),
    amount: z.number().int().openapi({ description: "The employee's share in minor units (fen for CNY).", example: 30000 }),
    currency: z.string().openapi({ example: 'CNY' }),
    checkout_url: z.url().nullable().openapi({
      description: 'Stripe Checkout; null while it is being created (retry shortly) and once paid or released.',
      example: 'https://checkout.stripe.com/c/pay/cs_test_a1b2c3',
    }),
    hold_expires_at: timestamp('2027-06-01T02:00:00.000Z'),
    paid_at: timestamp().nullable().openapi({ example: null }),
    refunded_at: timestamp().nullable().openapi({ example: null }),
  })
  .openapi('EnrollmentPayment', { description: "The employee's co-payment for an enrollment in a program with an employee share." })

export const WebhookAck = z
  .object({
    received: z.literal(true),
    event_id: z.string().openapi({ example: 'evt_1QxYzAbCdEfGhIjK' }),
    outcome: z
      .string()
      .openapi({ description: 'What the event did: applied (and how), `duplicate`, or `ignored` (and why).', example: 'enrollment confirmed' }),
  })
  .openapi('StripeWebhookAck')

/** The webhook's body is documented, not validated: it is verified byte for byte against Stripe's signature first. */
export const stripeEventSchema = {
  type: 'object' as const,
  description: 'A Stripe event (snapshot payload), exactly as Stripe sends it.',
  required: ['id', 'object', 'type', 'data', 'created'],
  properties: {
    id: { type: 'string' as const, example: 'evt_1QxYzAbCdEfGhIjK' },
    object: { type: 'string' as const, enum: ['event'] },
    type: { type: 'string' as const, example: 'checkout.session.completed' },
    created: { type: 'integer' as const, example: 1780272000 },
    data: { type: 'object' as const, properties: { object: { type: 'object' as const } } },
  },
  example: {
    id: 'evt_1QxYzAbCdEfGhIjK',
    object: 'event',
    type: 'checkout.session.completed',
    created: 1780272000,
    data: {
      object: {
        id: 'cs_test_a1b2c3',
        object: 'checkout.session',
        payment_status: 'paid',
        payment_intent: 'pi_3QxYzAbCdEfGhIjK',
        metadata: { tenant_id: 'ten_01jd7k3m5n6p7q8r9s0t1v2w3x', enrollment_id: 'enr_01jd7k3m5n6p7q8r9s0t1v2w3x' },
      },
    },
  },
}
