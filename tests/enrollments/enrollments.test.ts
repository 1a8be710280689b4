import { describe, expect, it } from 'vitest'
import { expectProblem, newTenant } from '../helpers/harness'
import { signedInEmployee } from '../helpers/portal'
import { enroll, feedOf, newChild, publishedProgram } from './fixtures'

describe('enrolling a child', () => {
  it('confirms while seats last, then waitlists in order; each change reaches the feed and the audit log', async () => {
    const t = await newTenant()
    const program = await publishedProgram(t, { capacity: 2 })
    const me = await signedInEmployee(t)
    const kids = [await newChild(me, program.starts_on), await newChild(me, program.starts_on, 4), await newChild(me, program.starts_on, 6)] as const
    const other = await signedInEmployee(t)
    const theirs = await newChild(other, program.starts_on)

    const first = await enroll(me, program.id, kids[0].id)
    expect(first.status, first.text).toBe(201)
    expect(first.body).toMatchObject({
      id: expect.stringMatching(/^enr_/),
      object: 'enrollment',
      program_id: program.id,
      child_id: kids[0].id,
      child_name: kids[0].name,
      employee_id: me.employeeId,
      status: 'confirmed',
      group_id: null,
      waitlist_position: null,
      confirmed_at: expect.any(String),
      waitlisted_at: null,
    })
    expect((await enroll(me, program.id, kids[1].id)).body).toMatchObject({ status: 'confirmed' })
    const third = await enroll(me, program.id, kids[2].id)
    expect(third.status).toBe(201)
    expect(third.body).toMatchObject({ status: 'waitlisted', waitlist_position: 1, confirmed_at: null, waitlisted_at: expect.any(String) })
    expect((await enroll(other, program.id, theirs.id)).body).toMatchObject({ status: 'waitlisted', waitlist_position: 2 })

    // The guardian reads their own; another employee's enrollment is not there for them.
    expect((await me.get(`/v1/portal/enrollments/${third.body.id}`)).body).toEqual(third.body)
    expectProblem(await other.get(`/v1/portal/enrollments/${third.body.id}`), 404, 'not_found')
    const mine = await me.get(`/v1/portal/enrollments?program_id=${program.id}&status=confirmed`)
    expect(mine.body.data.map((e: { child_id: string }) => e.child_id)).toEqual([kids[1].id, kids[0].id])

    // HR sees the roster by status and the waitlist in order.
    const confirmed = await t.get(`/v1/programs/${program.id}/enrollments?status=confirmed&limit=1`)
    expect(confirmed.body).toMatchObject({ has_more: true, data: [{ child_id: kids[1].id }] })
    const rest = await t.get(`/v1/programs/${program.id}/enrollments?status=confirmed&limit=1&cursor=${confirmed.body.next_cursor}`)
    expect(rest.body).toMatchObject({ has_more: false, data: [{ child_id: kids[0].id }] })
    const waitlist = await t.get(`/v1/programs/${program.id}/waitlist?limit=1`)
    expect(waitlist.body).toMatchObject({ has_more: true, data: [{ child_id: kids[2].id, waitlist_position: 1 }] })
    const next = await t.get(`/v1/programs/${program.id}/waitlist?limit=1&cursor=${waitlist.body.next_cursor}`)
    expect(next.body).toMatchObject({ has_more: false, data: [{ child_id: theirs.id, waitlist_position: 2 }] })
    expect((await t.get(`/v1/enrollments/${first.body.id}`)).body).toEqual(first.body)

    const feed = await feedOf(t)
    expect(feed.map((e) => [e.type, e.child_id])).toEqual([
      ['enrollment.confirmed', kids[0].id],
      ['enrollment.confirmed', kids[1].id],
      ['enrollment.waitlisted', kids[2].id],
      ['enrollment.waitlisted', theirs.id],
    ])
    expect(feed[0]).toMatchObject({
      enrollment_id: first.body.id,
      program_id: program.id,
      group_id: null,
      status: 'confirmed',
      starts_on: program.starts_on,
      ends_on: program.ends_on,
    })
    expect(feed[3]).toMatchObject({ waitlist_position: 2 })

    const audit = await t.get(`/v1/audit-events?object_id=${first.body.id}`)
    expect(audit.body.data).toMatchObject([{ action: 'enrollment.created', actor: { kind: 'employee', id: me.employeeId }, details: { status: 'confirmed' } }])
  })

  it('refuses a second enrollment of the same child with 409, and another employee’s child with 404', async () => {
    const t = await newTenant()
    const program = await publishedProgram(t, { capacity: 1 })
    const me = await signedInEmployee(t)
    const other = await signedInEmployee(t)
    const child = await newChild(me, program.starts_on)
    const theirs = await newChild(other, program.starts_on)
    expect((await enroll(me, program.id, child.id)).status).toBe(201)
    expectProblem(await enroll(me, program.id, child.id), 409, 'already_enrolled')
    expectProblem(await enroll(me, program.id, theirs.id), 404, 'not_found')
    const waiting = await newChild(me, program.starts_on)
    expect((await enroll(me, program.id, waiting.id)).body.status).toBe('waitlisted')
    expectProblem(await enroll(me, program.id, waiting.id), 409, 'already_enrolled')
    const unknown = await newTenant()
    const elsewhere = await publishedProgram(unknown)
    expectProblem(await enroll(me, elsewhere.id, child.id), 404, 'not_found')
    expect((await t.get(`/v1/programs/${program.id}/enrollments`)).body.data).toHaveLength(2)
  })

  it('replays the first answer for a retried Idempotency-Key', async () => {
    const t = await newTenant()
    const program = await publishedProgram(t)
    const me = await signedInEmployee(t)
    const child = await newChild(me, program.starts_on)
    const headers = { 'Idempotency-Key': 'enroll-once-7f3a' }
    const first = await me.post('/v1/portal/enrollments', { program_id: program.id, child_id: child.id }, { headers })
    const again = await me.post('/v1/portal/enrollments', { program_id: program.id, child_id: child.id }, { headers })
    expect(first.status).toBe(201)
    expect(again.status).toBe(201)
    expect(again.body).toEqual(first.body)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expectProblem(
      await me.post('/v1/portal/enrollments', { program_id: program.id, child_id: 'chd_01jd7k3m5n6p7q8r9s0t1v2w3x' }, { headers }),
      422,
      'idempotency_key_reused',
    )
  })

  it('rejects a body that breaks the contract, naming the field', async () => {
    const t = await newTenant()
    const me = await signedInEmployee(t)
    const res = await me.post('/v1/portal/enrollments', { program_id: 'grp_01jd7k3m5n6p7q8r9s0t1v2w3x', child_id: 'x', extra: 1 })
    expectProblem(res, 422, 'invalid_request')
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['child_id', 'extra', 'program_id'])
  })
})

