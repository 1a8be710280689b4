/**
 * A stand-in for Stripe's API on 127.0.0.1, for the real stripe SDK to talk to (host, port,
 * protocol). It answers the endpoints billing uses with objects shaped like Stripe's, honours
 * idempotency keys as Stripe does (same key and body: the first answer again; same key, other
 * body: 400), records every request, and fails on demand. It also signs events as Stripe would.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import Stripe from 'stripe'

export type RecordedRequest = { method: string; path: string; params: Record<string, any>; idempotencyKey: string | undefined; replayed: boolean }
export type Failure = { status: number; type?: string; message?: string; code?: string }
type Call = { method: string; path: string; params: Record<string, any> }
type Rule = Failure & { match: (r: Call) => boolean; times: number }

const rand = (n = 24) => {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  let out = ''
  for (let i = 0; i < n; i++) out += chars[Math.floor(Math.random() * chars.length)]
  return out
}
const now = () => Math.floor(Date.now() / 1000)

/** Stripe's form encoding (`items[0][price]=...`, `metadata[tenant_id]=...`) back into objects and arrays. */
export const parseStripeForm = (body: string): Record<string, any> => {
  const root: Record<string, any> = {}
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.replace(/\]/g, '').split('[')
    let node: any = root
    parts.forEach((part, i) => {
      const last = i === parts.length - 1
      const nextIsIndex = !last && /^\d+$/.test(parts[i + 1] as string)
      if (last) node[part] = value
      else {
        node[part] ??= nextIsIndex ? [] : {}
        node = node[part]
      }
    })
  }
  return root
}

const DAY = 24 * 60 * 60

export class FakeStripe {
  readonly secretKey = `sk_test_${rand(24)}`
  readonly webhookSecret = `whsec_${rand(32)}`
  readonly priceId = `price_${rand(14)}`
  readonly requests: RecordedRequest[] = []
  readonly customers = new Map<string, any>()
  readonly subscriptions = new Map<string, any>()
  readonly sessions = new Map<string, any>()
  readonly refunds = new Map<string, any>()
  private readonly idempotent = new Map<string, { fingerprint: string; status: number; body: unknown }>()
  private rules: Rule[] = []
  private server: Server | undefined
  url = ''

  async start() {
    this.server = createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this
  }

