import type { RouteHandler } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { type AppEnv, tenantIdOf } from '../../env'
import { actorOf } from '../../lib/audit'
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
  const tenantId = tenantIdOf(c.var.principal)
  return c.json(await c.var.inTenant((tx) => readBilling(tx, tenantId, config)), 200)
}

export const createBillingPortalSessionHandler: RouteHandler<typeof createBillingPortalSession, AppEnv> = async (c) => {
  const config = billingConfigOf(c)
  const { return_url } = c.req.valid('json')
  const scope = { db: c.var.db, inTenant: c.var.inTenant, tenantId: tenantIdOf(c.var.principal), actor: actorOf(c.var.principal, c.var.requestId) }
  const session = await openPortalSession(scope, config, return_url)
  return c.json(session, 201)
}
