import { pipeline } from '../../db/pipeline'
import type { RecordedPerson } from '../../db/tables/attendance'
import type { TenantScope } from '../../db/tenant'
import { recordAudit } from '../../lib/audit'
import { ApiError, invalid, notFound } from '../../lib/errors'
import { appendFeedEvents, type NewFeedEvent } from '../../lib/feed'
import { newId, prefixes, toApiId, uuidOf } from '../../lib/ids'
import { localDateOf } from '../../lib/time'
import { type ContractScope, programInScope } from '../provider-access'
import { expectedOn, requireServiceDay, requireWithinContract, rosterRepo } from '../roster'
import { attendanceEvent } from './attendance.events'
import * as repo from './attendance.repo'
import { eventTime, type PersonInput, repeats, resolveDropOff, resolvePickup } from './attendance.rules'

/** Work at the door: the tenant scope of a provider request, its contract and the moment the request is about. */
export type DoorScope = TenantScope & { readonly contract: ContractScope; readonly now: Date }
export type CheckInInput = { program_id: string; child_id: string; at?: string; dropped_off_by?: PersonInput; staff?: string }
export type CheckOutInput = { program_id: string; child_id: string; at?: string; picked_up_by: PersonInput; staff?: string }

export type ItemResult =
  | { outcome: 'recorded'; row: repo.AttendanceRow; event: NewFeedEvent }
  | { outcome: 'unchanged'; row: repo.AttendanceRow }
  | { outcome: 'rejected'; error: ApiError }

type Item = { program_id: string; child_id: string; at?: string }

const attendanceApiId = (uuid: string) => toApiId(prefixes.attendance, uuid)
const localTime = (instant: Date, ctx: DoorScope) => `${instant.toISOString()} (${localDateOf(instant, ctx.contract.timeZone)})`

/** The program, child, instant and service day an item is about, before any read; 404 for a program outside the contract. */
const place = (ctx: DoorScope, item: Item) => {
  const programId = programInScope(ctx.contract, item.program_id)
  const childId = uuidOf(prefixes.child, item.child_id, 'child')
  const at = eventTime(item.at, ctx.now)
  if (!at) throw invalid('at', `${item.at} is in the future; record what happened, when it happened`)
  return { programId, childId, at, date: localDateOf(at, ctx.contract.timeZone) }
}

type Located = ReturnType<typeof place>

/** 404 for a program that is gone, 422 for a day that is not a service day of it. */
const requireDay = (ctx: DoorScope, program: rosterRepo.ProgramSchedule | undefined, loc: Located, item: Item) => {
  if (!program) throw notFound('program', item.program_id)
  requireServiceDay(program, loc.date, 'at')
  requireWithinContract(ctx.contract, loc.date, 'at')
}

/** `place`, with the program read and its day checked. */
const locate = async (ctx: DoorScope, item: Item) => {
  const loc = place(ctx, item)
  requireDay(ctx, await rosterRepo.findProgramSchedule(ctx, loc.programId), loc, item)
  return loc
}

type Enrollments = Awaited<ReturnType<typeof rosterRepo.enrollmentsOfChild>>

/** The enrollment that holds the child's confirmed seat that day; 404 for a child never enrolled in the program. */
const seatAmong = (enrollments: Enrollments, loc: Located, item: Item) => {
  if (enrollments.length === 0) throw new ApiError('not_found', `No child ${item.child_id} is enrolled in program ${item.program_id}.`)
  const seat = enrollments.find((e) => expectedOn(e, loc.date))
  if (!seat) {
    const message = `child ${item.child_id} holds no confirmed seat in program ${item.program_id} on ${loc.date}`
    throw new ApiError('invalid_request', `The ${message}; only enrolled children check in.`, [{ path: 'child_id', message }])
  }
  return seat
}

const seatOn = async (ctx: DoorScope, loc: Located, item: Item) =>
  seatAmong(await rosterRepo.enrollmentsOfChild(ctx, loc.programId, loc.childId, ctx.contract.timeZone), loc, item)

const childAtTheDoor = async (ctx: DoorScope, loc: Located) => {
  const child = await repo.childAtTheDoor(ctx, loc.childId)
  if (!child) throw new Error('an enrollment outlived its child')
  return child
}

