import { describe, expect, it } from 'vitest'
import type { AdminCall, DemoTenantSlug } from '../../src/seed/api'
import { seedProviders } from '../../src/seed/providers'
import { newTenant, type TestTenant } from '../helpers/harness'
import { authenticate } from './fixtures'

const callFor =
  (t: TestTenant): AdminCall =>
  async <T>(method: string, path: string, body?: unknown) => {
    const res = await t.send(method, path, { body })
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`)
    return res.body as T
  }

describe('demo seed: providers and contracts', () => {
  const cases: [DemoTenantSlug, string][] = [
    ['yuncheng-bank', 'volunteers'],
    ['yuncheng-court', 'in_house_staff'],
    ['unicom-yuncheng', 'agency'],
  ]
  for (const [slug, kind] of cases) {
    it(`gives ${slug} its ${kind} provider, a contract over its programs' summer dates, and a working credential`, async () => {
      const t = await newTenant()
      const call = callFor(t)
      const early = await call<{ id: string }>('POST', '/v1/programs', { name: 'Summer, first half', starts_on: '2027-07-05', ends_on: '2027-07-30' })
      const late = await call<{ id: string }>('POST', '/v1/programs', { name: 'Summer, second half', starts_on: '2027-08-02', length_weeks: 2 })
      const seeded = await seedProviders(call, slug, [early.id, late.id])

      const contract = await call<Record<string, unknown>>('GET', `/v1/contracts/${seeded.contract_id}`)
      expect(contract).toMatchObject({ starts_on: '2027-07-05', ends_on: '2027-08-15', status: 'scheduled', program_ids: [early.id, late.id] })
      const provider = await call<Record<string, unknown>>('GET', `/v1/providers/${contract.provider_id}`)
      expect(provider).toMatchObject({ kind })
      const [auth] = await authenticate(seeded.client_id, seeded.client_secret)
      expect(auth?.contract_status).toBe('scheduled')
    })
  }
})
