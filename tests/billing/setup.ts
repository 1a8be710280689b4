import { expect } from 'vitest'
import { createApp } from '../../src/app'
import { type TenantData, withTenant } from '../../src/db/tenant'
import { billingConfigFrom } from '../../src/lib/billing-config'
import { parseApiId } from '../../src/lib/ids'
import { deliverOutbox, runBillingSweep } from '../../src/modules/billing'
import { testApp } from '../helpers/app'
import { bearer, type RequestOptions, type Res } from '../helpers/client'
import { FakeStripe } from '../helpers/fake-stripe'
import type { TestTenant } from '../helpers/harness'

/**
 * The app with Stripe configured, pointed at a fake Stripe on loopback, on the same database as
 * the shared test app (so tenants and employees made with the shared helpers exist here too).
 */
export const billingApp = async (extraEnv: Record<string, string> = {}) => {
  const base = await testApp()
  const stripe = await new FakeStripe().start()
  const billing = billingConfigFrom(stripe.env(extraEnv), 'https://api.tuoguan.test')
  if (!billing) throw new Error('billing should be configured')
  const config = { ...base.config, billing }
  const app = createApp({ config, database: () => base.db })

  const send = async (method: string, path: string, auth: string | undefined, options: RequestOptions = {}): Promise<Res> => {
    const headers: Record<string, string> = { ...options.headers }
    if (auth !== undefined) headers.Authorization = auth
    let body = options.raw
    if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      headers['Content-Type'] ??= 'application/json'
    }
    const res = await app.request(path, { method, headers, body })
    const text = await res.text()
    return { status: res.status, body: /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text, headers: res.headers, text }
  }
  /** A client of this app presenting `auth` (a tenant's key, an employee's token). */
  const as = (auth: string) => ({
    get: (path: string) => send('GET', path, auth),
    post: (path: string, body?: unknown, options: RequestOptions = {}) => send('POST', path, auth, { ...options, body }),
    patch: (path: string, body?: unknown, options: RequestOptions = {}) => send('PATCH', path, auth, { ...options, body }),
    delete: (path: string) => send('DELETE', path, auth),
  })

  return {
    stripe,
    config,
    db: base.db,
    send,
    as,
    hr: (t: TestTenant) => as(bearer(t.key)),
    /**
     * What runs after each write (Node: the loop's kick; Workers: waitUntil), until nothing is due:
     * on a shared server database the other files' tenants queue messages too, and one drain takes
     * at most its batches.
     */
    deliver: async () => {
      const total = { delivered: 0, failed: 0 }
      for (let round = 0; round < 50; round++) {
        const { delivered, failed } = await deliverOutbox(base.db, config)
        total.delivered += delivered
        total.failed += failed
        if (delivered + failed === 0) break
      }
      return total
    },
    /** The periodic sweep (Node: every minute; Workers: the cron trigger). */
    sweep: () => runBillingSweep(base.db, config),
    /** Delivers a signed event to the webhook, as Stripe does. */
    deliverEvent: async (event: unknown, options: { secret?: string; timestamp?: number; header?: string | null } = {}) => {
      const { payload, header } = await stripe.sign(event, options)
      const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' }
      const signature = options.header === undefined ? header : options.header
      if (signature !== null) headers['Stripe-Signature'] = signature
      return send('POST', '/v1/stripe/webhook', undefined, { raw: payload, headers })
    },
  }
}

export type BillingApp = Awaited<ReturnType<typeof billingApp>>

/** Reads a tenant's rows directly (as the migration owner would): for asserting what changed and what did not. */
export const tenantRows = async <T>(tenant: TestTenant, work: (scope: TenantData) => Promise<T>) => {
  const { db } = await testApp()
  return withTenant(db, parseApiId('ten', tenant.id) as string, work)
}

export const expectStatus = (res: Res, status: number) => expect(res.status, res.text).toBe(status)