/** Checks a child in: once a day per program. The same request again is answered with what is recorded. */
export const checkIn = async (ctx: DoorScope, item: CheckInInput): Promise<ItemResult> => {
  const { contract } = ctx
  const loc = place(ctx, item)
  // The door's reads do not depend on each other: one round trip; the checks then run in their order.
  const [[program], enrollments, [child]] = await pipeline(ctx.tx, [
    rosterRepo.programScheduleQuery(ctx, loc.programId),
    rosterRepo.enrollmentsOfChildQuery(ctx, loc.programId, loc.childId, contract.timeZone),
    repo.childAtTheDoorQuery(ctx, loc.childId),
  ])
  requireDay(ctx, program, loc, item)
  const seat = seatAmong(enrollments, loc, item)
  let droppedOffBy: RecordedPerson | null = null
  if (item.dropped_off_by) {
    if (!child) throw new Error('an enrollment outlived its child')
    const resolved = resolveDropOff(item.dropped_off_by, child.authorized_pickups)
    if (!resolved.ok) throw invalid('dropped_off_by.phone', resolved.message)
    droppedOffBy = resolved.person
  }
  const id = newId(prefixes.attendance)
  const row = await repo.insertAttendance(ctx, {
    tenant_id: ctx.tenantId,
    id: id.uuid,
    enrollment_id: seat.id,
    program_id: loc.programId,
    child_id: loc.childId,
    date: loc.date,
    checked_in_at: loc.at,
    dropped_off_by: droppedOffBy,
    check_in_contract_id: contract.contractId,
    check_in_staff: item.staff ?? null,
  })
  if (row) {
    await recordAudit(ctx, {
      action: 'attendance.checked_in',
      objectType: 'attendance',
      objectId: id.api,
      details: { program_id: item.program_id, child_id: item.child_id, date: loc.date },
    })
    return { outcome: 'recorded', row, event: attendanceEvent('attendance.checked_in', row) }
  }
  const existing = await repo.lockAttendance(ctx, loc.programId, loc.childId, loc.date)
  if (!existing) throw new Error('an attendance row vanished under its unique key')
  if (repeats({ at: existing.checked_in_at, person: existing.dropped_off_by }, { at: item.at, person: item.dropped_off_by }))
    return { outcome: 'unchanged', row: existing }
  throw new ApiError(
    'already_checked_in',
    `Child ${item.child_id} was already checked in on ${loc.date} at ${localTime(existing.checked_in_at, ctx)} (${attendanceApiId(existing.id)}); a child checks in once a day.`,
  )
}

/**
 * Checks a child out to the guardian or an authorized pickup valid that day. Anyone else is
 * refused with 422 `pickup_not_authorized`, nothing is recorded, and the refusal is written to the
 * audit log (the caller commits it).
 */
export const checkOut = async (ctx: DoorScope, item: CheckOutInput): Promise<ItemResult> => {
  const { contract } = ctx
  const loc = await locate(ctx, item)
  const existing = await repo.lockAttendance(ctx, loc.programId, loc.childId, loc.date)
  if (existing?.checked_out_at && repeats({ at: existing.checked_out_at, person: existing.picked_up_by }, { at: item.at, person: item.picked_up_by }))
    return { outcome: 'unchanged', row: existing }
  if (!existing) await seatOn(ctx, loc, item)

  const pickup = resolvePickup(item.picked_up_by, (await childAtTheDoor(ctx, loc)).authorized_pickups, loc.date)
  if (!pickup.ok) {
    await recordAudit(ctx, {
      action: 'attendance.pickup_refused',
      objectType: 'child',
      objectId: item.child_id,
      details: { program_id: item.program_id, date: loc.date, at: loc.at.toISOString(), picked_up_by: item.picked_up_by, reason: pickup.message },
    })
    throw new ApiError(
      'pickup_not_authorized',
      `Not an authorized pickup: ${pickup.message}. Only the guardian or an authorized pickup valid that day may take the child; nothing was recorded.`,
      [{ path: 'picked_up_by', message: pickup.message }],
    )
  }
  if (!existing) throw new ApiError('not_checked_in', `Child ${item.child_id} was not checked in on ${loc.date}; check the child in first.`)
  if (existing.checked_out_at)
    throw new ApiError(
      'already_checked_out',
      `Child ${item.child_id} was already checked out on ${loc.date} at ${localTime(existing.checked_out_at, ctx)} (${attendanceApiId(existing.id)}).`,
    )
  if (loc.at < existing.checked_in_at)
    throw invalid('at', `the check-out at ${loc.at.toISOString()} is before the check-in at ${existing.checked_in_at.toISOString()}`)

  const row = await repo.updateAttendance(ctx, existing.id, {
    checked_out_at: loc.at,
    picked_up_by: pickup.person,
    check_out_contract_id: contract.contractId,
    check_out_staff: item.staff ?? null,
  })
  await recordAudit(ctx, {
    action: 'attendance.checked_out',
    objectType: 'attendance',
    objectId: attendanceApiId(row.id),
    details: { program_id: item.program_id, child_id: item.child_id, date: loc.date, picked_up_by: pickup.person.kind },
  })
  return { outcome: 'recorded', row, event: attendanceEvent('attendance.checked_out', row) }
}

/**
 * Applies items in order, each all or nothing: a rejected item changes nothing (but what its
 * refusal records, like a refused pickup's audit entry); the feed events of the recorded ones are
 * appended last, as the feed requires.
 */
export const applyItems = async <T>(ctx: DoorScope, items: T[], apply: (ctx: DoorScope, item: T) => Promise<ItemResult>) => {
  const results: ItemResult[] = []
  for (const item of items) {
    try {
      results.push(await apply(ctx, item))
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      results.push({ outcome: 'rejected', error })
    }
  }
  await appendFeedEvents(
    ctx,
    results.flatMap((r) => (r.outcome === 'recorded' ? [r.event] : [])),
  )
  return results
}
