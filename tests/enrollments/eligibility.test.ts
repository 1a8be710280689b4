import { describe, expect, it } from 'vitest'
import { expectProblem, newTenant } from '../helpers/harness'
import { signedInEmployee } from '../helpers/portal'
import { addDays, dayFromToday, draftProgram, enroll, newChild, publish, publishedProgram } from './fixtures'

const codes = (child: { reasons: { code: string }[] }) => child.reasons.map((r) => r.code)
const failedRules = (res: { body: { errors: { message: string }[] } }) => res.body.errors.map((e) => e.message.split(':')[0])

describe('the eligibility preview', () => {
  it('lists published programs with every child judged, by code and in words', async () => {
    const t = await newTenant()
    const program = await publishedProgram(t, {
      capacity: 2,
      max_children_per_employee: 1,
      fee: { amount: 120000, currency: 'CNY' },
      employer_subsidy: { amount: 120000, currency: 'CNY' },
    })
    await draftProgram(t)
    const me = await signedInEmployee(t)
    const fits = await newChild(me, program.starts_on, 5, { name: '张小明' })
    const young = await newChild(me, program.starts_on, 2, { name: '张小红' })
    const old = await newChild(me, program.starts_on, 8, { name: '张大明' })

    const res = await me.get('/v1/portal/programs')
    expect(res.status, res.text).toBe(200)
    expect(res.body).toMatchObject({ object: 'list', has_more: false })
    expect(res.body.data).toHaveLength(1)
    const seen = res.body.data[0]
    expect(seen).toMatchObject({
      id: program.id,
      object: 'portal_program',
      site: { name: expect.any(String), address: expect.any(String) },
      time_zone: 'Asia/Shanghai',
      starts_on: program.starts_on,
      operating_weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
      daily_hours: { opens_at: '08:00', closes_at: '17:30' },
      age_rule: { min_age: 3, max_age: 7, measured_on: 'program_start' },
      registration_open: true,
      capacity: 2,
      seats_available: 2,
      waitlist_length: 0,
      fee: { amount: 120000, currency: 'CNY' },
      employee_share: { amount: 0, currency: 'CNY' },
      groups: [],
    })
    const byId = (id: string) => seen.children.find((c: { child_id: string }) => c.child_id === id)
    expect(byId(fits.id)).toEqual({
      child_id: fits.id,
      name: '张小明',
      eligible: true,
      expected_status: 'confirmed',
      age: { years: 5, measured_on: program.starts_on },
      reasons: [],
      enrollment: null,
    })
    expect(byId(young.id)).toMatchObject({
      eligible: false,
      expected_status: null,
      age: { years: 2 },
      reasons: [{ code: 'too_young', message: `child is 2 on ${program.starts_on}; this program takes ages 3–7` }],
    })
    expect(byId(old.id).reasons).toEqual([{ code: 'too_old', message: `child is 8 on ${program.starts_on}; this program takes ages 3–7` }])

    const enrolled = await enroll(me, program.id, fits.id)
    const after = (await me.get(`/v1/portal/programs/${program.id}`)).body
    expect(after.seats_available).toBe(1)
    const again = after.children.find((c: { child_id: string }) => c.child_id === fits.id)
    expect(again).toMatchObject({
      eligible: false,
      reasons: [{ code: 'already_enrolled' }],
      enrollment: { id: enrolled.body.id, status: 'confirmed', group_id: null, waitlist_position: null },
    })
    expect(codes(after.children.find((c: { child_id: string }) => c.child_id === young.id))).toEqual(['too_young', 'per_employee_limit'])
    expect(after.children.find((c: { child_id: string }) => c.child_id === young.id).reasons[1].message).toMatch(
      /enroll 1 child in this program; 1 already holds a place/,
    )
  })

  it('says when registration has not opened or has closed, and answers 404 for a program that is not published', async () => {
    const t = await newTenant()
    const soon = await publishedProgram(t, {
      registration_window: { opens_at: `${dayFromToday(3)}T09:00:00+08:00`, closes_at: `${dayFromToday(20)}T18:00:00+08:00` },
    })
    const past = await publishedProgram(t, {
      registration_window: { opens_at: `${dayFromToday(-10)}T09:00:00+08:00`, closes_at: `${dayFromToday(-1)}T18:00:00+08:00` },
    })
    const draft = await draftProgram(t)
    const me = await signedInEmployee(t)
    const child = await newChild(me, soon.starts_on)
    const list = (await me.get('/v1/portal/programs')).body.data
    expect(list[1].children[0].child_id).toBe(child.id)
    expect(list.map((p: { id: string }) => p.id)).toEqual([past.id, soon.id])
    expect(list[1]).toMatchObject({ registration_open: false, children: [{ eligible: false, reasons: [{ code: 'registration_not_open' }] }] })
    expect(list[1].children[0].reasons[0].message).toMatch(/^registration opens at \d{4}-/)
    expect(list[0].children[0].reasons).toMatchObject([{ code: 'registration_closed', message: expect.stringMatching(/^registration closed at /) }])
    expectProblem(await me.get(`/v1/portal/programs/${draft.id}`), 404, 'not_found')

    const paged = await me.get('/v1/portal/programs?limit=1')
    expect(paged.body).toMatchObject({ has_more: true, data: [{ id: past.id }] })
    expect((await me.get(`/v1/portal/programs?limit=1&cursor=${paged.body.next_cursor}`)).body).toMatchObject({ has_more: false, data: [{ id: soon.id }] })
  })
})

