import { describe, expect, it } from 'vitest'
import { expectProblem, newTenant } from '../helpers/harness'
import { securitySuite } from '../helpers/security'
import { courtProgram, createProgram, createSite } from './fixtures'

const paths = (res: { body: { errors?: { path: string }[] } }) => (res.body.errors ?? []).map((e) => e.path).sort()

describe('programs: create and read', () => {
  it('creates the court’s program (ages 3–7, 6 weeks, Monday to Friday) as a draft and reads it back', async () => {
    const t = await newTenant()
    const site = await createSite(t)
    const created = await t.post('/v1/programs', courtProgram(site.id, { fee: { amount: 0, currency: 'CNY' } }))
    expect(created.status, created.text).toBe(201)
    expect(created.body).toMatchObject({
      object: 'program',
      id: expect.stringMatching(/^prg_/),
      status: 'draft',
      site_id: site.id,
      time_zone: 'Asia/Shanghai',
      starts_on: '2027-07-05',
      ends_on: '2027-08-15',
      length_weeks: 6,
      operating_weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      daily_hours: { opens_at: '08:00', closes_at: '17:30' },
      age_rule: { min_age: 3, max_age: 7, measured_on: 'program_start', cutoff_date: null },
      capacity: 60,
      registration_window: { opens_at: '2027-06-01T01:00:00.000Z', closes_at: '2027-06-25T10:00:00.000Z' },
      fee: { amount: 0, currency: 'CNY' },
      employer_subsidy: null,
      employee_share: { amount: 0, currency: 'CNY' },
      published_at: null,
    })
    expect(created.headers.get('etag')).toBe('"1"')
    const read = await t.get(`/v1/programs/${created.body.id}`)
    expect(read.body).toEqual(created.body)
  })

  it('derives the length from ends_on, and ends_on from the length', async () => {
    const t = await newTenant()
    const site = await createSite(t)
    const byEnd = await t.post('/v1/programs', courtProgram(site.id, { length_weeks: undefined, ends_on: '2027-08-13' }))
    expect(byEnd.body).toMatchObject({ starts_on: '2027-07-05', ends_on: '2027-08-13', length_weeks: 6 })
    const byWeeks = await t.post('/v1/programs', courtProgram(site.id, { starts_on: '2027-07-19', length_weeks: 4 }))
    expect(byWeeks.body).toMatchObject({ starts_on: '2027-07-19', ends_on: '2027-08-15', length_weeks: 4 })
  })

  it('keeps a draft with only a name, with Monday to Friday by default', async () => {
    const t = await newTenant()
    const draft = await t.post('/v1/programs', { name: 'Winter care 2027' })
    expect(draft.status, draft.text).toBe(201)
    expect(draft.body).toMatchObject({ site_id: null, starts_on: null, ends_on: null, length_weeks: null, capacity: null, age_rule: null })
    expect(draft.body.operating_weekdays).toEqual(['mon', 'tue', 'wed', 'thu', 'fri'])
  })

  it('records fee, subsidy and what the employee pays', async () => {
    const t = await newTenant()
    const p = await createProgram(t, { fee: { amount: 150000, currency: 'CNY' }, employer_subsidy: { amount: 100000, currency: 'CNY' } })
    expect(p).toMatchObject({
      fee: { amount: 150000, currency: 'CNY' },
      employer_subsidy: { amount: 100000, currency: 'CNY' },
      employee_share: { amount: 50000, currency: 'CNY' },
    })
  })

  it('lists newest first, filtered by status and site', async () => {
    const t = await newTenant()
    const siteA = await createSite(t, { name: 'A' })
    const siteB = await createSite(t, { name: 'B' })
    const first = (await t.post('/v1/programs', { name: 'First', site_id: siteA.id })).body
    const second = (await t.post('/v1/programs', { name: 'Second', site_id: siteB.id })).body
    await t.post(`/v1/programs/${first.id}/archive`)
    const all = await t.get('/v1/programs')
    expect(all.body.data.map((p: { id: string }) => p.id)).toEqual([second.id, first.id])
    expect((await t.get('/v1/programs?status=draft')).body.data.map((p: { id: string }) => p.id)).toEqual([second.id])
    expect((await t.get(`/v1/programs?site_id=${siteA.id}`)).body.data.map((p: { id: string }) => p.id)).toEqual([first.id])
    const paged = await t.get('/v1/programs?limit=1')
    expect(paged.body).toMatchObject({ has_more: true, data: [{ id: second.id }] })
    expect((await t.get(`/v1/programs?limit=1&cursor=${paged.body.next_cursor}`)).body).toMatchObject({ has_more: false, data: [{ id: first.id }] })
    expectProblem(await t.get('/v1/programs?status=running'), 422, 'invalid_request')
  })

  it("answers 404 for another tenant's program and keeps it out of their list", async () => {
    const a = await newTenant()
    const b = await newTenant()
    const p = await createProgram(a)
    expectProblem(await b.get(`/v1/programs/${p.id}`), 404, 'not_found')
    expectProblem(await b.patch(`/v1/programs/${p.id}`, { capacity: 1 }), 404, 'not_found')
    expectProblem(await b.get('/v1/programs/prg_01jd7k3m5n6p7q8r9s0t1v2w3x'), 404, 'not_found')
    expect((await b.get('/v1/programs')).body.data).toEqual([])
    expect((await a.get(`/v1/programs/${p.id}`)).body.capacity).toBe(60)
  })
})

