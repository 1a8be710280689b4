import { describe, expect, it } from 'vitest'
import { expectProblem, newTenant, type TestTenant } from '../helpers/harness'
import { type SignedIn, signedInEmployee } from '../helpers/portal'
import { addDays, enroll, feedOf, newChild, type Program, publishedProgram } from './fixtures'

const statusOf = async (me: SignedIn, id: string) => (await me.get(`/v1/portal/enrollments/${id}`)).body

/** Enrolls children of these ages one after the other; answers the enrollments in order. */
const enrollAll = async (me: SignedIn, program: Program, ages: number[], extra: Record<string, unknown> = {}) => {
  const out: { id: string; status: string }[] = []
  for (const age of ages) {
    const res = await enroll(me, program.id, (await newChild(me, program.starts_on, age)).id, extra)
    expect(res.status, res.text).toBe(201)
    out.push(res.body)
  }
  return out
}

const setUp = async (overrides: Record<string, unknown>, ages: number[]) => {
  const t = await newTenant()
  const program = await publishedProgram(t, overrides)
  const me = await signedInEmployee(t)
  return { t, program, me, enrollments: await enrollAll(me, program, ages) }
}

const patchProgram = (t: TestTenant, program: Program, body: Record<string, unknown>, resolution?: string) =>
  t.patch(`/v1/programs/${program.id}${resolution ? `?affected_enrollments=${resolution}` : ''}`, body)

describe('program changes that would strand enrolled children', () => {
  it('refuse a capacity cut below the confirmed seats, naming the count, and change nothing', async () => {
    const { t, program, me, enrollments } = await setUp({ capacity: 3 }, [5, 5, 5, 5])
    const refused = await patchProgram(t, program, { capacity: 1 })
    expectProblem(refused, 409, 'enrollments_affected')
    expect(refused.body.errors).toEqual([{ path: 'capacity_cut', message: '2 enrollments beyond the new capacity 1' }])
    expectProblem(await patchProgram(t, program, { capacity: 1 }, 'keep'), 409, 'enrollments_affected')
    expect((await t.get(`/v1/programs/${program.id}`)).body.capacity).toBe(3)
    // Down to the seats taken is no cut of anyone's seat.
    expect((await patchProgram(t, program, { capacity: 3 })).status).toBe(200)
    expect((await statusOf(me, enrollments[3]?.id as string)).status).toBe('waitlisted')
  })

  it('give a seat that a change frees to the first on the waitlist at once, and tell the providers', async () => {
    const { t, program, me, enrollments } = await setUp({ capacity: 3 }, [5, 5, 5, 5, 5])
    const [, , , first, second] = enrollments.map((e) => e.id) as string[]
    expect((await patchProgram(t, program, { capacity: 4 })).status).toBe(200)
    expect((await statusOf(me, first as string)).status).toBe('confirmed')
    expect((await statusOf(me, second as string)).waitlist_position).toBe(1)
    expect((await feedOf(t)).at(-1)).toMatchObject({ type: 'enrollment.promoted', enrollment_id: first })
  })

  it('with waitlist, return the most recently confirmed seats to the head of the line, in their order', async () => {
    const { t, program, me, enrollments } = await setUp({ capacity: 3 }, [5, 5, 5, 5])
    const [a, b, c, w] = enrollments.map((e) => e.id) as [string, string, string, string]
    const cut = await patchProgram(t, program, { capacity: 1 }, 'waitlist')
    expect(cut.status, cut.text).toBe(200)
    expect((await statusOf(me, a)).status).toBe('confirmed')
    const line = (await t.get(`/v1/programs/${program.id}/waitlist`)).body.data
    expect(line.map((e: { id: string; waitlist_position: number }) => [e.id, e.waitlist_position])).toEqual([
      [b, 1],
      [c, 2],
      [w, 3],
    ])
    expect((await feedOf(t)).slice(-2)).toMatchObject([
      { type: 'enrollment.waitlisted', enrollment_id: b, previous_status: 'confirmed', waitlist_position: 1, reason: 'capacity cut to 1' },
      { type: 'enrollment.waitlisted', enrollment_id: c, previous_status: 'confirmed', waitlist_position: 2 },
    ])
    // The next freed seat goes back to the first of them.
    await me.delete(`/v1/portal/enrollments/${a}`)
    expect((await statusOf(me, b)).status).toBe('confirmed')
  })

  it('with withdraw, withdraw the children outside a narrowed age band and tell the providers', async () => {
    const { t, program, me, enrollments } = await setUp({ capacity: 5 }, [3, 5, 3])
    const [three, five, other] = enrollments.map((e) => e.id) as [string, string, string]
    const body = { age_rule: { min_age: 4, max_age: 7, measured_on: 'program_start' } }
    const refused = await patchProgram(t, program, body)
    expectProblem(refused, 409, 'enrollments_affected')
    expect(refused.body.errors).toEqual([{ path: 'age_rule_narrowed', message: '2 enrollments outside the new age band' }])
    expect((await patchProgram(t, program, body, 'withdraw')).status).toBe(200)
    const reason = `program changed: ages 4–7 on ${program.starts_on}`
    expect(await statusOf(me, three)).toMatchObject({ status: 'withdrawn', end_reason: reason })
    expect((await statusOf(me, other)).status).toBe('withdrawn')
    expect((await statusOf(me, five)).status).toBe('confirmed')
    expect((await feedOf(t)).filter((e) => e.type === 'enrollment.withdrawn').map((e) => [e.enrollment_id, e.reason])).toEqual([
      [other, reason],
      [three, reason],
    ])
  })

  it('with keep, let children outside a narrowed band keep their seats; moved dates cannot be waitlisted', async () => {
    const { t, program, me, enrollments } = await setUp({ capacity: 5 }, [3, 5])
    expect((await patchProgram(t, program, { age_rule: { min_age: 4, max_age: 7, measured_on: 'program_start' } }, 'keep')).status).toBe(200)
    expect((await statusOf(me, enrollments[0]?.id as string)).status).toBe('confirmed')

    const moved = { starts_on: addDays(program.starts_on, 7) }
    const refused = await patchProgram(t, program, moved)
    expectProblem(refused, 409, 'enrollments_affected')
    expect(refused.body.errors).toContainEqual({
      path: 'dates_moved',
      message: `2 enrollments made for ${program.starts_on} to ${program.ends_on}`,
    })
    expectProblem(await patchProgram(t, program, moved, 'waitlist'), 409, 'enrollments_affected')
    const kept = await patchProgram(t, program, moved, 'keep')
    expect(kept.status, kept.text).toBe(200)
    expect(kept.body.starts_on).toBe(moved.starts_on)
    expect((await statusOf(me, enrollments[1]?.id as string)).status).toBe('confirmed')
  })
})

