import type { RouteHandler } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppEnv } from '../../env'
import type { createBillingPortalSession, getBilling } from './billing.routes'
import { billingNotConfigured, openPortalSession, readBilling } from './billing.service'

/** The Stripe settings, or 503 `billing_not_configured`. */
export const billingConfigOf = (c: Context<AppEnv>) => {
  const config = c.var.config.billing
  if (!config) throw billingNotConfigured()
  return config
}

export const getBillingHandler: RouteHandler<typeof getBilling, AppEnv> = async (c) => {
  const config = billingConfigOf(c)
  return c.json(await c.var.inTenant((scope) => readBilling(scope, config)), 200)
}

export const createBillingPortalSessionHandler: RouteHandler<typeof createBillingPortalSession, AppEnv> = async (c) => {
  const config = billingConfigOf(c)
  const { return_url } = c.req.valid('json')
  const session = await openPortalSession(c.var.db, c.var.inTenant, config, return_url)
  return c.json(session, 201)
}
