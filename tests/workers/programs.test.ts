import { describe, expect, it } from 'vitest'
import { expectProblem, newTenant, type WorkerTenant } from './client'

const created = async (t: WorkerTenant, path: string, body: unknown) => {
  const res = await t.post(path, body)
  expect(res.status, res.text).toBe(201)
  return res.body
}

/** The court's program: ages 3–7, six weeks from Monday 2027-07-05, Monday to Friday. */
const courtProgram = (siteId: string) => ({
  name: '2027 暑期托管班（3–7 岁）',
  site_id: siteId,
  starts_on: '2027-07-05',
  length_weeks: 6,
  operating_weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
  daily_hours: { opens_at: '08:00', closes_at: '17:30' },
  age_rule: { min_age: 3, max_age: 7, measured_on: 'program_start' },
  capacity: 60,
  registration_window: { opens_at: '2027-06-01T09:00:00+08:00', closes_at: '2027-06-25T18:00:00+08:00' },
})

describe('workerd: sites, programs, providers and contracts', () => {
  it('configures a site and a program, contracts a provider, and publishes', async () => {
    const t = await newTenant()
    const site = await created(t, '/v1/sites', { name: '市中院干警子女暑期托管室', address: '运城市中级人民法院 综合楼一层' })
    expect(site.id).toMatch(/^sit_/)
    const program = await created(t, '/v1/programs', courtProgram(site.id))
    expect(program).toMatchObject({ status: 'draft', ends_on: '2027-08-15', site_id: site.id })

    const provider = await created(t, '/v1/providers', { name: '运城市阳光托育服务中心', kind: 'agency', contact: { name: '王老师', phone: '0359-6000000' } })
    const contract = await created(t, '/v1/contracts', { provider_id: provider.id, program_ids: [program.id], starts_on: '2027-06-01', ends_on: '2027-09-30' })
    const credential = await created(t, `/v1/contracts/${contract.id}/credentials`, { name: 'front desk' })
    expect(credential.client_secret).toEqual(expect.any(String))

    const published = await t.post(`/v1/programs/${program.id}/publish`)
    expect(published.status, published.text).toBe(200)
    expect(published.body.status).toBe('published')
    const list = await t.get('/v1/programs')
    expect(list.body.data.map((p: { id: string }) => p.id)).toEqual([program.id])
  })

  it("answers 404 to another tenant naming this tenant's program and site", async () => {
    const t = await newTenant()
    const other = await newTenant()
    const site = await created(t, '/v1/sites', { name: 'Bank hall', address: '运城农商银行 营业大厅' })
    const program = await created(t, '/v1/programs', courtProgram(site.id))
    expectProblem(await other.get(`/v1/programs/${program.id}`), 404, 'not_found')
    expectProblem(await other.get(`/v1/sites/${site.id}`), 404, 'not_found')
    expect((await other.get('/v1/programs')).body.data).toEqual([])
  })

  it('refuses an incomplete program with 422 naming the fields, and changes nothing', async () => {
    const t = await newTenant()
    const bad = await t.post('/v1/programs', { name: 'x', capacity: -1 })
    expectProblem(bad, 422, 'invalid_request')
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain('capacity')
    expect((await t.get('/v1/programs')).body.data).toEqual([])
  })
})
