import { describe, expect, it } from 'vitest'
import { send } from '../helpers/client'
import { expectProblem, newTenant } from '../helpers/harness'
import { signedInEmployee } from '../helpers/portal'
import { dayFromToday, enroll, newChild, runningProgram } from './fixtures'

/** The calendar's content lines, with folded lines joined (RFC 5545 §3.1). */
const lines = (ics: string) => ics.replace(/\r\n[ \t]/g, '').split('\r\n')
const fetchCalendar = (url: string) => send('GET', new URL(url).pathname, undefined)

describe('the private calendar URL', () => {
  it("serves the children's service days at the program's hours, closures and reported absences", async () => {
    const t = await newTenant()
    const program = await runningProgram(t, { capacity: 1, name: '2027 暑期托管班' })
    const me = await signedInEmployee(t)
    const child = await newChild(me, program.starts_on, 5, { name: '张小明' })
    const seat = (await enroll(me, program.id, child.id)).body
    const waiting = await newChild(me, program.starts_on, 5, { name: '张小红' })
    expect((await enroll(me, program.id, waiting.id)).body.status).toBe('waitlisted')
    expect((await me.post('/v1/portal/absences', { child_id: child.id, dates: [dayFromToday(1)], reason: 'Dentist' })).status).toBe(201)

    expect((await me.get('/v1/portal/calendar-feed')).body).toEqual({
      object: 'calendar_feed',
      active: false,
      created_at: null,
      rotated_at: null,
      last_used_at: null,
    })
    const issued = await me.post('/v1/portal/calendar-feed')
    expect(issued.status, issued.text).toBe(201)
    expect(issued.body).toMatchObject({ object: 'calendar_feed', active: true, created_at: expect.any(String), rotated_at: null })
    expect(issued.body.url).toMatch(/\/v1\/portal\/calendar\/cal_[A-Za-z0-9_-]{43}$/)
    expect(issued.body.webcal_url).toMatch(/^webcal:\/\//)

    const res = await fetchCalendar(issued.body.url)
    expect(res.status, res.text).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('private, max-age=300')
    const ics = lines(res.text)
    expect(ics[0]).toBe('BEGIN:VCALENDAR')
    // Four weeks every day, less one closure: 27 care days, and the closure itself.
    expect(ics.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(28)
    expect(ics).toContain(`UID:${program.starts_on}.${seat.id}@tuoguan`)
    expect(ics).not.toContain(`UID:${dayFromToday(2)}.${seat.id}@tuoguan`)
    expect(ics).toContain(`UID:closed.${dayFromToday(2)}.${program.id}@tuoguan`)
    expect(ics).toContain(`SUMMARY:Closed: 2027 暑期托管班`)
    // 08:00 in Shanghai is midnight UTC.
    expect(ics).toContain(`DTSTART:${program.starts_on.replace(/-/g, '')}T000000Z`)
    expect(ics).toContain(`DTEND:${program.starts_on.replace(/-/g, '')}T093000Z`)
    expect(ics).toContain('SUMMARY:张小明 · 2027 暑期托管班 (absent)')
    expect(ics.filter((l) => l === 'SUMMARY:张小明 · 2027 暑期托管班')).toHaveLength(26)
    expect(res.text).not.toContain('张小红')
    expect((await me.get('/v1/portal/calendar-feed')).body.last_used_at).toEqual(expect.any(String))
  })

  it('is rotated and revoked: the old URL stops working at once', async () => {
    const t = await newTenant()
    const me = await signedInEmployee(t)
    const first = (await me.post('/v1/portal/calendar-feed')).body.url
    expect((await fetchCalendar(first)).status).toBe(200)
    const rotated = await me.post('/v1/portal/calendar-feed')
    expect(rotated.body.rotated_at).toEqual(expect.any(String))
    expectProblem(await fetchCalendar(first), 404, 'not_found')
    expect((await fetchCalendar(rotated.body.url)).status).toBe(200)
    expect((await me.delete('/v1/portal/calendar-feed')).status).toBe(204)
    expectProblem(await fetchCalendar(rotated.body.url), 404, 'not_found')
    expectProblem(await me.delete('/v1/portal/calendar-feed'), 404, 'not_found')
    const audit = await t.get(`/v1/audit-events?object_id=${me.employeeId}`)
    expect(audit.body.data.map((e: { action: string }) => e.action).filter((a: string) => a.startsWith('calendar_feed.'))).toEqual([
      'calendar_feed.revoked',
      'calendar_feed.rotated',
      'calendar_feed.created',
    ])
  })

  it('answers 404 to unknown tokens and stops for an employee who has left', async () => {
    const t = await newTenant()
    const me = await signedInEmployee(t)
    const url = (await me.post('/v1/portal/calendar-feed')).body.url
    expectProblem(await send('GET', '/v1/portal/calendar/cal_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', undefined), 404, 'not_found')
    expectProblem(await send('GET', '/v1/portal/calendar/not-a-token', undefined), 404, 'not_found')
    expect((await t.patch(`/v1/employees/${me.employeeId}`, { status: 'left' })).status).toBe(200)
    expectProblem(await fetchCalendar(url), 404, 'not_found')
  })

  it('belongs to one employee: another sees only their own feed', async () => {
    const t = await newTenant()
    const me = await signedInEmployee(t)
    const other = await signedInEmployee(t)
    await me.post('/v1/portal/calendar-feed')
    expect((await other.get('/v1/portal/calendar-feed')).body.active).toBe(false)
    expectProblem(await other.delete('/v1/portal/calendar-feed'), 404, 'not_found')
    expect((await me.get('/v1/portal/calendar-feed')).body.active).toBe(true)
  })
})