describe('withdrawing and cancelling', () => {
  it('a withdrawal frees the seat for the head of the waitlist in the same transaction; the feed says both', async () => {
    const t = await newTenant()
    const program = await publishedProgram(t, { capacity: 1 })
    const me = await signedInEmployee(t)
    const other = await signedInEmployee(t)
    const seated = await enroll(me, program.id, (await newChild(me, program.starts_on)).id)
    const head = await enroll(other, program.id, (await newChild(other, program.starts_on)).id)
    const second = await enroll(me, program.id, (await newChild(me, program.starts_on)).id)
    expect([head.body.waitlist_position, second.body.waitlist_position]).toEqual([1, 2])

    const withdrawn = await me.delete(`/v1/portal/enrollments/${seated.body.id}`)
    expect(withdrawn.status, withdrawn.text).toBe(200)
    expect(withdrawn.body).toMatchObject({ id: seated.body.id, status: 'withdrawn', ended_at: expect.any(String), end_reason: null })
    expect((await other.get(`/v1/portal/enrollments/${head.body.id}`)).body).toMatchObject({
      status: 'confirmed',
      waitlist_position: null,
      confirmed_at: expect.any(String),
    })
    expect((await me.get(`/v1/portal/enrollments/${second.body.id}`)).body).toMatchObject({ status: 'waitlisted', waitlist_position: 1 })

    const feed = (await feedOf(t)).slice(-2)
    expect(feed).toMatchObject([
      { type: 'enrollment.withdrawn', enrollment_id: seated.body.id, status: 'withdrawn', previous_status: 'confirmed' },
      { type: 'enrollment.promoted', enrollment_id: head.body.id, status: 'confirmed', previous_status: 'waitlisted', waitlist_position: 1 },
    ])
    expect(feed.map((e) => e.position)).toEqual([feed[0]?.position, (feed[0]?.position ?? 0) + 1])

    expectProblem(await me.delete(`/v1/portal/enrollments/${seated.body.id}`), 409, 'invalid_state')
    expectProblem(await other.delete(`/v1/portal/enrollments/${second.body.id}`), 404, 'not_found')
    // Leaving the waitlist promotes nobody and closes the gap.
    expect((await me.delete(`/v1/portal/enrollments/${second.body.id}`)).body).toMatchObject({ status: 'withdrawn', waitlist_position: null })
    expect((await feedOf(t)).at(-1)).toMatchObject({ type: 'enrollment.withdrawn', previous_status: 'waitlisted' })
    expect((await t.get(`/v1/programs/${program.id}/waitlist`)).body.data).toEqual([])
  })

  it('HR cancels with a reason; the seat is promoted and the reason reaches the feed and the audit log', async () => {
    const t = await newTenant()
    const program = await publishedProgram(t, { capacity: 1 })
    const me = await signedInEmployee(t)
    const seated = await enroll(me, program.id, (await newChild(me, program.starts_on)).id)
    const waiting = await enroll(me, program.id, (await newChild(me, program.starts_on)).id)
    const reason = 'Family moved to Taiyuan; confirmed with the guardian by phone.'

    expectProblem(await t.post(`/v1/enrollments/${seated.body.id}/cancel`, {}), 422, 'invalid_request')
    const cancelled = await t.post(`/v1/enrollments/${seated.body.id}/cancel`, { reason })
    expect(cancelled.status, cancelled.text).toBe(200)
    expect(cancelled.body).toMatchObject({ status: 'cancelled', end_reason: reason, ended_at: expect.any(String) })
    expect((await me.get(`/v1/portal/enrollments/${seated.body.id}`)).body).toMatchObject({ status: 'cancelled', end_reason: reason })
    expect((await t.get(`/v1/enrollments/${waiting.body.id}`)).body).toMatchObject({ status: 'confirmed' })
    expect((await feedOf(t)).slice(-2)).toMatchObject([
      { type: 'enrollment.cancelled', enrollment_id: seated.body.id, reason },
      { type: 'enrollment.promoted', enrollment_id: waiting.body.id },
    ])
    const audit = await t.get(`/v1/audit-events?object_id=${seated.body.id}`)
    expect(audit.body.data.map((e: { action: string }) => e.action)).toContain('enrollment.cancelled')
    expectProblem(await t.post(`/v1/enrollments/${seated.body.id}/cancel`, { reason }), 409, 'invalid_state')
    expect((await t.get(`/v1/programs/${program.id}/enrollments?status=cancelled`)).body.data).toMatchObject([{ id: seated.body.id }])
  })
})