describe('group changes that would strand enrolled children', () => {
  it('guard a group’s capacity cut and its removal; a removed group’s children lose it', async () => {
    const t = await newTenant()
    const program = await publishedProgram(t, { capacity: 10 })
    const group = (await t.post(`/v1/programs/${program.id}/groups`, { name: '大班', min_age: 3, max_age: 7, capacity: 3 })).body
    const me = await signedInEmployee(t)
    const [a, b] = (await enrollAll(me, program, [5, 5], { group_id: group.id })).map((e) => e.id) as [string, string]
    const path = `/v1/programs/${program.id}/groups/${group.id}`

    const refused = await t.patch(path, { capacity: 1 })
    expectProblem(refused, 409, 'enrollments_affected')
    expect(refused.body.errors).toEqual([{ path: 'capacity_cut', message: '1 enrollment beyond the new capacity 1' }])
    expect((await t.patch(`${path}?affected_enrollments=waitlist`, { capacity: 1 })).status).toBe(200)
    expect(await statusOf(me, b)).toMatchObject({ status: 'waitlisted', group_id: group.id, waitlist_position: 1 })

    expectProblem(await t.delete(path), 409, 'enrollments_affected')
    expectProblem(await t.delete(`${path}?affected_enrollments=keep`), 409, 'enrollments_affected')
    expect((await t.delete(`${path}?affected_enrollments=withdraw`)).body).toMatchObject({ deleted: true })
    expect(await statusOf(me, a)).toMatchObject({ status: 'withdrawn', group_id: null, end_reason: 'group removed' })
    expect(await statusOf(me, b)).toMatchObject({ status: 'withdrawn', group_id: null })
  })

  it('let a group whose enrollments have all ended be deleted', async () => {
    const t = await newTenant()
    const program = await publishedProgram(t, { capacity: 10 })
    const group = (await t.post(`/v1/programs/${program.id}/groups`, { name: '小班', min_age: 3, max_age: 7, capacity: 3 })).body
    const me = await signedInEmployee(t)
    const [only] = await enrollAll(me, program, [4], { group_id: group.id })
    await me.delete(`/v1/portal/enrollments/${only?.id}`)
    expect((await t.delete(`/v1/programs/${program.id}/groups/${group.id}`)).body).toMatchObject({ deleted: true })
    expect(await statusOf(me, only?.id as string)).toMatchObject({ status: 'withdrawn', group_id: null })
  })
})
