/**
 * Billing against a fake Stripe on loopback, with the real stripe SDK and real signed webhooks.
 * Everything that makes the outbox deliver lives in this one file: deliveries are global (all
 * tenants), so two files delivering at once against one database would send each other's messages
 * to their own fake Stripe.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId, parseApiId } from '../../src/lib/ids'
import { startBillingLoop } from '../../src/modules/billing'
import { addDays, dayFromToday, draftProgram, enroll, feedOf, newChild, publishedProgram, runningProgram } from '../enrollments/fixtures'
import { bearer } from '../helpers/client'
import { expectProblem, newTenant, type TestTenant } from '../helpers/harness'
import { signedInEmployee } from '../helpers/portal'
import { type BillingApp, billingApp, expectStatus, tenantRows } from './setup'

let b: BillingApp
beforeAll(async () => {
  b = await billingApp()
})
afterAll(async () => {
  await b.stripe.stop()
})

/** A tenant whose customer and subscription exist in the fake Stripe. */
const provisionedTenant = async () => {
  const t = await newTenant()
  await b.deliver()
  expect(b.stripe.subscriptionOfTenant(t.id), 'the subscription is created by the first delivery').toBeDefined()
  return t
}

const billingOf = async (t: TestTenant) => {
  const res = await b.hr(t).get('/v1/billing')
  expectStatus(res, 200)
  return res.body
}

/** Lets the outbox's next attempts come due now (what waiting out the backoff would do). */
const fastForwardRetries = (t: TestTenant) =>
  tenantRows(t, ({ tx, tenantId }) =>
    tx.updateTable('outbox').set({ available_at: sql`now()` }).where('tenant_id', '=', tenantId).where('status', '=', 'pending').execute(),
  )

const stripeCallsOf = (t: TestTenant) => {
  const sub = b.stripe.subscriptionOfTenant(t.id)
  const customer = b.stripe.customerOfTenant(t.id)
  const item = sub?.items.data[0]?.id
  return b.stripe.requests.filter(
    (r) => r.params.metadata?.tenant_id === t.id || (customer && r.params.customer === customer.id) || (item && r.path === `/v1/subscription_items/${item}`),
  )
}