describe('groups', () => {
  it('places a child in the first group of their age with a seat, waits for a full requested group, and promotes within it', async () => {
    const t = await newTenant()
    const program = await publishedProgram(t, { capacity: 10 })
    const small = await t.post(`/v1/programs/${program.id}/groups`, { name: '小班', min_age: 3, max_age: 4, capacity: 1 })
    const big = await t.post(`/v1/programs/${program.id}/groups`, { name: '大班', min_age: 5, max_age: 7, capacity: 5 })
    expect([small.status, big.status], small.text + big.text).toEqual([201, 201])
    const me = await signedInEmployee(t)
    const three = await enroll(me, program.id, (await newChild(me, program.starts_on, 3)).id)
    expect(three.body).toMatchObject({ status: 'confirmed', group_id: small.body.id })
    const six = await enroll(me, program.id, (await newChild(me, program.starts_on, 6)).id)
    expect(six.body).toMatchObject({ status: 'confirmed', group_id: big.body.id })

    // The small group is full: a four-year-old waits for it while the big group has seats.
    const four = await enroll(me, program.id, (await newChild(me, program.starts_on, 4)).id)
    expect(four.body).toMatchObject({ status: 'waitlisted', group_id: null, waitlist_position: 1 })
    const asked = await enroll(me, program.id, (await newChild(me, program.starts_on, 4)).id, { group_id: small.body.id })
    expect(asked.body).toMatchObject({ status: 'waitlisted', group_id: small.body.id, waitlist_position: 2 })
    // A seat in the big group does not fit them; a seat in the small group goes to the first in line.
    await me.delete(`/v1/portal/enrollments/${six.body.id}`)
    expect((await me.get(`/v1/portal/enrollments/${four.body.id}`)).body.status).toBe('waitlisted')
    await me.delete(`/v1/portal/enrollments/${three.body.id}`)
    expect((await me.get(`/v1/portal/enrollments/${four.body.id}`)).body).toMatchObject({ status: 'confirmed', group_id: small.body.id })
    expect((await me.get(`/v1/portal/enrollments/${asked.body.id}`)).body).toMatchObject({ status: 'waitlisted', waitlist_position: 1 })

    // A group of another program (or none) is not a group of this one.
    const elsewhere = await publishedProgram(t)
    const foreign = await t.post(`/v1/programs/${elsewhere.id}/groups`, { name: '小班', min_age: 3, max_age: 4, capacity: 1 })
    expectProblem(await enroll(me, program.id, (await newChild(me, program.starts_on, 3)).id, { group_id: foreign.body.id }), 404, 'not_found')
  })
})
