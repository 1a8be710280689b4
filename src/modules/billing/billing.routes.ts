import { createRoute } from '@hono/zod-openapi'
import { errorResponses, IdempotencyKeyHeader, json, jsonBody, Problem } from '../../lib/openapi'
import { Billing, CreatePortalSession, PortalSession } from './billing.schemas'

const admin = { tags: ['Billing'], security: [{ apiKey: [] }] }

export const notConfiguredResponse = {
  503: {
    description: '`billing_not_configured`: the operator has not configured Stripe; or `service_unavailable`: Stripe did not answer.',
    content: { 'application/problem+json': { schema: Problem } },
  },
} as const

export const getBilling = createRoute({
  ...admin,
  method: 'get',
  path: '/billing',
  operationId: 'getBilling',
  summary: "Read your tenant's subscription",
  description:
    'The plan (one enrolled child per month), the subscription status in Stripe, the quantity Stripe bills and the quantity our data says (confirmed enrollments in programs running today), when the next invoice comes, and whether the two quantities are in sync. Quantity changes reach Stripe shortly after each enrollment change; a Stripe outage delays them, never the enrollment.',
  responses: { 200: json(Billing, 'The subscription.'), ...errorResponses, ...notConfiguredResponse },
})

export const createBillingPortalSession = createRoute({
  ...admin,
  method: 'post',
  path: '/billing/portal-sessions',
  operationId: 'createBillingPortalSession',
  summary: "Open Stripe's billing portal",
  description:
    "A short-lived URL of Stripe's billing portal for your tenant: invoices, payment methods, billing details. Creates the Stripe customer first if the tenant has none yet. Honours `Idempotency-Key`.",
  request: { headers: IdempotencyKeyHeader, body: { ...jsonBody(CreatePortalSession), required: false } },
  responses: { 201: json(PortalSession, 'The portal session.'), ...errorResponses, ...notConfiguredResponse },
})
