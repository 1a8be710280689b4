import { describe, expect, it } from 'vitest'
import { bearer, clientFor, newTenant, send, type WorkerTenant } from './client'

const form = (fields: Record<string, string>) => ({
  raw: new URLSearchParams(fields).toString(),
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
})
const created = async (t: WorkerTenant, path: string, body: unknown) => {
  const res = await t.post(path, body)
  expect(res.status, res.text).toBe(201)
  return res.body
}
const DAY = 86_400_000
const shanghaiDate = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(ms))

describe('workerd: a day of care, end to end', () => {
  it('enrolls a child through the portal, then the provider reads the roster, checks in and follows the feed', async () => {
    const t = await newTenant()
    const today = shanghaiDate(Date.now())
    const site = await created(t, '/v1/sites', { name: '职工子女托管室', address: '综合楼一层' })
    const program = await created(t, '/v1/programs', {
      name: '冬季托管班',
      site_id: site.id,
      starts_on: shanghaiDate(Date.now() - 7 * DAY),
      ends_on: shanghaiDate(Date.now() + 21 * DAY),
      operating_weekdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
      daily_hours: { opens_at: '00:00', closes_at: '23:59' },
      age_rule: { min_age: 3, max_age: 12, measured_on: 'program_start' },
      capacity: 10,
      registration_window: { opens_at: new Date(Date.now() - DAY).toISOString(), closes_at: new Date(Date.now() + 14 * DAY).toISOString() },
    })
    const provider = await created(t, '/v1/providers', { name: '阳光托育', kind: 'agency' })
    const contract = await created(t, '/v1/contracts', {
      provider_id: provider.id,
      program_ids: [program.id],
      starts_on: shanghaiDate(Date.now() - 7 * DAY),
      ends_on: shanghaiDate(Date.now() + 21 * DAY),
    })
    const credential = await created(t, `/v1/contracts/${contract.id}/credentials`, { name: 'front desk' })
    expect((await t.post(`/v1/programs/${program.id}/publish`)).status).toBe(200)

    // The employee signs in, registers a child and enrolls it.
    const employee = await created(t, '/v1/employees', { employee_number: 'E-1', name: '王丽华' })
    const invitation = await created(t, `/v1/employees/${employee.id}/invitations`, {})
    const signIn = await send(
      'POST',
      '/v1/oauth/token',
      undefined,
      form({ grant_type: 'urn:tuoguan:params:oauth:grant-type:invitation-code', tenant: t.slug, code: invitation.code }),
    )
    const parent = clientFor(bearer(signIn.body.access_token))
    const child = await parent.post('/v1/portal/children', {
      name: '张小明',
      date_of_birth: '2020-05-01',
      authorized_pickups: [{ name: '李娜', relation: 'grandmother', phone: '+86 139 0000 0001' }],
      consent: { purpose: 'childcare_services', policy_version: '2027-01' },
    })
    expect(child.status, child.text).toBe(201)
    const enrollment = await parent.post(
      '/v1/portal/enrollments',
      { program_id: program.id, child_id: child.body.id },
      { headers: { 'Idempotency-Key': 'enroll-1' } },
    )
    expect(enrollment.status, enrollment.text).toBe(201)
    expect(enrollment.body.status).toBe('confirmed')

    // The provider takes a token with the contract's credential and works the day.
    const token = await send(
      'POST',
      '/v1/oauth/token',
      undefined,
      form({ grant_type: 'client_credentials', client_id: credential.client_id, client_secret: credential.client_secret }),
    )
    expect(token.status, token.text).toBe(200)
    const door = clientFor(bearer(token.body.access_token))
    const roster = await door.get(`/v1/provider/roster?program_id=${program.id}&date=${today}`)
    expect(roster.status, roster.text).toBe(200)
    expect(roster.body.children.map((c: { child_id: string }) => c.child_id)).toEqual([child.body.id])
    const checkIn = await door.post('/v1/provider/check-ins', { program_id: program.id, child_id: child.body.id, dropped_off_by: { kind: 'guardian' } })
    expect(checkIn.status, checkIn.text).toBe(201)
    const feed = await door.get('/v1/provider/feed?limit=100')
    expect(feed.status, feed.text).toBe(200)
    expect(feed.body.data.map((e: { type: string }) => e.type)).toEqual(['enrollment.confirmed', 'attendance.checked_in'])
  })
})
