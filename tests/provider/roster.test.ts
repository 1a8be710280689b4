import { describe, expect, it } from 'vitest'
import { expectProblem, newTenant } from '../helpers/harness'
import { addDays, dayFromToday, enrolledChild, isoWeekday, providerWorld } from '../helpers/provider'

const rosterOf = (w: Awaited<ReturnType<typeof providerWorld>>, date: string, extra = '') =>
  w.provider.get(`/v1/provider/roster?program_id=${w.program.id}&date=${date}${extra}`)

/** The first date from `from` on whose ISO weekday is in `weekdays`. */
const nextWeekday = (from: string, weekdays: number[]) => {
  let d = from
  while (!weekdays.includes(isoWeekday(d))) d = addDays(d, 1)
  return d
}

describe('GET /v1/provider/roster', () => {
  it("lists the children expected with what care needs, pickups valid that day, and never the guardian's HR data", async () => {
    const t = await newTenant()
    const w = await providerWorld(t)
    const guardianRecord = await t.get(`/v1/employees/${w.guardian.employeeId}`)
    const [today, tomorrow] = [dayFromToday(0), dayFromToday(1)]
    const grandmother = { name: '李娜', relation: 'grandmother', phone: '+86 139 0000 0001' }
    const aunt = { name: '王芳', relation: 'aunt', phone: '+86 137 0000 0002', valid_from: today, valid_until: today }
    const uncle = { name: '张伟', relation: 'uncle', phone: '+86 136 0000 0003', valid_from: tomorrow, valid_until: tomorrow }
    const ming = await enrolledChild(w, {
      name: '张小明',
      allergies: ['peanuts'],
      medical_notes: 'Mild asthma; inhaler in the blue bag.',
      dietary_needs: ['no pork'],
      authorized_pickups: [grandmother, aunt, uncle],
    })
    const hong = await enrolledChild(w, { name: '李小红', allergies: [], authorized_pickups: [] })

    const res = await rosterOf(w, today)
    expect(res.status, res.text).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.body).toMatchObject({
      object: 'roster',
      program_id: w.program.id,
      date: today,
      group_id: null,
      time_zone: 'Asia/Shanghai',
      hours: { opens_at: '08:00', closes_at: '17:30' },
      summary: { enrolled: 2, expected: 2, not_yet_arrived: 2, present: 0, picked_up: 0, absent: 0 },
      absent: [],
    })
    const xiaoming = res.body.children.find((c: { child_id: string }) => c.child_id === ming.id)
    expect(xiaoming).toEqual({
      child_id: ming.id,
      enrollment_id: ming.enrollmentId,
      name: '张小明',
      age: expect.any(Number),
      group: null,
      allergies: ['peanuts'],
      medical_notes: 'Mild asthma; inhaler in the blue bag.',
      dietary_needs: ['no pork'],
      emergency_contacts: [grandmother],
      authorized_pickups: [grandmother, aunt],
      attendance: { status: 'not_yet_arrived', attendance_id: null, checked_in_at: null, checked_out_at: null },
    })
    expect(res.body.children.map((c: { name: string }) => c.name)).toEqual(['张小明', '李小红'].sort((a, b) => a.localeCompare(b)))
    for (const hrField of [w.guardian.employeeId, guardianRecord.body.employee_number, guardianRecord.body.name, 'employee'])
      expect(res.text).not.toContain(hrField)

    const next = await rosterOf(w, tomorrow)
    expect(next.body.children.find((c: { child_id: string }) => c.child_id === ming.id).authorized_pickups).toEqual([grandmother, uncle])
    expect(hong.id).toBeTruthy()
  })

  it('leaves out children reported absent (listed apart), withdrawn and waitlisted, and filters by group', async () => {
    const t = await newTenant()
    const w = await providerWorld(t, { capacity: 3 })
    const small = await t.post(`/v1/programs/${w.program.id}/groups`, { name: '小班（3–5 岁）', min_age: 3, max_age: 5, capacity: 2 })
    const big = await t.post(`/v1/programs/${w.program.id}/groups`, { name: '大班（6–12 岁）', min_age: 6, max_age: 12, capacity: 2 })
    expect(small.status, small.text).toBe(201)
    const year = Number(w.program.starts_on.slice(0, 4))
    const ming = await enrolledChild(w, { name: '张小明', date_of_birth: `${year - 7}-01-10` })
    const hong = await enrolledChild(w, { name: '李小红', date_of_birth: `${year - 4}-01-10` })
    const gang = await enrolledChild(w, { name: '王小刚', date_of_birth: `${year - 8}-01-10` })
    const waiting = await w.guardian.post('/v1/portal/children', {
      name: '赵小雨',
      date_of_birth: `${year - 5}-01-10`,
      allergies: [],
      emergency_contacts: [],
      authorized_pickups: [],
      consent: { purpose: 'childcare_services', policy_version: '2027-01' },
    })
    const waitlisted = await w.guardian.post('/v1/portal/enrollments', { program_id: w.program.id, child_id: waiting.body.id })
    expect(waitlisted.body.status).toBe('waitlisted')

    const tomorrow = dayFromToday(1)
    const absence = await w.guardian.post('/v1/portal/absences', { child_id: hong.id, dates: [tomorrow], reason: 'Fever' })
    expect(absence.status, absence.text).toBe(201)
    // A withdrawal frees a seat: the waitlisted child is promoted and expected from today.
    expect((await w.guardian.delete(`/v1/portal/enrollments/${gang.enrollmentId}`)).status).toBe(200)

    const res = await rosterOf(w, tomorrow)
    expect(res.status, res.text).toBe(200)
    expect(res.body.summary).toEqual({ enrolled: 3, expected: 2, not_yet_arrived: 2, present: 0, picked_up: 0, absent: 1 })
    expect(res.body.children.map((c: { child_id: string; group: { name: string } }) => [c.child_id, c.group.name])).toEqual([
      [waiting.body.id, '小班（3–5 岁）'],
      [ming.id, '大班（6–12 岁）'],
    ])
    expect(res.body.absent).toEqual([
      { child_id: hong.id, enrollment_id: hong.enrollmentId, name: '李小红', group: { id: small.body.id, name: '小班（3–5 岁）' } },
    ])
    expect(res.text).not.toContain('Fever')

    const onlyBig = await rosterOf(w, tomorrow, `&group_id=${big.body.id}`)
    expect(onlyBig.body).toMatchObject({ group_id: big.body.id, summary: { enrolled: 1, expected: 1 }, absent: [] })
    expect(onlyBig.body.children.map((c: { child_id: string }) => c.child_id)).toEqual([ming.id])

    const otherProgramGroup = await providerWorld(t)
    const theirGroup = await t.post(`/v1/programs/${otherProgramGroup.program.id}/groups`, { name: 'Other', min_age: 3, max_age: 12, capacity: 5 })
    expectProblem(await rosterOf(w, tomorrow, `&group_id=${theirGroup.body.id}`), 404, 'not_found')
  })

  it('writes every read that returns medical data to the audit log (which children, not their data), and no other', async () => {
    const t = await newTenant()
    const w = await providerWorld(t)
    const plain = await enrolledChild(w, { allergies: [], medical_notes: null })
    const today = dayFromToday(0)
    expect((await rosterOf(w, today)).status).toBe(200)
    const before = await t.get('/v1/audit-events?limit=100')
    expect(before.body.data.filter((e: { action: string }) => e.action === 'roster.medical_data_read')).toEqual([])

    const allergic = await enrolledChild(w, { allergies: ['eggs'] })
    expect((await rosterOf(w, today)).status).toBe(200)
    const after = await t.get('/v1/audit-events?limit=100')
    const reads = after.body.data.filter((e: { action: string }) => e.action === 'roster.medical_data_read')
    expect(reads).toEqual([
      expect.objectContaining({
        actor: { kind: 'contract', id: w.contractId },
        object_type: 'program',
        object_id: w.program.id,
        details: { date: today, child_ids: [allergic.id] },
        request_id: expect.any(String),
        created_at: expect.any(String),
      }),
    ])
    expect(JSON.stringify(reads)).not.toContain('eggs')
    expect(plain.id).not.toBe(allergic.id)
  })

  it('answers 422 not_a_service_day naming why: weekend, another weekday off, closure, outside the program', async () => {
    const t = await newTenant()
    const closure = dayFromToday(2)
    const weekdays = await providerWorld(t, {
      operating_weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      closure_dates: [nextWeekday(dayFromToday(1), [1, 2, 3, 4, 5])],
    })
    const saturday = nextWeekday(dayFromToday(0), [6])
    const weekend = await rosterOf(weekdays, saturday)
    expectProblem(weekend, 422, 'not_a_service_day')
    expect(weekend.body.errors).toEqual([
      { path: 'date', message: `weekend: ${saturday} is a Saturday, a weekend day; the program runs on mon, tue, wed, thu, fri` },
    ])
    const closed = weekdays.program.closure_dates[0]
    const closureRes = await rosterOf(weekdays, closed)
    expectProblem(closureRes, 422, 'not_a_service_day')
    expect(closureRes.body.errors[0].message).toBe(`closure: ${closed} is a closure date of the program`)
    expect(closureRes.body.detail).toBe(`Not a service day: ${closed} is a closure date of the program.`)

    const alternate = await providerWorld(t, { operating_weekdays: ['mon', 'wed', 'fri'], closure_dates: [] })
    const tuesday = nextWeekday(dayFromToday(0), [2])
    const off = await rosterOf(alternate, tuesday)
    expect(off.body.errors[0].message).toBe(`not_an_operating_weekday: ${tuesday} is a Tuesday; the program runs on mon, wed, fri`)

    const after = dayFromToday(22)
    const outside = await rosterOf(alternate, after)
    expectProblem(outside, 422, 'not_a_service_day')
    expect(outside.body.errors[0].message).toBe(
      `outside_program: ${after} is outside the program, which runs ${alternate.program.starts_on} to ${alternate.program.ends_on}`,
    )
    expect(closure).toBeTruthy()
  })

  it('answers 422 naming the field for a malformed query', async () => {
    const w = await providerWorld(await newTenant())
    const res = await w.provider.get(`/v1/provider/roster?program_id=${w.program.id}&date=2027-02-30`)
    expectProblem(res, 422, 'invalid_request')
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['date'])
    expectProblem(await w.provider.get(`/v1/provider/roster?date=${dayFromToday(0)}`), 422, 'invalid_request')
  })
})
