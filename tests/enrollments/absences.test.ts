import { describe, expect, it } from 'vitest'
import { expectProblem, newTenant } from '../helpers/harness'
import { type SignedIn, signedInEmployee } from '../helpers/portal'
import { addDays, dayFromToday, enroll, feedOf, newChild, runningProgram, today } from './fixtures'

const setUp = async () => {
  const t = await newTenant()
  const program = await runningProgram(t, { capacity: 1 })
  const me = await signedInEmployee(t)
  const child = await newChild(me, program.starts_on)
  const enrollment = await enroll(me, program.id, child.id)
  expect(enrollment.body.status).toBe('confirmed')
  return { t, program, me, child, enrollmentId: enrollment.body.id as string }
}

const report = (me: SignedIn, childId: string, dates: string[], reason = 'Fever; staying home with grandmother.') =>
  me.post('/v1/portal/absences', { child_id: childId, dates, reason })

describe('absences', () => {
  it('are reported for today and later service days, reach the feed, and are listed', async () => {
    const { t, program, me, child, enrollmentId } = await setUp()
    const res = await report(me, child.id, [today(), dayFromToday(1)])
    expect(res.status, res.text).toBe(201)
    expect(res.body).toMatchObject({ object: 'absence_batch' })
    expect(res.body.data).toEqual([
      {
        id: expect.stringMatching(/^abs_/),
        object: 'absence',
        child_id: child.id,
        enrollment_id: enrollmentId,
        program_id: program.id,
        date: today(),
        reason: 'Fever; staying home with grandmother.',
        reported_at: expect.any(String),
        withdrawn_at: null,
      },
      expect.objectContaining({ date: dayFromToday(1) }),
    ])
    expect((await feedOf(t)).slice(-2)).toEqual([
      expect.objectContaining({
        type: 'absence.reported',
        absence_id: res.body.data[0].id,
        enrollment_id: enrollmentId,
        program_id: program.id,
        group_id: null,
        child_id: child.id,
        date: today(),
        reason: 'Fever; staying home with grandmother.',
      }),
      expect.objectContaining({ type: 'absence.reported', date: dayFromToday(1) }),
    ])
    const listed = await me.get(`/v1/portal/absences?child_id=${child.id}`)
    expect(listed.body.data.map((a: { id: string }) => a.id).sort()).toEqual(res.body.data.map((a: { id: string }) => a.id).sort())
    const audit = await t.get(`/v1/audit-events?object_id=${res.body.data[0].id}`)
    expect(audit.body.data).toMatchObject([{ action: 'absence.reported' }])
  })

  it('refuses past days, days without care and days already reported, recording nothing', async () => {
    const { t, me, child, program } = await setUp()
    const past = await report(me, child.id, [dayFromToday(1), dayFromToday(-1)])
    expectProblem(past, 422, 'invalid_request')
    expect(past.body.errors).toEqual([{ path: 'dates.1', message: expect.stringMatching(/is in the past/) }])
    const closed = await report(me, child.id, [dayFromToday(2), addDays(program.ends_on, 1)])
    expectProblem(closed, 422, 'not_a_service_day')
    expect(closed.body.errors.map((e: { path: string }) => e.path)).toEqual(['dates.0', 'dates.1'])
    expectProblem(await report(me, child.id, [dayFromToday(1), dayFromToday(1)]), 422, 'invalid_request')
    expect((await me.get('/v1/portal/absences')).body.data).toEqual([])

    expect((await report(me, child.id, [dayFromToday(3)])).status).toBe(201)
    const twice = await report(me, child.id, [dayFromToday(4), dayFromToday(3)])
    expectProblem(twice, 409, 'conflict')
    expect(twice.body.errors).toEqual([{ path: 'dates.1', message: dayFromToday(3) }])
    expect((await me.get('/v1/portal/absences')).body.data).toHaveLength(1)

    // Only confirmed children have service days; another employee's child is not found.
    const waiting = await newChild(me, program.starts_on)
    expect((await enroll(me, program.id, waiting.id)).body.status).toBe('waitlisted')
    expectProblem(await report(me, waiting.id, [dayFromToday(1)]), 422, 'not_a_service_day')
    const other = await signedInEmployee(t)
    expectProblem(await report(other, child.id, [dayFromToday(1)]), 404, 'not_found')
  })

  it('can be withdrawn before the day, not on it, and reported again', async () => {
    const { t, me, child } = await setUp()
    const [todays, tomorrows] = (await report(me, child.id, [today(), dayFromToday(1)])).body.data
    const other = await signedInEmployee(t)
    expectProblem(await other.delete(`/v1/portal/absences/${tomorrows.id}`), 404, 'not_found')
    const withdrawn = await me.delete(`/v1/portal/absences/${tomorrows.id}`)
    expect(withdrawn.status, withdrawn.text).toBe(200)
    expect(withdrawn.body).toMatchObject({ id: tomorrows.id, withdrawn_at: expect.any(String) })
    expect((await feedOf(t)).at(-1)).toMatchObject({ type: 'absence.withdrawn', absence_id: tomorrows.id, date: dayFromToday(1) })
    expectProblem(await me.delete(`/v1/portal/absences/${tomorrows.id}`), 409, 'invalid_state')
    const onTheDay = await me.delete(`/v1/portal/absences/${todays.id}`)
    expectProblem(onTheDay, 409, 'invalid_state')
    expect(onTheDay.body.detail).toMatch(/only before its day/)
    expect((await report(me, child.id, [dayFromToday(1)])).status).toBe(201)
  })
})