describe('the enrollment POST applies the same rules', () => {
  it('answers 422 not_eligible naming every failed rule, and stores nothing', async () => {
    const t = await newTenant()
    const soon = await publishedProgram(t, {
      registration_window: { opens_at: `${dayFromToday(3)}T09:00:00+08:00`, closes_at: `${dayFromToday(20)}T18:00:00+08:00` },
    })
    const me = await signedInEmployee(t)
    const baby = await newChild(me, soon.starts_on, 1)
    const res = await enroll(me, soon.id, baby.id)
    expectProblem(res, 422, 'not_eligible')
    expect(failedRules(res)).toEqual(['registration_not_open', 'too_young'])
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['program_id', 'child_id'])
    expect(res.body.detail).toContain(`child is 1 on ${soon.starts_on}; this program takes ages 3–7 (too_young)`)
    expect((await t.get(`/v1/programs/${soon.id}/enrollments`)).body.data).toEqual([])

    const draft = await draftProgram(t)
    expect(failedRules(await enroll(me, draft.id, (await newChild(me, draft.starts_on)).id))).toEqual(['program_not_published'])
    const closed = await publishedProgram(t)
    expect((await t.post(`/v1/programs/${closed.id}/close`)).status).toBe(200)
    expect(failedRules(await enroll(me, closed.id, (await newChild(me, closed.starts_on)).id))).toEqual(['program_closed'])
  })

  it('holds each employee to the per-program limit, counting waitlist places', async () => {
    const t = await newTenant()
    const program = await publishedProgram(t, { capacity: 2, max_children_per_employee: 2 })
    const first = await signedInEmployee(t)
    expect((await enroll(first, program.id, (await newChild(first, program.starts_on)).id)).body.status).toBe('confirmed')
    const me = await signedInEmployee(t)
    const kids = [await newChild(me, program.starts_on), await newChild(me, program.starts_on), await newChild(me, program.starts_on)] as const
    expect((await enroll(me, program.id, kids[0].id)).body.status).toBe('confirmed')
    const waiting = await enroll(me, program.id, kids[1].id)
    expect(waiting.body.status).toBe('waitlisted')
    const third = await enroll(me, program.id, kids[2].id)
    expectProblem(third, 422, 'not_eligible')
    expect(failedRules(third)).toEqual(['per_employee_limit'])
    // A withdrawn place no longer counts.
    expect((await me.delete(`/v1/portal/enrollments/${waiting.body.id}`)).status).toBe(200)
    expect((await enroll(me, program.id, kids[2].id)).body).toMatchObject({ status: 'waitlisted', waitlist_position: 1 })
  })

  it('refuses an employee on leave, in the preview and the POST', async () => {
    const t = await newTenant()
    const program = await publishedProgram(t)
    const me = await signedInEmployee(t)
    const child = await newChild(me, program.starts_on)
    const leave = await t.patch(`/v1/employees/${me.employeeId}`, { status: 'on_leave' })
    expect(leave.status, leave.text).toBe(200)
    const seen = (await me.get(`/v1/portal/programs/${program.id}`)).body.children[0]
    expect(seen.reasons).toEqual([{ code: 'employee_not_active', message: 'the employee is on_leave; only active employees may enroll children' }])
    expect(failedRules(await enroll(me, program.id, child.id))).toEqual(['employee_not_active'])
  })

  it('checks the age bands of groups', async () => {
    const t = await newTenant()
    const program = await publishedProgram(t)
    const small = await t.post(`/v1/programs/${program.id}/groups`, { name: '小班', min_age: 3, max_age: 4, capacity: 10 })
    const me = await signedInEmployee(t)
    const six = await newChild(me, program.starts_on, 6)
    const wrong = await enroll(me, program.id, six.id, { group_id: small.body.id })
    expect(failedRules(wrong)).toEqual(['group_age'])
    expect(wrong.body.errors[0]).toEqual({ path: 'group_id', message: `group_age: child is 6 on ${program.starts_on}; group 小班 takes ages 3–4` })
    expect(failedRules(await enroll(me, program.id, six.id))).toEqual(['no_group_for_age'])
    const preview = (await me.get(`/v1/portal/programs/${program.id}`)).body
    expect(preview.groups).toEqual([{ id: small.body.id, name: '小班', min_age: 3, max_age: 4, seats_available: 10 }])
    expect(codes(preview.children[0])).toEqual(['no_group_for_age'])
  })

  it('measures age on a fixed cut-off date when the program says so', async () => {
    const t = await newTenant()
    const starts = dayFromToday(30)
    const cutoff = addDays(starts, -200)
    const program = await draftProgram(t, { starts_on: starts, age_rule: { min_age: 3, max_age: 7, measured_on: 'cutoff_date', cutoff_date: cutoff } })
    await publish(t, program.id)
    const me = await signedInEmployee(t)
    // Three on the first day, but not yet on the cut-off date.
    const child = await newChild(me, starts, 3, { date_of_birth: addDays(`${Number(starts.slice(0, 4)) - 3}${starts.slice(4)}`, -10) })
    const res = await enroll(me, program.id, child.id)
    expect(failedRules(res)).toEqual(['too_young'])
    expect(res.body.detail).toContain(`child is 2 on ${cutoff}`)
  })
})
