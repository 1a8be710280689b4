import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config'
import { billingConfigFrom, DEFAULT_PAYMENT_HOLD_MINUTES } from '../../src/lib/billing-config'
import { generateSigningJwk } from '../../src/lib/jwt'
import { employeeShare, refundsOnEnd, syncStatus } from '../../src/modules/billing/billing.rules'
import { MAX_ATTEMPTS, retryDelayMs } from '../../src/modules/outbox'

const keys = { STRIPE_SECRET_KEY: 'sk_test_abc123', STRIPE_WEBHOOK_SECRET: 'whsec_abc123', STRIPE_PRICE_ID: 'price_abc123' }

describe('billing settings', () => {
  it('are off without keys, on with all three, and refuse a partial or malformed setup', () => {
    expect(billingConfigFrom({}, 'https://api.example.cn')).toBeUndefined()
    expect(billingConfigFrom(keys, 'https://api.example.cn')).toEqual({
      secretKey: 'sk_test_abc123',
      webhookSecret: 'whsec_abc123',
      priceId: 'price_abc123',
      api: undefined,
      paymentHoldMinutes: DEFAULT_PAYMENT_HOLD_MINUTES,
      returnUrl: 'https://api.example.cn',
    })
    expect(() => billingConfigFrom({ STRIPE_SECRET_KEY: 'sk_test_abc123' }, 'https://x.cn')).toThrow(/missing STRIPE_WEBHOOK_SECRET, STRIPE_PRICE_ID/)
    expect(() => billingConfigFrom({ ...keys, STRIPE_SECRET_KEY: 'pk_test_abc' }, 'https://x.cn')).toThrow(/STRIPE_SECRET_KEY/)
    expect(() => billingConfigFrom({ ...keys, STRIPE_WEBHOOK_SECRET: 'secret' }, 'https://x.cn')).toThrow(/whsec_/)
    expect(() => billingConfigFrom({ ...keys, STRIPE_PRICE_ID: 'prod_1' }, 'https://x.cn')).toThrow(/price_/)
    expect(() => billingConfigFrom({ ...keys, PAYMENT_HOLD_MINUTES: '10' }, 'https://x.cn')).toThrow(/30 to 1440/)
    expect(() => billingConfigFrom({ ...keys, STRIPE_API_BASE: 'ftp://x' }, 'https://x.cn')).toThrow(/STRIPE_API_BASE/)
  })

  it('point the SDK at another host for tests, and take the hold and return URL from the environment', () => {
    const config = billingConfigFrom(
      { ...keys, STRIPE_API_BASE: 'http://127.0.0.1:12111', PAYMENT_HOLD_MINUTES: '45', STRIPE_RETURN_URL: 'https://care.example.cn' },
      'x',
    )
    expect(config).toMatchObject({ api: { host: '127.0.0.1', port: 12111, protocol: 'http' }, paymentHoldMinutes: 45, returnUrl: 'https://care.example.cn' })
  })

  it('reach the app configuration: absent by default, a bad one stops the start', async () => {
    const jwk = await generateSigningJwk()
    const base = { PLATFORM_API_KEY: 'pk_0123456789abcdefghijklmnop' }
    expect((await loadConfig(base, { jwtPrivateKeys: [jwk] })).billing).toBeUndefined()
    expect((await loadConfig({ ...base, ...keys }, { jwtPrivateKeys: [jwk] })).billing?.priceId).toBe('price_abc123')
    await expect(loadConfig({ ...base, STRIPE_PRICE_ID: 'price_1' }, { jwtPrivateKeys: [jwk] })).rejects.toThrow(/Stripe billing needs/)
  })
})

describe("the employee's share", () => {
  it('is the fee minus the subsidy when positive, and nothing otherwise', () => {
    expect(employeeShare({ fee_amount: 150000, fee_currency: 'CNY', subsidy_amount: 100000 })).toEqual({ amount: 50000, currency: 'CNY' })
    expect(employeeShare({ fee_amount: 150000, fee_currency: 'cny', subsidy_amount: null })).toEqual({ amount: 150000, currency: 'CNY' })
    expect(employeeShare({ fee_amount: 150000, fee_currency: 'CNY', subsidy_amount: 150000 })).toBeNull()
    expect(employeeShare({ fee_amount: 0, fee_currency: 'CNY', subsidy_amount: null })).toBeNull()
    expect(employeeShare({ fee_amount: null, fee_currency: null, subsidy_amount: null })).toBeNull()
  })
})

describe('the refund policy', () => {
  it('refunds in full up to the day before the first day, and not from the first day on', () => {
    expect(refundsOnEnd('2027-07-04', '2027-07-05')).toBe(true)
    expect(refundsOnEnd('2027-07-05', '2027-07-05')).toBe(false)
    expect(refundsOnEnd('2027-07-20', '2027-07-05')).toBe(false)
    expect(refundsOnEnd('2027-07-04', null)).toBe(false)
  })
})

describe('the sync status', () => {
  const at = new Date('2027-06-01T00:00:00Z')
  it('says in_sync, pending, retrying or failed', () => {
    expect(syncStatus(undefined, 3, 3).status).toBe('in_sync')
    expect(syncStatus({ status: 'delivered', attempts: 1, last_error: null, available_at: at }, 3, 3).status).toBe('in_sync')
    expect(syncStatus({ status: 'delivered', attempts: 1, last_error: null, available_at: at }, 3, 4).status).toBe('pending')
    expect(syncStatus({ status: 'pending', attempts: 0, last_error: null, available_at: at }, 3, 3).status).toBe('pending')
    expect(syncStatus({ status: 'pending', attempts: 2, last_error: 'api_error 500: down', available_at: at }, 3, 4)).toEqual({
      status: 'retrying',
      last_error: 'api_error 500: down',
      next_attempt_at: '2027-06-01T00:00:00.000Z',
    })
    expect(syncStatus({ status: 'dead', attempts: 30, last_error: 'x', available_at: at }, 3, 4)).toMatchObject({ status: 'failed', last_error: 'x' })
  })
})

describe('outbox retries', () => {
  it('back off from about 10 s, doubling up to an hour, then give up', () => {
    expect(retryDelayMs(1, 0.5)).toBe(10_000)
    expect(retryDelayMs(2, 0.5)).toBe(20_000)
    expect(retryDelayMs(1, 0)).toBe(8_000)
    expect(retryDelayMs(1, 1)).toBe(12_000)
    expect(retryDelayMs(20, 0.5)).toBe(3_600_000)
    expect(retryDelayMs(MAX_ATTEMPTS, 0.5)).toBeNull()
    const total = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1, 0.5) ?? 0).reduce((a, b) => a + b, 0)
    expect(total / 3_600_000).toBeGreaterThan(12)
  })
})
