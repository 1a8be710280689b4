import type { Kysely } from 'kysely'
import type { InTenant, TenantData } from '../../db/tenant'
import type { DB } from '../../db/types'
import { recordAudit } from '../../lib/audit'
import type { BillingConfig } from '../../lib/billing-config'
import { ApiError } from '../../lib/errors'
import { newId, prefixes, toApiId } from '../../lib/ids'
import { latestMessageOf } from '../outbox'
import { billableQuantity, findTenantBilling, tenantFacts } from './billing.repo'
import { type SyncMessage, syncStatus } from './billing.rules'
import { describeStripeError, stripeFor } from './stripe.client'
import { syncSubscription } from './subscription.service'

export const SYNC_KIND = 'billing.sync_subscription'

export const billingNotConfigured = () =>
  new ApiError(
    'billing_not_configured',
    'Billing is not configured on this platform: the operator has not connected Stripe (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_PRICE_ID; see docs/billing.md).',
  )

const stripeUnavailable = (error: unknown) =>
  new ApiError('service_unavailable', `Stripe did not complete the request; try again shortly (${describeStripeError(error).slice(0, 200)}).`)

/** Where Stripe sends people of this tenant back: its portal host, else the operator's return URL. */
export const returnBaseOf = (branding: { portal_host?: string }, config: BillingConfig) =>
  branding.portal_host ? `https://${branding.portal_host}` : config.returnUrl.replace(/\/+$/, '')

/** The tenant's subscription as the admin surface shows it. */
export const readBilling = async (scope: TenantData, config: BillingConfig) => {
  const billing = await findTenantBilling(scope)
  const quantity = await billableQuantity(scope)
  const latest = (await latestMessageOf(scope, SYNC_KIND)) as SyncMessage | undefined
  return {
    object: 'billing' as const,
    plan: { price_id: billing?.price_id ?? config.priceId, unit: 'enrolled_child_per_month' as const },
    status: billing?.subscription_status ?? 'not_started',
    quantity: billing?.quantity ?? null,
    billable_quantity: quantity,
    next_invoice_at: billing?.current_period_end?.toISOString() ?? null,
    cancel_at_period_end: billing?.cancel_at_period_end ?? false,
    customer_id: billing?.stripe_customer_id ?? null,
    sync: {
      ...syncStatus(latest, billing?.quantity ?? null, quantity),
      synced_at: billing?.quantity_synced_at?.toISOString() ?? null,
    },
  }
}

/**
 * A Stripe billing portal session for HR. The tenant's customer is created first if the outbox has
 * not done it yet (same idempotency keys, so the two never make two customers).
 */
export const openPortalSession = async (db: Kysely<DB>, inTenant: InTenant, config: BillingConfig, returnUrl: string | undefined) => {
  const read = () => inTenant(async (scope) => ({ tenantId: scope.tenantId, tenant: await tenantFacts(scope), billing: await findTenantBilling(scope) }))
  let { tenantId, tenant, billing } = await read()
  if (!tenant) throw new Error('a tenant principal without its tenant')
  try {
    if (!billing?.stripe_customer_id) {
      await syncSubscription(db, config, { tenant_id: tenantId, id: newId(prefixes.request).uuid })
      ;({ billing } = await read())
    }
    const customer = billing?.stripe_customer_id
    if (!customer) throw new Error('the Stripe customer was not recorded')
    const back = returnUrl ?? `${returnBaseOf(tenant.branding, config)}/`
    const session = await stripeFor(config).billingPortal.sessions.create({ customer, return_url: back })
    await inTenant((scope) =>
      recordAudit(scope, {
        action: 'billing.portal_session_created',
        objectType: 'tenant',
        objectId: toApiId(prefixes.tenant, scope.tenantId),
        details: { customer_id: customer },
      }),
    )
    return {
      object: 'billing_portal_session' as const,
      url: session.url,
      return_url: session.return_url ?? back,
      created_at: new Date(session.created * 1000).toISOString(),
    }
  } catch (error) {
    if (error instanceof ApiError) throw error
    throw stripeUnavailable(error)
  }
}
