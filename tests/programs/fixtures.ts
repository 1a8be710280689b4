import { expect } from 'vitest'
import type { TestTenant } from '../helpers/harness'

/** A site of the tenant, made through the API. */
export const createSite = async (t: TestTenant, overrides: Record<string, unknown> = {}) => {
  const res = await t.post('/v1/sites', { name: '市中院干警子女暑期托管室', address: '运城市中级人民法院 综合楼一层', ...overrides })
  expect(res.status, res.text).toBe(201)
  return res.body as { id: string; name: string }
}

/** A program like the court's: ages 3–7, 6 weeks, Monday to Friday, from Monday 2027-07-05. */
export const courtProgram = (siteId: string, overrides: Record<string, unknown> = {}) => ({
  name: '2027 暑期托管班（3–7 岁）',
  description: 'Summer care for the children of all officers.',
  site_id: siteId,
  starts_on: '2027-07-05',
  length_weeks: 6,
  operating_weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  daily_hours: { opens_at: '08:00', closes_at: '17:30' },
  age_rule: { min_age: 3, max_age: 7, measured_on: 'program_start' },
  capacity: 60,
  max_children_per_employee: 2,
  registration_window: { opens_at: '2027-06-01T09:00:00+08:00', closes_at: '2027-06-25T18:00:00+08:00' },
  activities: [
    { kind: 'crafts', title: 'Crafts and picture books' },
    { kind: 'meals', title: 'Lunch and afternoon snack' },
  ],
  ...overrides,
})

/** A draft court program at a new site. */
export const createProgram = async (t: TestTenant, overrides: Record<string, unknown> = {}) => {
  const site = await createSite(t)
  const res = await t.post('/v1/programs', courtProgram(site.id, overrides))
  expect(res.status, res.text).toBe(201)
  return res.body as { id: string; site_id: string } & Record<string, any>
}

/** Assigns a provider through the providers API: a provider and a contract covering the programs. */
export const assignProvider = async (t: TestTenant, programIds: string[]) => {
  const provider = await t.post('/v1/providers', { name: '运城市阳光托育服务中心', kind: 'agency', contact: { name: '王老师', phone: '0359-6000000' } })
  expect(provider.status, provider.text).toBe(201)
  const contract = await t.post('/v1/contracts', { provider_id: provider.body.id, program_ids: programIds, starts_on: '2027-06-01', ends_on: '2027-09-30' })
  expect(contract.status, contract.text).toBe(201)
  return { providerId: provider.body.id as string, contractId: contract.body.id as string }
}