describe('tenant subscriptions', () => {
  it('creates the customer and the subscription from the outbox after the tenant is created, once', async () => {
    const t = await newTenant()
    expect(b.stripe.customerOfTenant(t.id), 'nothing reaches Stripe inside the transaction').toBeUndefined()
    const before = await billingOf(t)
    expect(before).toMatchObject({ object: 'billing', status: 'not_started', quantity: null, billable_quantity: 0, next_invoice_at: null, customer_id: null })
    expect(before.sync.status).toBe('pending')

    await b.deliver()
    const customer = b.stripe.customerOfTenant(t.id)
    const sub = b.stripe.subscriptionOfTenant(t.id)
    expect(customer).toMatchObject({ name: `Tenant ${t.slug}`, metadata: { tenant_id: t.id, tenant_slug: t.slug } })
    expect(sub).toMatchObject({ customer: customer.id, status: 'active', collection_method: 'send_invoice', metadata: { tenant_id: t.id } })
    expect(sub.items.data).toHaveLength(1)
    expect(sub.items.data[0]).toMatchObject({ price: { id: b.stripe.priceId }, quantity: 0 })
    const calls = stripeCallsOf(t)
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /v1/customers', 'POST /v1/subscriptions'])
    expect(calls.every((c) => typeof c.idempotencyKey === 'string' && c.idempotencyKey.length > 0)).toBe(true)

    const after = await billingOf(t)
    expect(after).toMatchObject({
      status: 'active',
      quantity: 0,
      billable_quantity: 0,
      customer_id: customer.id,
      cancel_at_period_end: false,
      plan: { price_id: b.stripe.priceId, unit: 'enrolled_child_per_month' },
      sync: { status: 'in_sync', last_error: null, next_attempt_at: null },
    })
    expect(Date.parse(after.next_invoice_at)).toBe(sub.items.data[0].current_period_end * 1000)

    await b.deliver()
    await b.sweep()
    expect(stripeCallsOf(t), 'nothing more to send: no second customer or subscription').toHaveLength(2)
  })

  it('bills confirmed enrollments in running programs only, following every change', async () => {
    const t = await provisionedTenant()
    const running = await runningProgram(t, { capacity: 2 })
    const future = await publishedProgram(t)
    const me = await signedInEmployee(t)
    const [a, c, d, e] = [
      await newChild(me, running.starts_on, 5, { name: '甲' }),
      await newChild(me, running.starts_on, 5, { name: '乙' }),
      await newChild(me, running.starts_on, 5, { name: '丙' }),
      await newChild(me, future.starts_on, 5, { name: '丁' }),
    ]
    const ea = await enroll(me, running.id, a.id)
    const ec = await enroll(me, running.id, c.id)
    const ed = await enroll(me, running.id, d.id)
    expect([ea.body.status, ec.body.status, ed.body.status]).toEqual(['confirmed', 'confirmed', 'waitlisted'])
    expect((await enroll(me, future.id, e.id)).body.status).toBe('confirmed')

    await b.deliver()
    const item = b.stripe.subscriptionOfTenant(t.id).items.data[0]
    expect(item.quantity, 'two seats in the running program; the waitlist and a future program do not count').toBe(2)
    const update = b.stripe.calls('POST', new RegExp(`/v1/subscription_items/${item.id}$`)).at(-1)
    expect(update?.params).toMatchObject({ quantity: '2', proration_behavior: 'create_prorations' })
    expect(update?.idempotencyKey).toMatch(/^tuoguan-quantity-/)

    // A withdrawal promotes the waitlist (still 2); HR's cancel then frees a seat nobody waits for (1).
    expectStatus(await me.delete(`/v1/portal/enrollments/${ea.body.id}`), 200)
    expectStatus(await t.post(`/v1/enrollments/${ec.body.id}/cancel`, { reason: 'Moved away.' }), 200)
    await b.deliver()
    expect(b.stripe.subscriptionOfTenant(t.id).items.data[0].quantity).toBe(1)
    expect(await billingOf(t)).toMatchObject({ quantity: 1, billable_quantity: 1, sync: { status: 'in_sync' } })
  })

  it('keeps the enrollment when Stripe is down, and brings Stripe in line on a later attempt', async () => {
    const t = await provisionedTenant()
    const running = await runningProgram(t)
    const me = await signedInEmployee(t)
    b.stripe.outage()
    try {
      const res = await enroll(me, running.id, (await newChild(me, running.starts_on)).id)
      expectStatus(res, 201)
      expect(res.body.status).toBe('confirmed')
      await b.deliver()
      expect((await me.get(`/v1/portal/enrollments/${res.body.id}`)).body.status, 'the enrollment stands').toBe('confirmed')
      const failing = await billingOf(t)
      expect(failing).toMatchObject({ quantity: 0, billable_quantity: 1, sync: { status: 'retrying' } })
      expect(failing.sync.last_error).toMatch(/api_error 500/)
      expect(Date.parse(failing.sync.next_attempt_at)).toBeGreaterThan(Date.now())
      await b.deliver()
      expect(b.stripe.subscriptionOfTenant(t.id).items.data[0].quantity, 'not retried before the backoff is over').toBe(0)
    } finally {
      b.stripe.restore()
    }
    await fastForwardRetries(t)
    await b.deliver()
    expect(b.stripe.subscriptionOfTenant(t.id).items.data[0].quantity).toBe(1)
    expect(await billingOf(t)).toMatchObject({ quantity: 1, billable_quantity: 1, sync: { status: 'in_sync', last_error: null } })
  })

  it('retries a failed update with the same idempotency key, so Stripe applies it once', async () => {
    const t = await provisionedTenant()
    const running = await runningProgram(t)
    const me = await signedInEmployee(t)
    expectStatus(await enroll(me, running.id, (await newChild(me, running.starts_on)).id), 201)
    const item = b.stripe.subscriptionOfTenant(t.id).items.data[0]
    const path = new RegExp(`/v1/subscription_items/${item.id}$`)
    b.stripe.fail({ status: 503, type: 'api_error', match: (r) => path.test(r.path) })
    await b.deliver()
    await fastForwardRetries(t)
    await b.deliver()
    const attempts = b.stripe.calls('POST', path)
    expect(attempts).toHaveLength(2)
    expect(attempts[0]?.idempotencyKey).toBe(attempts[1]?.idempotencyKey)
    expect(item.quantity).toBe(1)
  })

  it('recreates nothing and repeats nothing when the same message is delivered again after a lost answer', async () => {
    const t = await newTenant()
    // Stripe creates the customer, but the answer never arrives (the fake fails the next call instead).
    b.stripe.fail({ status: 500, match: (r) => r.path === '/v1/subscriptions' && r.params.metadata?.tenant_id === t.id })
    await b.deliver()
    await fastForwardRetries(t)
    await b.deliver()
    expect(b.stripe.calls('POST', /^\/v1\/customers$/).filter((r) => r.params.metadata?.tenant_id === t.id)).toHaveLength(1)
    const subs = b.stripe.calls('POST', /^\/v1\/subscriptions$/).filter((r) => r.params.metadata?.tenant_id === t.id)
    expect(subs).toHaveLength(2)
    expect(subs[0]?.idempotencyKey).toBe(subs[1]?.idempotencyKey)
    expect([...b.stripe.subscriptions.values()].filter((s) => s.metadata.tenant_id === t.id)).toHaveLength(1)
  })

  it('opens a billing portal session for HR, recorded in the audit log', async () => {
    const t = await provisionedTenant()
    const res = await b.hr(t).post('/v1/billing/portal-sessions', { return_url: 'https://hr.example.cn/billing' })
    expectStatus(res, 201)
    expect(res.body).toMatchObject({
      object: 'billing_portal_session',
      url: expect.stringMatching(/^https:\/\/billing\.stripe\.com\//),
      return_url: 'https://hr.example.cn/billing',
    })
    expect(b.stripe.calls('POST', /billing_portal\/sessions$/).at(-1)?.params).toMatchObject({ customer: b.stripe.customerOfTenant(t.id).id })
    const defaulted = await b.hr(t).post('/v1/billing/portal-sessions')
    expectStatus(defaulted, 201)
    expect(defaulted.body.return_url).toBe('https://api.tuoguan.test/')
    const audit = await t.get('/v1/audit-events?limit=5')
    expect(audit.body.data[0]).toMatchObject({ action: 'billing.portal_session_created', object_id: t.id })
    expectProblem(await b.hr(t).post('/v1/billing/portal-sessions', { return_url: 'http://hr.example.cn/' }), 422, 'invalid_request')
  })

  it('creates the customer on the spot for a portal session, and answers 503 when Stripe is down', async () => {
    const t = await newTenant()
    b.stripe.outage()
    try {
      expectProblem(await b.hr(t).post('/v1/billing/portal-sessions'), 503, 'service_unavailable')
    } finally {
      b.stripe.restore()
    }
    const res = await b.hr(t).post('/v1/billing/portal-sessions')
    expectStatus(res, 201)
    expect(b.stripe.customerOfTenant(t.id)).toBeDefined()
    await b.deliver()
    expect(
      [...b.stripe.customers.values()].filter((c) => c.metadata.tenant_id === t.id),
      'the outbox reuses that customer',
    ).toHaveLength(1)
  })
})

describe('the Node driver', () => {
  it('sweeps on start and on its interval, and delivers when kicked after a write', async () => {
    const loop = startBillingLoop(b.db, b.config, 60_000)
    try {
      const t = await newTenant()
      loop.kick()
      await expect.poll(() => b.stripe.subscriptionOfTenant(t.id), { timeout: 10_000, interval: 50 }).toBeDefined()
    } finally {
      await loop.stop()
    }
  })
})

describe('the Stripe webhook', () => {
  const subscriptionEvent = (t: TestTenant, status: string, created: number, type = 'customer.subscription.updated') => {
    const sub = structuredClone(b.stripe.subscriptionOfTenant(t.id))
    sub.status = status
    return b.stripe.event(type, sub, { created })
  }
  const eventRows = (t: TestTenant) =>
    tenantRows(t, ({ tx, tenantId }) => tx.selectFrom('stripe_events').selectAll().where('tenant_id', '=', tenantId).execute())

  it('keeps the subscription status Stripe reports, ignoring events older than the last applied', async () => {
    const t = await provisionedTenant()
    const now = Math.floor(Date.now() / 1000)
    const pastDue = await b.deliverEvent(subscriptionEvent(t, 'past_due', now + 5))
    expectStatus(pastDue, 200)
    expect(pastDue.body).toMatchObject({ received: true, outcome: 'subscription past_due' })
    expect((await billingOf(t)).status).toBe('past_due')
    const stale = await b.deliverEvent(subscriptionEvent(t, 'active', now - 60))
    expect(stale.body.outcome).toMatch(/^ignored: older/)
    expect((await billingOf(t)).status).toBe('past_due')
    const canceled = await b.deliverEvent(subscriptionEvent(t, 'canceled', now + 10, 'customer.subscription.deleted'))
    expect(canceled.body.outcome).toBe('subscription canceled')
    expect(await billingOf(t)).toMatchObject({ status: 'canceled' })
  })

  it('refuses a missing, wrong, altered or stale signature with 400 and changes nothing', async () => {
    const t = await provisionedTenant()
    const event = subscriptionEvent(t, 'past_due', Math.floor(Date.now() / 1000) + 5)
    const signed = await b.stripe.sign(event)
    const post = (payload: string, signature?: string) =>
      b.send('POST', '/v1/stripe/webhook', undefined, {
        raw: payload,
        headers: { 'Content-Type': 'application/json', ...(signature === undefined ? {} : { 'Stripe-Signature': signature }) },
      })
    expectProblem(await post(signed.payload), 400, 'invalid_signature')
    expectProblem(await post(signed.payload, 'garbage'), 400, 'invalid_signature')
    expectProblem(await post(signed.payload.replace('past_due', 'canceled'), signed.header), 400, 'invalid_signature')
    const wrongSecret = await b.stripe.sign(event, { secret: 'whsec_not_the_endpoint_secret' })
    expectProblem(await post(wrongSecret.payload, wrongSecret.header), 400, 'invalid_signature')
    const stale = await b.stripe.sign(event, { timestamp: Math.floor(Date.now() / 1000) - 301 })
    expectProblem(await post(stale.payload, stale.header), 400, 'invalid_signature')
    expectProblem(await post('not json at all', signed.header), 400, 'invalid_signature')
    expect((await billingOf(t)).status).toBe('active')
    expect(await eventRows(t)).toHaveLength(0)
    // The genuine delivery still works afterwards.
    expectStatus(await post(signed.payload, signed.header), 200)
    expect((await billingOf(t)).status).toBe('past_due')
  })

  it('applies an event once when Stripe delivers it many times, concurrently and later again', async () => {
    const t = await provisionedTenant()
    const event = subscriptionEvent(t, 'past_due', Math.floor(Date.now() / 1000) + 5)
    const results = await Promise.all(Array.from({ length: 8 }, () => b.deliverEvent(event)))
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200))
    const outcomes = results.map((r) => r.body.outcome).sort()
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(7)
    expect(outcomes.filter((o) => o === 'subscription past_due')).toHaveLength(1)
    expect((await b.deliverEvent(event)).body.outcome).toBe('duplicate')
    const rows = await eventRows(t)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ event_id: event.id, type: 'customer.subscription.updated', outcome: 'subscription past_due' })
  })

  it('acknowledges event types it does not act on, and events of no tenant here', async () => {
    const invoice = b.stripe.event('invoice.paid', { id: 'in_123', object: 'invoice' })
    const res = await b.deliverEvent(invoice)
    expectStatus(res, 200)
    expect(res.body).toEqual({ received: true, event_id: invoice.id, outcome: 'ignored: invoice.paid is not an event this endpoint acts on' })
    const foreign = b.stripe.event('customer.subscription.updated', { id: 'sub_x', object: 'subscription', metadata: {}, items: { data: [] } })
    expect((await b.deliverEvent(foreign)).body.outcome).toBe('ignored: not a subscription of this platform')
    const unknownTenant = b.stripe.event('checkout.session.expired', {
      id: 'cs_test_x',
      object: 'checkout.session',
      payment_status: 'unpaid',
      metadata: { tenant_id: newId('ten').api, enrollment_id: newId('enr').api },
    })
    expect((await b.deliverEvent(unknownTenant)).body.outcome).toBe('ignored: no such tenant')
  })
})