  async stop() {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()))
  }

  /** The environment that points billing at this server. */
  env(extra: Record<string, string> = {}) {
    return { STRIPE_SECRET_KEY: this.secretKey, STRIPE_WEBHOOK_SECRET: this.webhookSecret, STRIPE_PRICE_ID: this.priceId, STRIPE_API_BASE: this.url, ...extra }
  }

  /** The next `times` requests matching `match` fail with this error (Stripe's error shape). */
  fail(failure: Failure & { times?: number; match?: (r: Call) => boolean }) {
    this.rules.push({ match: () => true, times: 1, ...failure })
  }

  /** Every request fails with 500 until `restore()`: Stripe is down. */
  outage() {
    this.rules.push({ status: 500, type: 'api_error', message: 'Stripe is down (fake)', match: () => true, times: Number.POSITIVE_INFINITY })
  }

  restore() {
    this.rules = []
  }

  /** Recorded requests, optionally only those whose path and method match. */
  calls(method?: string, path?: RegExp) {
    return this.requests.filter((r) => (!method || r.method === method) && (!path || path.test(r.path)))
  }

  customerOfTenant(tenantApiId: string) {
    return [...this.customers.values()].find((c) => c.metadata.tenant_id === tenantApiId)
  }

  subscriptionOfTenant(tenantApiId: string) {
    return [...this.subscriptions.values()].find((s) => s.metadata.tenant_id === tenantApiId)
  }

  sessionOfEnrollment(enrollmentApiId: string) {
    return [...this.sessions.values()].filter((s) => s.metadata.enrollment_id === enrollmentApiId)
  }

  /** The customer pays the session (as Checkout does); returns the completed session. */
  pay(sessionId: string) {
    const s = this.sessions.get(sessionId)
    if (!s) throw new Error(`no session ${sessionId}`)
    Object.assign(s, { status: 'complete', payment_status: 'paid', payment_intent: `pi_${rand(24)}`, url: null })
    return structuredClone(s)
  }

  /** The session runs out (as Stripe does at `expires_at`); returns the expired session. */
  expire(sessionId: string) {
    const s = this.sessions.get(sessionId)
    if (!s) throw new Error(`no session ${sessionId}`)
    Object.assign(s, { status: 'expired', url: null })
    return structuredClone(s)
  }

  /** An event as Stripe sends it (snapshot payload). */
  event(type: string, object: unknown, options: { id?: string; created?: number } = {}) {
    return {
      id: options.id ?? `evt_${rand(24)}`,
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: options.created ?? now(),
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    }
  }

  /** The body and Stripe-Signature header of a delivery, signed with the real SDK. */
  async sign(event: unknown, options: { secret?: string; timestamp?: number } = {}) {
    const payload = JSON.stringify(event, null, 2)
    const header = await Stripe.webhooks.generateTestHeaderStringAsync({
      payload,
      secret: options.secret ?? this.webhookSecret,
      timestamp: options.timestamp,
      cryptoProvider: Stripe.createSubtleCryptoProvider(),
    })
    return { payload, header }
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', this.url)
    const method = req.method ?? 'GET'
    const params = method === 'GET' ? parseStripeForm(url.search.slice(1)) : parseStripeForm(raw)
    const idempotencyKey = req.headers['idempotency-key'] as string | undefined
    const record: RecordedRequest = { method, path: url.pathname, params, idempotencyKey, replayed: false }
    this.requests.push(record)
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': `req_${rand(14)}`, ...headers })
      res.end(JSON.stringify(body))
    }
    const stripeError = (status: number, type: string, message: string, code?: string) => send(status, { error: { type, message, ...(code ? { code } : {}) } })

    if (req.headers.authorization !== `Bearer ${this.secretKey}`) return stripeError(401, 'invalid_request_error', 'Invalid API Key provided.')
    const rule = this.rules.find((r) => r.times > 0 && r.match({ method, path: url.pathname, params }))
    if (rule) {
      rule.times -= 1
      return stripeError(rule.status, rule.type ?? 'api_error', rule.message ?? 'An error occurred with our connection to Stripe (fake).', rule.code)
    }
    const cacheKey = idempotencyKey && `${method} ${idempotencyKey}`
    const fingerprint = `${url.pathname}\n${raw}`
    if (cacheKey) {
      const seen = this.idempotent.get(cacheKey)
      if (seen && seen.fingerprint !== fingerprint)
        return stripeError(
          400,
          'idempotency_error',
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
        )
      if (seen) {
        record.replayed = true
        return send(seen.status, seen.body, { 'Idempotent-Replayed': 'true' })
      }
    }
    const [status, body] = this.route(method, url.pathname, params)
    if (cacheKey && status < 500) this.idempotent.set(cacheKey, { fingerprint, status, body })
    send(status, body)
  }

  private route(method: string, path: string, p: Record<string, any>): [number, unknown] {
    const notFound = (what: string): [number, unknown] => [
      404,
      { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${what}` } },
    ]
    if (method === 'POST' && path === '/v1/customers') {
      const c = {
        id: `cus_${rand(14)}`,
        object: 'customer',
        created: now(),
        name: p.name ?? null,
        email: p.email ?? null,
        metadata: p.metadata ?? {},
        livemode: false,
      }
      this.customers.set(c.id, c)
      return [200, c]
    }
    if (method === 'POST' && path === '/v1/subscriptions') {
      if (!this.customers.has(p.customer)) return notFound(`customer: '${p.customer}'`)
      const start = now()
      const id = `sub_${rand(14)}`
      const items = (p.items ?? []).map((i: any) => ({
        id: `si_${rand(14)}`,
        object: 'subscription_item',
        created: start,
        current_period_start: start,
        current_period_end: start + 30 * DAY,
        metadata: {},
        price: { id: i.price, object: 'price', currency: 'cny', unit_amount: 5000, recurring: { interval: 'month', interval_count: 1 } },
        quantity: Number(i.quantity ?? 1),
        subscription: id,
      }))
      const s = {
        id,
        object: 'subscription',
        created: start,
        customer: p.customer,
        status: 'active',
        collection_method: p.collection_method ?? 'charge_automatically',
        days_until_due: p.days_until_due ? Number(p.days_until_due) : null,
        cancel_at_period_end: false,
        items: { object: 'list', data: items, has_more: false, url: `/v1/subscription_items?subscription=${id}` },
        metadata: p.metadata ?? {},
        livemode: false,
      }
      this.subscriptions.set(id, s)
      return [200, s]
    }
    const subscription = method === 'GET' ? /^\/v1\/subscriptions\/(sub_\w+)$/.exec(path) : null
    if (subscription) {
      const m = subscription
      const s = this.subscriptions.get(m[1] as string)
      return s ? [200, s] : notFound(`subscription: '${m[1]}'`)
    }
    const itemPath = method === 'POST' ? /^\/v1\/subscription_items\/(si_\w+)$/.exec(path) : null
    if (itemPath) {
      const m = itemPath
      for (const s of this.subscriptions.values()) {
        const item = s.items.data.find((i: any) => i.id === m[1])
        if (!item) continue
        if (s.status === 'canceled') return [400, { error: { type: 'invalid_request_error', message: 'This subscription is canceled.' } }]
        if (p.quantity !== undefined) item.quantity = Number(p.quantity)
        return [200, item]
      }
      return notFound(`subscription_item: '${m[1]}'`)
    }
    if (method === 'POST' && path === '/v1/billing_portal/sessions') {
      if (!this.customers.has(p.customer)) return notFound(`customer: '${p.customer}'`)
      const id = `bps_${rand(24)}`
      return [
        200,
        {
          id,
          object: 'billing_portal.session',
          created: now(),
          customer: p.customer,
          livemode: false,
          return_url: p.return_url ?? null,
          url: `https://billing.stripe.com/p/session/test_${rand(32)}`,
        },
      ]
    }
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const id = `cs_test_${rand(40)}`
      const items = p.line_items ?? []
      const total = items.reduce((sum: number, i: any) => sum + Number(i.price_data?.unit_amount ?? 0) * Number(i.quantity ?? 1), 0)
      const s = {
        id,
        object: 'checkout.session',
        created: now(),
        mode: p.mode,
        status: 'open',
        payment_status: 'unpaid',
        amount_total: total,
        currency: items[0]?.price_data?.currency ?? null,
        client_reference_id: p.client_reference_id ?? null,
        metadata: p.metadata ?? {},
        payment_intent: null,
        expires_at: p.expires_at ? Number(p.expires_at) : now() + DAY,
        success_url: p.success_url ?? null,
        cancel_url: p.cancel_url ?? null,
        url: `https://checkout.stripe.com/c/pay/${id}#fidkdWxOYHwnPyd1blpxYHZxWjA0`,
        livemode: false,
      }
      this.sessions.set(id, s)
      return [200, s]
    }
    const session = method === 'GET' ? /^\/v1\/checkout\/sessions\/(cs_\w+)$/.exec(path) : null
    if (session) {
      const m = session
      const s = this.sessions.get(m[1] as string)
      return s ? [200, s] : notFound(`checkout.session: '${m[1]}'`)
    }
    const expiring = method === 'POST' ? /^\/v1\/checkout\/sessions\/(cs_\w+)\/expire$/.exec(path) : null
    if (expiring) {
      const m = expiring
      const s = this.sessions.get(m[1] as string)
      if (!s) return notFound(`checkout.session: '${m[1]}'`)
      if (s.status !== 'open')
        return [
          400,
          {
            error: {
              type: 'invalid_request_error',
              message: `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`,
            },
          },
        ]
      Object.assign(s, { status: 'expired', url: null })
      return [200, s]
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const session = [...this.sessions.values()].find((s) => s.payment_intent === p.payment_intent)
      if (!session) return notFound(`payment_intent: '${p.payment_intent}'`)
      const r = {
        id: `re_${rand(24)}`,
        object: 'refund',
        amount: p.amount ? Number(p.amount) : session.amount_total,
        currency: session.currency,
        created: now(),
        payment_intent: p.payment_intent,
        reason: p.reason ?? null,
        metadata: p.metadata ?? {},
        status: 'succeeded',
      }
      this.refunds.set(r.id, r)
      return [200, r]
    }
    return [404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` } }]
  }
}

export const startFakeStripe = () => new FakeStripe().start()
