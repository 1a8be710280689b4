/** Without Stripe settings: billing answers a clear problem, everything else works, co-payment programs stay drafts. */
import { describe, expect, it } from 'vitest'
import { draftProgram, enroll, newChild, publish } from '../enrollments/fixtures'
import { send } from '../helpers/client'
import { expectProblem, newTenant } from '../helpers/harness'
import { signedInEmployee } from '../helpers/portal'
import { securitySuite } from '../helpers/security'

describe('billing without Stripe settings', () => {
  it('answers 503 billing_not_configured on the billing routes and the webhook', async () => {
    const t = await newTenant()
    const read = await t.get('/v1/billing')
    expectProblem(read, 503, 'billing_not_configured')
    expect(read.body.detail).toMatch(/not connected Stripe/)
    expectProblem(await t.post('/v1/billing/portal-sessions', {}), 503, 'billing_not_configured')
    const hook = await send('POST', '/v1/stripe/webhook', undefined, {
      raw: JSON.stringify({ id: 'evt_1', object: 'event', type: 'checkout.session.completed' }),
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': 't=1,v1=00' },
    })
    expectProblem(hook, 503, 'billing_not_configured')
  })

  it('refuses to publish a program whose employees would pay a share, and publishes it once fully subsidised', async () => {
    const t = await newTenant()
    const draft = await draftProgram(t, { fee: { amount: 150000, currency: 'CNY' }, employer_subsidy: { amount: 100000, currency: 'CNY' } })
    const res = await t.post(`/v1/programs/${draft.id}/publish`)
    expectProblem(res, 422, 'program_incomplete')
    expect(res.body.errors).toEqual([{ path: 'employer_subsidy', message: expect.stringContaining('employees would pay 50000 (minor units of CNY)') }])
    expect((await t.get(`/v1/programs/${draft.id}`)).body.status).toBe('draft')

    expect((await t.patch(`/v1/programs/${draft.id}`, { employer_subsidy: { amount: 150000, currency: 'CNY' } })).status).toBe(200)
    const published = await publish(t, draft.id)
    expect(published.employee_share).toEqual({ amount: 0, currency: 'CNY' })
    const raise = await t.patch(`/v1/programs/${draft.id}`, { fee: { amount: 180000, currency: 'CNY' } })
    expectProblem(raise, 422, 'invalid_request')
    expect(raise.body.errors).toEqual([{ path: 'employer_subsidy', message: expect.stringContaining('employees would pay 30000') }])
    expect((await t.get(`/v1/programs/${draft.id}`)).body.fee).toEqual({ amount: 150000, currency: 'CNY' })
  })

  it('enrolls in programs without an employee share as before', async () => {
    const t = await newTenant()
    const program = await publish(
      t,
      (await draftProgram(t, { fee: { amount: 80000, currency: 'CNY' }, employer_subsidy: { amount: 80000, currency: 'CNY' } })).id,
    )
    const me = await signedInEmployee(t)
    const res = await enroll(me, program.id, (await newChild(me, program.starts_on)).id)
    expect(res.status, res.text).toBe(201)
    expect(res.body.status).toBe('confirmed')
  })
})

securitySuite('GET /v1/billing', { surface: 'admin', method: 'GET', setup: async () => ({ path: '/v1/billing' }) })
securitySuite('POST /v1/billing/portal-sessions', { surface: 'admin', method: 'POST', setup: async () => ({ path: '/v1/billing/portal-sessions', body: {} }) })