describe('co-payments', () => {
  const SHARE = { fee: { amount: 150000, currency: 'CNY' }, employer_subsidy: { amount: 100000, currency: 'CNY' } }

  /** A published program whose employees pay 500.00 CNY of a 1500.00 fee (published through the app with Stripe). */
  const copayProgram = async (t: TestTenant, overrides: Record<string, unknown> = {}) => {
    const draft = await draftProgram(t, { ...SHARE, ...overrides })
    const res = await b.hr(t).post(`/v1/programs/${draft.id}/publish`)
    expectStatus(res, 200)
    return res.body as { id: string; starts_on: string; ends_on: string }
  }
  /** A co-payment program that started three days ago (billable while it runs). */
  const runningCopayProgram = (t: TestTenant, overrides: Record<string, unknown> = {}) => {
    const startsOn = dayFromToday(-3)
    const endsOn = addDays(startsOn, 27)
    return copayProgram(t, {
      starts_on: startsOn,
      operating_weekdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
      registration_window: { opens_at: `${dayFromToday(-10)}T09:00:00+08:00`, closes_at: `${endsOn}T18:00:00+08:00` },
      ...overrides,
    })
  }
  /** An employee of the tenant, with a client of the app that has Stripe. */
  const employee = async (t: TestTenant) => {
    const me = await signedInEmployee(t)
    return { me, portal: b.as(bearer(me.accessToken)) }
  }
  const sessionOf = (enrollmentId: string) => {
    const sessions = b.stripe.sessionOfEnrollment(enrollmentId)
    expect(sessions, 'one Checkout Session per held seat').toHaveLength(1)
    return sessions[0]
  }
  const feedTypesOf = async (t: TestTenant, enrollmentId: string) =>
    (await feedOf(t)).filter((e) => e.enrollment_id === enrollmentId).map((e) => `${e.type}:${e.status}`)
  const paymentRow = (t: TestTenant, enrollmentId: string) =>
    tenantRows(t, ({ tx, tenantId }) =>
      tx
        .selectFrom('enrollment_payments')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('enrollment_id', '=', parseApiId('enr', enrollmentId) as string)
        .executeTakeFirstOrThrow(),
    )

  it('previews a free seat of a program with an employee share as awaiting_payment, as enrolling then gives', async () => {
    const t = await newTenant()
    const program = await copayProgram(t, { capacity: 1 })
    const { me, portal } = await employee(t)
    const first = await newChild(me, program.starts_on)
    const second = await newChild(me, program.starts_on, 5, { name: '李四' })
    const expected = async (childId: string) =>
      ((await portal.get(`/v1/portal/programs/${program.id}`)).body.children as { child_id: string; expected_status: string }[]).find(
        (c) => c.child_id === childId,
      )?.expected_status
    expect(await expected(first.id)).toBe('awaiting_payment')
    const enrolled = await portal.post('/v1/portal/enrollments', { program_id: program.id, child_id: first.id })
    expect(enrolled.body.status).toBe('awaiting_payment')
    // The held seat is taken: the next child would wait, and the preview says so.
    expect(await expected(second.id)).toBe('waitlisted')
  })

  it('holds the seat, answers with a Checkout URL, and confirms it when Stripe reports the payment', async () => {
    const t = await newTenant()
    const program = await copayProgram(t, { capacity: 1 })
    const { me, portal } = await employee(t)
    const res = await portal.post('/v1/portal/enrollments', { program_id: program.id, child_id: (await newChild(me, program.starts_on)).id })
    expectStatus(res, 201)
    expect(res.body).toMatchObject({
      status: 'awaiting_payment',
      confirmed_at: expect.any(String),
      payment: {
        status: 'awaiting_payment',
        amount: 50000,
        currency: 'CNY',
        checkout_url: expect.stringMatching(/^https:\/\/checkout\.stripe\.com\//),
        paid_at: null,
      },
    })
    const holdEnds = Date.parse(res.body.payment.hold_expires_at)
    expect(holdEnds - Date.now()).toBeGreaterThan(55 * 60_000)
    expect(holdEnds - Date.now()).toBeLessThanOrEqual(60 * 60_000)

    const session = sessionOf(res.body.id)
    expect(session).toMatchObject({
      mode: 'payment',
      amount_total: 50000,
      currency: 'cny',
      client_reference_id: res.body.id,
      metadata: { tenant_id: t.id, enrollment_id: res.body.id },
      expires_at: Math.floor(holdEnds / 1000),
      success_url: `https://api.tuoguan.test/enrollments/${res.body.id}?checkout=success`,
    })
    expect(b.stripe.calls('POST', /\/v1\/checkout\/sessions$/).find((r) => r.params.metadata?.enrollment_id === res.body.id)?.idempotencyKey).toMatch(
      /^tuoguan-checkout-/,
    )
    // The held seat counts against capacity: the next child waits.
    const next = await portal.post('/v1/portal/enrollments', {
      program_id: program.id,
      child_id: (await newChild(me, program.starts_on, 5, { name: '李四' })).id,
    })
    expect(next.body.status).toBe('waitlisted')

    const paid = b.stripe.pay(session.id)
    const confirmed = await b.deliverEvent(b.stripe.event('checkout.session.completed', paid))
    expectStatus(confirmed, 200)
    expect(confirmed.body.outcome).toBe('enrollment confirmed')
    const after = await portal.get(`/v1/portal/enrollments/${res.body.id}`)
    expect(after.body).toMatchObject({ status: 'confirmed', payment: { status: 'paid', checkout_url: null, paid_at: expect.any(String) } })
    expect(await feedTypesOf(t, res.body.id)).toEqual(['enrollment.awaiting_payment:awaiting_payment', 'enrollment.confirmed:confirmed'])
    expect((await paymentRow(t, res.body.id)).payment_intent_id).toBe(paid.payment_intent)
  })

  it('confirms once when Stripe delivers the payment many times at once', async () => {
    const t = await newTenant()
    const program = await copayProgram(t)
    const { me, portal } = await employee(t)
    const held = (await portal.post('/v1/portal/enrollments', { program_id: program.id, child_id: (await newChild(me, program.starts_on)).id })).body
    const paid = b.stripe.pay(sessionOf(held.id).id)
    const event = b.stripe.event('checkout.session.completed', paid)
    const results = await Promise.all(Array.from({ length: 8 }, () => b.deliverEvent(event)))
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200))
    expect(results.filter((r) => r.body.outcome === 'enrollment confirmed')).toHaveLength(1)
    expect(results.filter((r) => r.body.outcome === 'duplicate')).toHaveLength(7)
    // Another event about the same payment (a second notice) confirms nothing more either.
    expect((await b.deliverEvent(b.stripe.event('checkout.session.async_payment_succeeded', paid))).body.outcome).toBe(
      'ignored: the co-payment is already paid',
    )
    expect(await feedTypesOf(t, held.id)).toEqual(['enrollment.awaiting_payment:awaiting_payment', 'enrollment.confirmed:confirmed'])
    const audit = (await t.get('/v1/audit-events?limit=50')).body.data.filter((e: any) => e.object_id === held.id).map((e: any) => e.action)
    expect(audit).toEqual(['enrollment.confirmed', 'enrollment.created'])
  })

  it('releases the seat when the checkout expires, promoting the waitlist into a hold of its own', async () => {
    const t = await newTenant()
    const program = await copayProgram(t, { capacity: 1 })
    const { me, portal } = await employee(t)
    const first = (await portal.post('/v1/portal/enrollments', { program_id: program.id, child_id: (await newChild(me, program.starts_on)).id })).body
    const second = (
      await portal.post('/v1/portal/enrollments', { program_id: program.id, child_id: (await newChild(me, program.starts_on, 5, { name: '李四' })).id })
    ).body
    expect(second.status).toBe('waitlisted')

    const expired = await b.deliverEvent(b.stripe.event('checkout.session.expired', b.stripe.expire(sessionOf(first.id).id)))
    expect(expired.body.outcome).toBe('seat released')
    expect((await portal.get(`/v1/portal/enrollments/${first.id}`)).body).toMatchObject({
      status: 'cancelled',
      end_reason: 'payment not completed: the checkout expired unpaid',
      payment: { status: 'released', checkout_url: null },
    })
    const promoted = await portal.get(`/v1/portal/enrollments/${second.id}`)
    expect(promoted.body).toMatchObject({ status: 'awaiting_payment', payment: { status: 'awaiting_payment', checkout_url: null } })
    expect(await feedTypesOf(t, first.id)).toEqual(['enrollment.awaiting_payment:awaiting_payment', 'enrollment.cancelled:cancelled'])
    expect(await feedTypesOf(t, second.id)).toEqual(['enrollment.waitlisted:waitlisted', 'enrollment.promoted:awaiting_payment'])

    await b.deliver()
    const withUrl = await portal.get(`/v1/portal/enrollments/${second.id}`)
    expect(withUrl.body.payment.checkout_url).toBe(sessionOf(second.id).url)
  })

  it('releases a hold whose time ran out, expires its checkout, and refunds a payment that lands after', async () => {
    const t = await newTenant()
    const program = await copayProgram(t)
    const { me, portal } = await employee(t)
    const held = (await portal.post('/v1/portal/enrollments', { program_id: program.id, child_id: (await newChild(me, program.starts_on)).id })).body
    const session = sessionOf(held.id)
    await b.sweep()
    expect((await portal.get(`/v1/portal/enrollments/${held.id}`)).body.status, 'not before the hold ends').toBe('awaiting_payment')

    await tenantRows(t, ({ tx, tenantId }) =>
      tx.updateTable('enrollment_payments').set({ hold_expires_at: sql`now() - interval '1 second'` }).where('tenant_id', '=', tenantId).execute(),
    )
    await b.sweep()
    expect((await portal.get(`/v1/portal/enrollments/${held.id}`)).body).toMatchObject({
      status: 'cancelled',
      end_reason: 'payment not completed within the hold',
      payment: { status: 'released' },
    })
    expect(b.stripe.sessions.get(session.id).status, 'the checkout can no longer be paid').toBe('expired')

    // Stripe had taken the payment just before the expiry: it arrives now, and is refunded in full.
    const late = await b.deliverEvent(b.stripe.event('checkout.session.completed', { ...b.stripe.pay(session.id), status: 'complete' }))
    expect(late.body.outcome).toBe('late payment: refund requested')
    expect((await portal.get(`/v1/portal/enrollments/${held.id}`)).body).toMatchObject({ status: 'cancelled', payment: { status: 'refund_pending' } })
    await b.deliver()
    const refund = [...b.stripe.refunds.values()].find((r) => r.metadata.enrollment_id === held.id)
    expect(refund).toMatchObject({ amount: 50000, payment_intent: b.stripe.sessions.get(session.id).payment_intent })
    expect((await portal.get(`/v1/portal/enrollments/${held.id}`)).body.payment).toMatchObject({ status: 'refunded', refunded_at: expect.any(String) })
  })

  it('refunds in full a withdrawal before the program starts, and not one after it started', async () => {
    const t = await provisionedTenant()
    const { me, portal } = await employee(t)
    const upcoming = await copayProgram(t)
    const early = (await portal.post('/v1/portal/enrollments', { program_id: upcoming.id, child_id: (await newChild(me, upcoming.starts_on)).id })).body
    await b.deliverEvent(b.stripe.event('checkout.session.completed', b.stripe.pay(sessionOf(early.id).id)))
    const withdrawn = await portal.delete(`/v1/portal/enrollments/${early.id}`)
    expectStatus(withdrawn, 200)
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', payment: { status: 'refund_pending' } })
    await b.deliver()
    const refund = [...b.stripe.refunds.values()].find((r) => r.metadata.enrollment_id === early.id)
    expect(refund).toMatchObject({ amount: 50000, reason: 'requested_by_customer' })
    expect((await paymentRow(t, early.id)).refund_reason).toBe('withdrawn before the program started')

    const running = await runningCopayProgram(t)
    const late = (
      await portal.post('/v1/portal/enrollments', { program_id: running.id, child_id: (await newChild(me, running.starts_on, 5, { name: '王五' })).id })
    ).body
    await b.deliver()
    expect((await billingOf(t)).billable_quantity, 'a held seat is not billed').toBe(0)
    await b.deliverEvent(b.stripe.event('checkout.session.completed', b.stripe.pay(sessionOf(late.id).id)))
    await b.deliver()
    expect(await billingOf(t)).toMatchObject({ quantity: 1, billable_quantity: 1 })
    expectStatus(await portal.delete(`/v1/portal/enrollments/${late.id}`), 200)
    await b.deliver()
    expect((await portal.get(`/v1/portal/enrollments/${late.id}`)).body.payment).toMatchObject({ status: 'paid', refunded_at: null })
    expect([...b.stripe.refunds.values()].filter((r) => r.metadata.enrollment_id === late.id)).toHaveLength(0)
    expect(b.stripe.subscriptionOfTenant(t.id).items.data[0].quantity).toBe(0)
  })

  it('refunds a paid share and releases a held one when a program change withdraws them before the start', async () => {
    const t = await newTenant()
    const program = await copayProgram(t)
    const { me, portal } = await employee(t)
    const paid = (await portal.post('/v1/portal/enrollments', { program_id: program.id, child_id: (await newChild(me, program.starts_on)).id })).body
    await b.deliverEvent(b.stripe.event('checkout.session.completed', b.stripe.pay(sessionOf(paid.id).id)))
    const held = (
      await portal.post('/v1/portal/enrollments', { program_id: program.id, child_id: (await newChild(me, program.starts_on, 5, { name: '李四' })).id })
    ).body
    const moved = await b.hr(t).patch(`/v1/programs/${program.id}?affected_enrollments=withdraw`, { starts_on: addDays(program.starts_on, 7) })
    expectStatus(moved, 200)
    expect((await portal.get(`/v1/portal/enrollments/${paid.id}`)).body).toMatchObject({ status: 'withdrawn', payment: { status: 'refund_pending' } })
    expect((await portal.get(`/v1/portal/enrollments/${held.id}`)).body).toMatchObject({ status: 'withdrawn', payment: { status: 'released' } })
    await b.deliver()
    expect((await portal.get(`/v1/portal/enrollments/${paid.id}`)).body.payment.status).toBe('refunded')
    expect(b.stripe.sessions.get(sessionOf(held.id).id).status).toBe('expired')
  })

  it('keeps a held enrollment when Stripe is down; its Checkout URL comes on a later attempt', async () => {
    const t = await newTenant()
    const program = await copayProgram(t)
    const { me, portal } = await employee(t)
    b.stripe.outage()
    let held: any
    try {
      const res = await portal.post('/v1/portal/enrollments', { program_id: program.id, child_id: (await newChild(me, program.starts_on)).id })
      expectStatus(res, 201)
      held = res.body
      expect(held).toMatchObject({ status: 'awaiting_payment', payment: { status: 'awaiting_payment', checkout_url: null } })
    } finally {
      b.stripe.restore()
    }
    expect((await portal.get(`/v1/portal/enrollments/${held.id}`)).body.status).toBe('awaiting_payment')
    await fastForwardRetries(t)
    await b.deliver()
    expect((await portal.get(`/v1/portal/enrollments/${held.id}`)).body.payment.checkout_url).toBe(sessionOf(held.id).url)
  })

  it('expires the checkout when HR cancels a held seat, and refuses co-payment enrollments without Stripe', async () => {
    const t = await newTenant()
    const program = await copayProgram(t)
    const { me, portal } = await employee(t)
    const held = (await portal.post('/v1/portal/enrollments', { program_id: program.id, child_id: (await newChild(me, program.starts_on)).id })).body
    expectStatus(await b.hr(t).post(`/v1/enrollments/${held.id}/cancel`, { reason: 'Duplicate registration.' }), 200)
    await b.deliver()
    expect(b.stripe.sessions.get(sessionOf(held.id).id).status).toBe('expired')

    // The app without Stripe settings (same database) cannot take the co-payment: nothing is written.
    const child = await newChild(me, program.starts_on, 5, { name: '赵六' })
    expectProblem(await me.post('/v1/portal/enrollments', { program_id: program.id, child_id: child.id }), 503, 'billing_not_configured')
    expect((await me.get(`/v1/portal/enrollments?child_id=${child.id}`)).body.data).toEqual([])
  })
})
