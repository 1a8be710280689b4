import { describe, expect, it } from 'vitest'
import { expectProblem, newTenant } from '../helpers/harness'
import { securitySuite } from '../helpers/security'
import { createProgram } from './fixtures'

describe('service calendar', () => {
  it('lists the court’s service days: Monday to Friday for six weeks, minus closures', async () => {
    const t = await newTenant()
    const p = await createProgram(t, { closure_dates: ['2027-08-02'] })
    const res = await t.get(`/v1/programs/${p.id}/calendar`)
    expect(res.status, res.text).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.body).toMatchObject({
      object: 'service_calendar',
      program_id: p.id,
      time_zone: 'Asia/Shanghai',
      starts_on: '2027-07-05',
      ends_on: '2027-08-15',
      closure_dates: ['2027-08-02'],
      service_day_count: 29,
    })
    const days = res.body.days as { date: string; weekday: string }[]
    expect(days).toHaveLength(29)
    expect(days[0]).toEqual({
      date: '2027-07-05',
      weekday: 'mon',
      opens_at: '08:00',
      closes_at: '17:30',
      starts_at: '2027-07-05T00:00:00.000Z',
      ends_at: '2027-07-05T09:30:00.000Z',
    })
    expect(days.at(-1)?.date).toBe('2027-08-13')
    expect(days.map((d) => d.date)).not.toContain('2027-08-02')
    expect(new Set(days.map((d) => d.weekday))).toEqual(new Set(['mon', 'tue', 'wed', 'thu', 'fri']))
  })

  it('gives the same days as iCalendar when Accept asks for text/calendar', async () => {
    const t = await newTenant()
    const p = await createProgram(t, { closure_dates: ['2027-08-02'] })
    const res = await t.get(`/v1/programs/${p.id}/calendar`, { headers: { Accept: 'text/calendar' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/)
    expect(res.headers.get('vary')).toMatch(/Accept/)
    const ics = res.text
    expect(ics.startsWith('BEGIN:VCALENDAR')).toBe(true)
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(29)
    expect(ics).toContain(`UID:2027-07-05.${p.id}@tuoguan`)
    expect(ics).toContain('DTSTART:20270705T000000Z')
    expect(ics).toContain('DTEND:20270705T093000Z')
    expect(ics).not.toContain('DTSTART:20270802')
    expect(ics).toMatch(/LOCATION:市中院/)
    const again = await t.get(`/v1/programs/${p.id}/calendar`, { headers: { Accept: 'text/calendar' } })
    expect(again.text.match(/UID:[^\r\n]+/g)).toEqual(ics.match(/UID:[^\r\n]+/g))

    const preferred = await t.get(`/v1/programs/${p.id}/calendar`, { headers: { Accept: 'application/json;q=0.5, text/calendar' } })
    expect(preferred.headers.get('content-type')).toMatch(/^text\/calendar/)
    const json = await t.get(`/v1/programs/${p.id}/calendar`, { headers: { Accept: 'application/json, text/calendar;q=0.1' } })
    expect(json.headers.get('content-type')).toMatch(/^application\/json/)
  })

  it('reads daily hours in the tenant’s time zone, through daylight saving', async () => {
    const t = await newTenant({ time_zone: 'Europe/Berlin' })
    const p = await createProgram(t, {
      starts_on: '2027-03-22',
      length_weeks: 2,
      registration_window: { opens_at: '2027-03-01T09:00:00+01:00', closes_at: '2027-03-20T18:00:00+01:00' },
    })
    const days = (await t.get(`/v1/programs/${p.id}/calendar`)).body.days as { date: string; starts_at: string }[]
    expect(days.find((d) => d.date === '2027-03-26')?.starts_at).toBe('2027-03-26T07:00:00.000Z')
    expect(days.find((d) => d.date === '2027-03-29')?.starts_at).toBe('2027-03-29T06:00:00.000Z')
  })

  it('answers 409 for a program without dates, and 404 for another tenant’s', async () => {
    const [a, b] = [await newTenant(), await newTenant()]
    const draft = (await a.post('/v1/programs', { name: 'Dates to come' })).body
    const res = await a.get(`/v1/programs/${draft.id}/calendar`)
    expectProblem(res, 409, 'invalid_state')
    expect(res.body.detail).toMatch(/has no dates yet/)
    const p = await createProgram(a)
    expectProblem(await b.get(`/v1/programs/${p.id}/calendar`), 404, 'not_found')
    expectProblem(await b.get(`/v1/programs/${p.id}/calendar`, { headers: { Accept: 'text/calendar' } }), 404, 'not_found')
  })
})

securitySuite('GET /v1/programs/{program_id}/calendar', {
  surface: 'admin',
  method: 'GET',
  setup: async (t) => ({ path: `/v1/programs/${(await createProgram(t)).id}/calendar` }),
})