describe('programs: validation names the rule and stores nothing', () => {
  const refused = async (overrides: Record<string, unknown>, expectedPaths: string[], messagePart?: RegExp) => {
    const t = await newTenant()
    const site = await createSite(t)
    const res = await t.post('/v1/programs', courtProgram(site.id, overrides))
    expectProblem(res, 422, 'invalid_request')
    expect(paths(res)).toEqual([...expectedPaths].sort())
    if (messagePart) expect(res.body.errors.map((e: { message: string }) => e.message).join(' | ')).toMatch(messagePart)
    expect((await t.get('/v1/programs')).body.data).toEqual([])
    return res
  }

  it('ends_on before starts_on', () =>
    refused({ length_weeks: undefined, ends_on: '2027-07-01' }, ['ends_on'], /ends_on 2027-07-01 is before starts_on 2027-07-05/))
  it('both ends_on and length_weeks', () => refused({ ends_on: '2027-08-15' }, ['length_weeks'], /not both/))
  it('empty weekdays', () => refused({ operating_weekdays: [] }, ['operating_weekdays'], /at least one operating weekday/))
  it('repeated weekdays', () => refused({ operating_weekdays: ['mon', 'mon'] }, ['operating_weekdays'], /must not repeat/))
  it('an unknown weekday', () => refused({ operating_weekdays: ['mon', 'funday'] }, ['operating_weekdays.1']))
  it('closes_at before opens_at', () =>
    refused({ daily_hours: { opens_at: '17:30', closes_at: '08:00' } }, ['daily_hours.closes_at'], /closes_at must be after opens_at/))
  it('a time that is not HH:MM', () => refused({ daily_hours: { opens_at: '8am', closes_at: '17:30' } }, ['daily_hours.opens_at']))
  it('min_age above max_age', () =>
    refused({ age_rule: { min_age: 8, max_age: 3, measured_on: 'program_start' } }, ['age_rule.min_age'], /min_age 8 must not exceed max_age 3/))
  it('ages outside 0..18', () =>
    refused({ age_rule: { min_age: -1, max_age: 19, measured_on: 'program_start' } }, ['age_rule.max_age', 'age_rule.min_age'], /0 to 18/))
  it('a cut-off rule without its date', () => refused({ age_rule: { min_age: 3, max_age: 7, measured_on: 'cutoff_date' } }, ['age_rule.cutoff_date']))
  it('a closure outside the dates', () =>
    refused({ closure_dates: ['2027-08-02', '2027-09-01'] }, ['closure_dates.1'], /closure 2027-09-01 is outside the program's dates 2027-07-05 to 2027-08-15/))
  it('an impossible date', () => refused({ starts_on: '2027-02-29' }, ['starts_on']))
  it('a time zone mismatch', () =>
    refused({ time_zone: 'Europe/Berlin' }, ['time_zone'], /time_zone Europe\/Berlin does not match the tenant's time zone Asia\/Shanghai/))
  it('a registration window that closes before it opens, or after the last day', async () => {
    await refused({ registration_window: { opens_at: '2027-06-25T09:00:00+08:00', closes_at: '2027-06-01T09:00:00+08:00' } }, ['registration_window.closes_at'])
    await refused(
      { registration_window: { opens_at: '2027-06-01T09:00:00+08:00', closes_at: '2027-08-16T09:00:00+08:00' } },
      ['registration_window.closes_at'],
      /by the program's last day 2027-08-15/,
    )
    await refused({ registration_window: { opens_at: '2027-06-01 09:00', closes_at: '2027-06-25T18:00:00' } }, [
      'registration_window.closes_at',
      'registration_window.opens_at',
    ])
  })
  it('a subsidy above the fee, in another currency, or without a fee', async () => {
    await refused({ fee: { amount: 1000, currency: 'CNY' }, employer_subsidy: { amount: 1001, currency: 'CNY' } }, ['employer_subsidy.amount'])
    await refused({ fee: { amount: 1000, currency: 'CNY' }, employer_subsidy: { amount: 10, currency: 'USD' } }, ['employer_subsidy.currency'])
    await refused({ employer_subsidy: { amount: 10, currency: 'CNY' } }, ['employer_subsidy'])
    await refused({ fee: { amount: 10.5, currency: 'RMB' } }, ['fee.amount', 'fee.currency'])
  })
  it('a site that is not in this tenant', async () => {
    const other = await newTenant()
    const foreign = await createSite(other)
    await refused({ site_id: foreign.id }, ['site_id'], /no site sit_\w+ in this tenant/)
  })
  it('an unknown field or activity kind', () => refused({ colour: 'red', activities: [{ kind: 'karaoke', title: 'x' }] }, ['activities.0.kind', 'colour']))
  it('several broken rules at once', () =>
    refused({ time_zone: 'UTC', length_weeks: undefined, ends_on: '2027-07-01', closure_dates: ['2027-07-02'] }, ['closure_dates.0', 'ends_on', 'time_zone']))
})

describe('programs: change', () => {
  it('changes the fields given, with If-Match, and moves ends_on with starts_on when the length was given in weeks', async () => {
    const t = await newTenant()
    const p = await createProgram(t)
    const moved = await t.patch(`/v1/programs/${p.id}`, { starts_on: '2027-07-12', closure_dates: ['2027-08-02'] }, { headers: { 'If-Match': '"1"' } })
    expect(moved.status, moved.text).toBe(200)
    expect(moved.body).toMatchObject({ starts_on: '2027-07-12', ends_on: '2027-08-22', length_weeks: 6, closure_dates: ['2027-08-02'], capacity: 60 })
    expect(moved.headers.get('etag')).toBe('"2"')

    const byEnd = await t.patch(`/v1/programs/${p.id}`, { ends_on: '2027-08-20' })
    expect(byEnd.body).toMatchObject({ ends_on: '2027-08-20', length_weeks: 6 })
    const keepsEnd = await t.patch(`/v1/programs/${p.id}`, { starts_on: '2027-07-19' })
    expect(keepsEnd.body).toMatchObject({ starts_on: '2027-07-19', ends_on: '2027-08-20', length_weeks: 5 })

    const cleared = await t.patch(`/v1/programs/${p.id}`, { ends_on: null, closure_dates: [], fee: null, description: '' })
    expect(cleared.body).toMatchObject({ ends_on: null, length_weeks: null, fee: null, description: '' })
  })

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const t = await newTenant()
    const p = await createProgram(t)
    await t.patch(`/v1/programs/${p.id}`, { capacity: 70 })
    expectProblem(await t.patch(`/v1/programs/${p.id}`, { capacity: 50 }, { headers: { 'If-Match': '"1"' } }), 412, 'precondition_failed')
    expectProblem(await t.patch(`/v1/programs/${p.id}`, { capacity: 50 }, { headers: { 'If-Match': 'yesterday' } }), 412, 'precondition_failed')
    expect((await t.get(`/v1/programs/${p.id}`)).body.capacity).toBe(70)
  })

  it('checks the result as a whole: a change that breaks a rule with the stored fields answers 422 and stores nothing', async () => {
    const t = await newTenant()
    const p = await createProgram(t, { closure_dates: ['2027-08-13'] })
    const res = await t.patch(`/v1/programs/${p.id}`, { length_weeks: 2 })
    expectProblem(res, 422, 'invalid_request')
    expect(res.body.errors).toEqual([{ path: 'closure_dates.0', message: "closure 2027-08-13 is outside the program's dates 2027-07-05 to 2027-07-18" }])
    expectProblem(await t.patch(`/v1/programs/${p.id}`, { starts_on: null }), 422, 'invalid_request')
    const unchanged = await t.get(`/v1/programs/${p.id}`)
    expect(unchanged.body).toMatchObject({ ends_on: '2027-08-15', length_weeks: 6, closure_dates: ['2027-08-13'] })
    expect(unchanged.headers.get('etag')).toBe('"1"')
  })

  it('writes the audit trail of creation and changes', async () => {
    const t = await newTenant()
    const p = await createProgram(t)
    await t.patch(`/v1/programs/${p.id}`, { capacity: 61 })
    const audit = await t.get(`/v1/audit-events?object_id=${p.id}`)
    expect(audit.body.data.map((e: { action: string; details: unknown }) => [e.action, e.details])).toEqual([
      ['program.updated', { fields: ['capacity'] }],
      ['program.created', {}],
    ])
  })
})

const program = async (t: Awaited<ReturnType<typeof newTenant>>) => (await createProgram(t)).id
securitySuite('POST /v1/programs', { surface: 'admin', method: 'POST', setup: async () => ({ path: '/v1/programs', body: { name: 'x' } }) })
securitySuite('GET /v1/programs', { surface: 'admin', method: 'GET', setup: async () => ({ path: '/v1/programs' }) })
securitySuite('GET /v1/programs/{program_id}', { surface: 'admin', method: 'GET', setup: async (t) => ({ path: `/v1/programs/${await program(t)}` }) })
securitySuite('PATCH /v1/programs/{program_id}', {
  surface: 'admin',
  method: 'PATCH',
  setup: async (t) => ({ path: `/v1/programs/${await program(t)}`, body: { capacity: 10 } }),
})
