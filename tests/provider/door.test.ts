import { describe, expect, it } from 'vitest'
import { clientFor } from '../helpers/client'
import { expectProblem, newTenant } from '../helpers/harness'
import { addDays, dayFromToday, enrolledChild, type ProviderWorld, providerWorld } from '../helpers/provider'

/** An instant earlier today (tenant time zone): `fraction` of the way from midnight to now. */
const earlierToday = (fraction: number) => {
  const midnight = Date.parse(`${dayFromToday(0)}T00:00:00+08:00`)
  return new Date(midnight + Math.floor((Date.now() - midnight) * fraction)).toISOString()
}

const checkIn = (w: ProviderWorld, childId: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  w.provider.post('/v1/provider/check-ins', { program_id: w.program.id, child_id: childId, ...extra }, { headers })
const checkOut = (w: ProviderWorld, childId: string, extra: Record<string, unknown> = {}) =>
  w.provider.post('/v1/provider/check-outs', { program_id: w.program.id, child_id: childId, picked_up_by: { kind: 'guardian' }, ...extra })
const statusOn = async (w: ProviderWorld, childId: string) =>
  (await w.provider.get(`/v1/provider/roster?program_id=${w.program.id}&date=${dayFromToday(0)}`)).body.children.find(
    (c: { child_id: string }) => c.child_id === childId,
  )?.attendance
const feedTypes = async (w: ProviderWorld) =>
  (await w.provider.get('/v1/provider/feed?limit=500')).body.data.map((e: { type: string }) => e.type).filter((t: string) => t.startsWith('attendance.'))
const auditOf = async (w: ProviderWorld, action: string) =>
  (await w.tenant.get('/v1/audit-events?limit=100')).body.data.filter((e: { action: string }) => e.action === action)

describe('check-in', () => {
  it('records an arrival once a day: 201, then a retry answers 200 with the same record, another time 409', async () => {
    const w = await providerWorld(await newTenant())
    const child = await enrolledChild(w)
    const first = await checkIn(w, child.id, { dropped_off_by: { kind: 'authorized_pickup', phone: '+86 139 0000 0001' }, staff: '张老师' })
    expect(first.status, first.text).toBe(201)
    expect(first.body).toEqual({
      id: expect.stringMatching(/^att_/),
      object: 'attendance',
      program_id: w.program.id,
      child_id: child.id,
      enrollment_id: child.enrollmentId,
      date: dayFromToday(0),
      status: 'present',
      checked_in_at: expect.any(String),
      dropped_off_by: { kind: 'authorized_pickup', name: '李娜', relation: 'grandmother', phone: '+86 139 0000 0001' },
      checked_in_by: { contract_id: w.contractId, staff: '张老师' },
      checked_out_at: null,
      picked_up_by: null,
      checked_out_by: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    })
    expect(Date.now() - Date.parse(first.body.checked_in_at)).toBeLessThan(60_000)
    expect(await statusOn(w, child.id)).toMatchObject({ status: 'present', attendance_id: first.body.id })

    const retry = await checkIn(w, child.id, { dropped_off_by: { kind: 'authorized_pickup', phone: '+86 13900000001' } })
    expect(retry.status).toBe(200)
    expect(retry.body).toEqual(first.body)
    const sameTime = await checkIn(w, child.id, { at: first.body.checked_in_at, dropped_off_by: { kind: 'authorized_pickup', phone: '+86 139 0000 0001' } })
    expect(sameTime.status).toBe(200)

    const otherTime = await checkIn(w, child.id, { at: earlierToday(0.1), dropped_off_by: { kind: 'authorized_pickup', phone: '+86 139 0000 0001' } })
    expectProblem(otherTime, 409, 'already_checked_in')
    expect(otherTime.body.detail).toContain(first.body.id)
    expectProblem(await checkIn(w, child.id, { dropped_off_by: { kind: 'guardian' } }), 409, 'already_checked_in')

    expect(await feedTypes(w)).toEqual(['attendance.checked_in'])
    expect(await auditOf(w, 'attendance.checked_in')).toMatchObject([
      {
        actor: { kind: 'contract', id: w.contractId },
        object_id: first.body.id,
        details: { program_id: w.program.id, child_id: child.id, date: dayFromToday(0) },
      },
    ])
  })

  it('refuses a time in the future, a day that is not a service day, a child without a seat, and a drop-off by an unknown pickup', async () => {
    const t = await newTenant()
    const w = await providerWorld(t)
    const child = await enrolledChild(w)
    const future = new Date(Date.now() + 10 * 60_000).toISOString()
    const res = await checkIn(w, child.id, { at: future })
    expectProblem(res, 422, 'invalid_request')
    expect(res.body.errors).toEqual([{ path: 'at', message: `${future} is in the future; record what happened, when it happened` }])

    const yesterday = await checkIn(w, child.id, { at: `${dayFromToday(-1)}T10:00:00+08:00` })
    expectProblem(yesterday, 422, 'invalid_request')
    expect(yesterday.body.errors).toEqual([
      { path: 'child_id', message: `child ${child.id} holds no confirmed seat in program ${w.program.id} on ${dayFromToday(-1)}` },
    ])

    const unknown = await checkIn(w, child.id, { dropped_off_by: { kind: 'authorized_pickup', phone: '+86 100 0000 0000' } })
    expectProblem(unknown, 422, 'invalid_request')
    expect(unknown.body.errors[0].path).toBe('dropped_off_by.phone')

    const closed = await providerWorld(t, { closure_dates: [dayFromToday(0)] })
    const closedChild = await enrolledChild(closed)
    const closure = await checkIn(closed, closedChild.id)
    expectProblem(closure, 422, 'not_a_service_day')
    expect(closure.body.errors).toEqual([{ path: 'at', message: `closure: ${dayFromToday(0)} is a closure date of the program` }])

    const stranger = await w.guardian.post('/v1/portal/children', {
      name: '王小刚',
      date_of_birth: '2019-04-01',
      allergies: [],
      emergency_contacts: [],
      authorized_pickups: [],
      consent: { purpose: 'childcare_services', policy_version: '2027-01' },
    })
    expectProblem(await checkIn(w, stranger.body.id), 404, 'not_found')
    expect(await feedTypes(w)).toEqual([])
  })
})

describe('check-out', () => {
  it('needs a check-in first and a later time; records the pickup once; a retry answers 200', async () => {
    const w = await providerWorld(await newTenant())
    const child = await enrolledChild(w)
    expectProblem(await checkOut(w, child.id), 409, 'not_checked_in')
    const inAt = earlierToday(0.5)
    expect((await checkIn(w, child.id, { at: inAt })).status).toBe(201)
    const early = await checkOut(w, child.id, { at: earlierToday(0.25) })
    expectProblem(early, 422, 'invalid_request')
    expect(early.body.errors[0].path).toBe('at')

    const out = await checkOut(w, child.id, { staff: '李老师' })
    expect(out.status, out.text).toBe(201)
    expect(out.body).toMatchObject({
      status: 'picked_up',
      checked_in_at: new Date(inAt).toISOString(),
      picked_up_by: { kind: 'guardian' },
      checked_out_by: { contract_id: w.contractId, staff: '李老师' },
    })
    expect((await checkOut(w, child.id)).body).toEqual(out.body)
    expectProblem(await checkOut(w, child.id, { picked_up_by: { kind: 'authorized_pickup', phone: '+86 139 0000 0001' } }), 409, 'already_checked_out')
    // One visit a day: a child brought back after the pickup is not checked in again.
    expectProblem(await checkIn(w, child.id, { dropped_off_by: { kind: 'guardian' } }), 409, 'already_checked_in')
    expect(await statusOn(w, child.id)).toMatchObject({ status: 'picked_up', checked_out_at: out.body.checked_out_at })
    expect(await feedTypes(w)).toEqual(['attendance.checked_in', 'attendance.checked_out'])
  })

  it('refuses anyone but the guardian or an authorized pickup valid that day: 422, nothing recorded, the refusal audited', async () => {
    const w = await providerWorld(await newTenant())
    const [today, yesterday, tomorrow] = [dayFromToday(0), dayFromToday(-1), dayFromToday(1)]
    const child = await enrolledChild(w, {
      authorized_pickups: [
        { name: '李娜', relation: 'grandmother', phone: '+86 139 0000 0001' },
        { name: '王芳', relation: 'aunt', phone: '+86 137 0000 0002', valid_from: yesterday, valid_until: yesterday },
        { name: '张伟', relation: 'uncle', phone: '+86 136 0000 0003', valid_from: tomorrow },
      ],
    })
    expect((await checkIn(w, child.id)).status).toBe(201)

    const stranger = await checkOut(w, child.id, { picked_up_by: { kind: 'other', name: '陌生人', relation: 'neighbour' } })
    expectProblem(stranger, 422, 'pickup_not_authorized')
    expect(stranger.body.errors).toEqual([{ path: 'picked_up_by', message: "陌生人 is not on the child's list of authorized pickups" }])
    const oneOffPast = await checkOut(w, child.id, { picked_up_by: { kind: 'authorized_pickup', phone: '+86 137 0000 0002' } })
    expectProblem(oneOffPast, 422, 'pickup_not_authorized')
    expect(oneOffPast.body.errors[0].message).toBe(`王芳 (aunt) may pick this child up only on ${yesterday}, not on ${today}`)
    const notYet = await checkOut(w, child.id, { picked_up_by: { kind: 'authorized_pickup', phone: '+86 136 0000 0003' } })
    expect(notYet.body.errors[0].message).toBe(`张伟 (uncle) may pick this child up from ${tomorrow} until removed, not on ${today}`)
    expectProblem(await checkOut(w, child.id, { picked_up_by: { kind: 'authorized_pickup', phone: '+86 135 0000 0000' } }), 422, 'pickup_not_authorized')

    expect(await statusOn(w, child.id)).toMatchObject({ status: 'present', checked_out_at: null })
    expect(await feedTypes(w)).toEqual(['attendance.checked_in'])
    const refusals = await auditOf(w, 'attendance.pickup_refused')
    expect(refusals).toHaveLength(4)
    expect(refusals.at(-1)).toMatchObject({
      actor: { kind: 'contract', id: w.contractId },
      object_type: 'child',
      object_id: child.id,
      details: { program_id: w.program.id, date: today, picked_up_by: { kind: 'other', name: '陌生人', relation: 'neighbour' }, reason: expect.any(String) },
    })

    const grandmother = await checkOut(w, child.id, { picked_up_by: { kind: 'authorized_pickup', phone: '+86 139 0000 0001' } })
    expect(grandmother.status).toBe(201)
    expect(grandmother.body.picked_up_by).toEqual({ kind: 'authorized_pickup', name: '李娜', relation: 'grandmother', phone: '+86 139 0000 0001' })
  })

  it('lets a one-off pickup take the child inside its window', async () => {
    const w = await providerWorld(await newTenant())
    const today = dayFromToday(0)
    const child = await enrolledChild(w, {
      authorized_pickups: [{ name: '王芳', relation: 'aunt', phone: '+86 137 0000 0002', valid_from: today, valid_until: today }],
    })
    expect((await checkIn(w, child.id)).status).toBe(201)
    const out = await checkOut(w, child.id, { picked_up_by: { kind: 'authorized_pickup', phone: '+86 137 0000 0002' } })
    expect(out.status, out.text).toBe(201)
    expect(out.body.picked_up_by).toMatchObject({ name: '王芳' })
    expect(addDays(today, 1)).toBe(dayFromToday(1))
  })
})

describe('batches', () => {
  it("reports each item's outcome; a rejected item changes nothing and the others stand", async () => {
    const w = await providerWorld(await newTenant())
    const [a, b] = [await enrolledChild(w, { name: '甲' }), await enrolledChild(w, { name: '乙' })]
    expect((await checkIn(w, b.id)).status).toBe(201)
    const res = await w.provider.post('/v1/provider/check-ins', {
      items: [
        { program_id: w.program.id, child_id: a.id },
        { program_id: w.program.id, child_id: 'chd_01h455vb4pex5vsknk084sn02q' },
        { program_id: w.program.id, child_id: b.id },
        { program_id: w.program.id, child_id: a.id, at: earlierToday(0.1) },
      ],
    })
    expect(res.status, res.text).toBe(200)
    expect(res.body).toMatchObject({ object: 'batch_result', recorded: 1, unchanged: 1, rejected: 2 })
    expect(res.body.items.map((i: { index: number; outcome: string; error: { code: string } | null }) => [i.index, i.outcome, i.error?.code ?? null])).toEqual([
      [0, 'recorded', null],
      [1, 'rejected', 'not_found'],
      [2, 'unchanged', null],
      [3, 'rejected', 'already_checked_in'],
    ])
    expect(res.body.items[0].attendance).toMatchObject({ child_id: a.id, status: 'present' })
    expect(await feedTypes(w)).toEqual(['attendance.checked_in', 'attendance.checked_in'])

    const outs = await w.provider.post('/v1/provider/check-outs', {
      items: [
        { program_id: w.program.id, child_id: a.id, picked_up_by: { kind: 'other', name: '陌生人' } },
        { program_id: w.program.id, child_id: b.id, picked_up_by: { kind: 'guardian' } },
      ],
    })
    expect(outs.body).toMatchObject({ recorded: 1, rejected: 1 })
    expect(outs.body.items[0].error).toEqual({
      code: 'pickup_not_authorized',
      status: 422,
      detail: expect.stringMatching(/nothing was recorded/),
      errors: [{ path: 'items.0.picked_up_by', message: "陌生人 is not on the child's list of authorized pickups" }],
    })
    expect(await statusOn(w, a.id)).toMatchObject({ status: 'present' })
    expect(await statusOn(w, b.id)).toMatchObject({ status: 'picked_up' })
    expect(await auditOf(w, 'attendance.pickup_refused')).toHaveLength(1)
  })

  it('refuses a malformed batch whole, naming the item field, and more than 100 items', async () => {
    const w = await providerWorld(await newTenant())
    const child = await enrolledChild(w)
    const bad = await w.provider.post('/v1/provider/check-ins', { items: [{ program_id: w.program.id, child_id: child.id }, { program_id: w.program.id }] })
    expectProblem(bad, 422, 'invalid_request')
    expect(bad.body.errors).toEqual([{ path: 'items.1.child_id', message: expect.any(String) }])
    const single = await w.provider.post('/v1/provider/check-ins', { program_id: w.program.id, child_id: child.id, at: 'yesterday' })
    expect(single.body.errors.map((e: { path: string }) => e.path)).toEqual(['at'])
    const tooMany = await w.provider.post('/v1/provider/check-ins', {
      items: Array.from({ length: 101 }, () => ({ program_id: w.program.id, child_id: child.id })),
    })
    expectProblem(tooMany, 422, 'invalid_request')
    expect(tooMany.body.errors[0].path).toBe('items')
    expect(await feedTypes(w)).toEqual([])
  })

  it('replays the first answer to a retry with the same Idempotency-Key', async () => {
    const w = await providerWorld(await newTenant())
    const child = await enrolledChild(w)
    const first = await checkIn(w, child.id, {}, { 'Idempotency-Key': 'door-42' })
    const again = await checkIn(w, child.id, {}, { 'Idempotency-Key': 'door-42' })
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.body).toEqual(first.body)
    expectProblem(await checkIn(w, child.id, { staff: 'x' }, { 'Idempotency-Key': 'door-42' }), 422, 'idempotency_key_reused')
    expect(clientFor(undefined)).toBeTruthy()
  })
})
