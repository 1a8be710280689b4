import { pipeline } from '../../db/pipeline'
import type { TenantScope } from '../../db/tenant'
import { recordAudit } from '../../lib/audit'
import { ApiError, notFound } from '../../lib/errors'
import { appendFeedEvents, type NewFeedEvent } from '../../lib/feed'
import { newId, prefixes, toApiId } from '../../lib/ids'
import { localDateOf } from '../../lib/time'
import { type BillingConfig, billingNotConfigured, DEFAULT_PAYMENT_HOLD_MINUTES, employeeShare, holdSeatForPayment, settlePaymentOnSeatLoss } from '../billing'
import { enrollmentEvent } from './enrollments.events'
import { childAge, programFacts, seatsOf } from './enrollments.facts'
import * as repo from './enrollments.repo'
import { eligibility, LIVE_STATUSES, type LiveStatus, place, promotions, type Reason, SEAT_STATUSES } from './enrollments.rules'

/** A tenant scope with (billing, issue 7) the Stripe settings: seats in programs with an employee share are held until paid. */
export type EnrollmentScope = TenantScope & { readonly billing?: BillingConfig }

const enrollmentApiId = (uuid: string) => toApiId(prefixes.enrollment, uuid)
const isLive = (status: string): status is LiveStatus => (LIVE_STATUSES as readonly string[]).includes(status)
const holdsSeat = (status: string) => (SEAT_STATUSES as readonly string[]).includes(status)

/** 422 `not_eligible`: every failed rule, by code and in words; `errors` names the request field each concerns. */
export const notEligible = (reasons: Reason[]) =>
  new ApiError(
    'not_eligible',
    `The child may not enroll in this program: ${reasons.map((r) => `${r.message} (${r.code})`).join('; ')}.`,
    reasons.map((r) => ({ path: r.field, message: `${r.code}: ${r.message}` })),
  )

export type EnrollRequest = { programId: string; childId: string; groupId: string | null }
/** The ids as the client sent them, for problems that name them. */
export type RequestIds = { program_id: string; child_id: string; group_id?: string }

/**
 * Enrolls one of the employee's children: a seat when one is free, else the end of the waitlist.
 * The program's row is locked first, so seats and waitlist ranks are decided one enrollment at a
 * time per program; the audit entry and the feed event commit with the enrollment.
 */
export const enroll = async (scope: EnrollmentScope, employeeId: string, req: EnrollRequest, ids: RequestIds) => {
  // One round trip: the program's lock comes first, so the counts after it are read under it.
  const [[child], [program], groupRows, mine, [employee], countRows] = await pipeline(scope.tx, [
    repo.ownChildQuery(scope, employeeId, req.childId),
    repo.programQuery(scope, req.programId, { lock: true }),
    repo.groupSeatsQuery(scope, [req.programId]),
    repo.liveEnrollmentsOfQuery(scope, employeeId, [req.programId]),
    repo.employeeStatusQuery(scope, employeeId),
    repo.programCountsQuery(scope, [req.programId]),
  ])
  if (!child) throw notFound('child', ids.child_id)
  if (!program) throw notFound('program', ids.program_id)
  if (!employee) throw new Error('the signed-in employee has no row')
  const groups = repo.seatsOfGroups(groupRows)
  const requested = req.groupId === null ? null : (groups.find((g) => g.id === req.groupId) ?? null)
  if (req.groupId !== null && !requested) throw notFound('group of this program', ids.group_id ?? '')

  const existing = mine.find((e) => e.child_id === child.id)
  if (existing)
    throw new ApiError(
      'already_enrolled',
      `${child.name} already holds ${existing.status === 'waitlisted' ? 'a waitlist place' : 'a seat'} in this program (${enrollmentApiId(existing.id)}).`,
    )
  const verdict = eligibility({
    program: programFacts(program),
    groups,
    requestedGroup: requested,
    child,
    employeeStatus: employee.status,
    otherChildrenEnrolled: mine.length,
    childEnrolled: false,
    now: new Date(),
  })
  if (!verdict.eligible) throw notEligible(verdict.reasons)

  const counts = repo.countsOf([program.id], countRows).get(program.id) ?? { taken: 0, waiting: 0, maxRank: null, minRank: null }
  const placement = place(seatsOf(program, counts, groups), verdict.age?.age ?? null, req.groupId)
  const waitlisted = placement.status === 'waitlisted'
  // (billing, issue 7) A seat in a program with an employee share is held until paid (`awaiting_payment`).
  const share = waitlisted ? null : employeeShare(program)
  if (share && !scope.billing) throw billingNotConfigured()
  const now = new Date()
  const id = newId(prefixes.enrollment)
  const row = await repo.insertEnrollment(scope, {
    tenant_id: scope.tenantId,
    id: id.uuid,
    program_id: program.id,
    group_id: placement.group_id,
    employee_id: employeeId,
    child_id: child.id,
    status: share ? 'awaiting_payment' : placement.status,
    waitlist_rank: waitlisted ? (counts.maxRank ?? 0) + 1 : null,
    waitlisted_at: waitlisted ? now : null,
    confirmed_at: waitlisted ? null : now,
  })
  if (share) await holdSeatForPayment(scope, { enrollmentId: id.uuid, share, holdMinutes: scope.billing?.paymentHoldMinutes ?? DEFAULT_PAYMENT_HOLD_MINUTES })
  const position = waitlisted ? counts.waiting + 1 : null
  await recordAudit(scope, {
    action: 'enrollment.created',
    objectType: 'enrollment',
    objectId: id.api,
    details: { program_id: ids.program_id, child_id: ids.child_id, status: row.status, waitlist_position: position },
  })
  await appendFeedEvents(scope, [
    enrollmentEvent(
      waitlisted ? 'enrollment.waitlisted' : share ? 'enrollment.awaiting_payment' : 'enrollment.confirmed',
      row,
      program,
      waitlisted ? { waitlist_position: position } : {},
    ),
  ])
  return { ...row, child_name: child.name, waitlist_position: position }
}

/**
 * Gives the program's free seats to the waitlist, in order (see `promotions`). Call it under the
 * program's lock; it writes the promotions and their audit entries and returns their feed events
 * for the caller to append last.
 */
export const fillSeats = async (scope: EnrollmentScope, program: repo.ProgramRow): Promise<NewFeedEvent[]> => {
  const [groups, counts, waiting] = [
    await repo.groupSeats(scope, [program.id]),
    (await repo.programCounts(scope, [program.id])).get(program.id),
    await repo.waitlist(scope, program.id),
  ]
  if (!counts || waiting.length === 0) return []
  const chosen = promotions(
    seatsOf(program, counts, groups),
    waiting.map((w) => ({ id: w.id, group_id: w.group_id, age: childAge(program, w.date_of_birth) })),
  )
  const events: NewFeedEvent[] = []
  const now = new Date()
  for (const [done, p] of chosen.entries()) {
    const position = waiting.findIndex((w) => w.id === p.id) + 1 - done
    // (billing, issue 7) In a program with an employee share the promoted child's seat is held until paid.
    const share = employeeShare(program)
    const holdMinutes = scope.billing?.paymentHoldMinutes ?? DEFAULT_PAYMENT_HOLD_MINUTES
    const status = share ? await holdSeatForPayment(scope, { enrollmentId: p.id, share, holdMinutes }) : 'confirmed'
    const row = await repo.updateEnrollment(scope, p.id, { status, group_id: p.group_id, waitlist_rank: null, confirmed_at: now })
    await recordAudit(scope, {
      action: 'enrollment.promoted',
      objectType: 'enrollment',
      objectId: enrollmentApiId(p.id),
      details: { from_waitlist_position: position },
    })
    events.push(enrollmentEvent('enrollment.promoted', row, program, { previous_status: 'waitlisted', waitlist_position: position }))
  }
  return events
}

type Ending = {
  status: 'withdrawn' | 'cancelled'
  reason: string | null
  afterTheProgram?: 'refuse' | 'skip'
  /** (billing, issue 7) End it only from this status (read under the locks); otherwise change nothing. */
  onlyFrom?: 'awaiting_payment'
}

/**
 * Ends a live enrollment and, when it held a seat, promotes from the waitlist, all in this
 * transaction. The program's row is locked before the enrollment is read again, as in `enroll`.
 */
const endEnrollment = async (scope: EnrollmentScope, found: repo.EnrollmentRow, ending: Ending) => {
  const program = await repo.findProgram(scope, found.program_id, { lock: true })
  const current = await repo.findEnrollment(scope, found.id, { lock: true })
  if (!program || !current) throw new Error('an enrollment outlived its program')
  const apiId = enrollmentApiId(current.id)
  if (ending.onlyFrom && current.status !== ending.onlyFrom) return undefined
  if (!isLive(current.status)) throw new ApiError('invalid_state', `Enrollment ${apiId} is already ${current.status}.`)
  const today = localDateOf(new Date(), await scope.timeZone())
  if (program.ends_on !== null && program.ends_on < today) {
    if (ending.afterTheProgram === 'skip') return current
    throw new ApiError('invalid_state', `The program of enrollment ${apiId} ended on ${program.ends_on}; its enrollments can no longer change.`)
  }

  const ended = await repo.updateEnrollment(scope, current.id, {
    status: ending.status,
    waitlist_rank: null,
    ended_at: new Date(),
    end_reason: ending.reason,
  })
  await recordAudit(scope, {
    action: `enrollment.${ending.status}`,
    objectType: 'enrollment',
    objectId: apiId,
    details: { previous_status: current.status, ...(ending.reason ? { reason: ending.reason } : {}) },
  })
  // (billing, issue 7) A seat given up releases its unpaid hold, or refunds a paid share per the policy.
  if (holdsSeat(current.status)) await settlePaymentOnSeatLoss(scope, { enrollmentId: current.id, now: ending.status, today, startsOn: program.starts_on })
  const promoted = holdsSeat(current.status) ? await fillSeats(scope, program) : []
  await appendFeedEvents(scope, [
    enrollmentEvent(`enrollment.${ending.status}`, ended, program, { previous_status: current.status, ...(ending.reason ? { reason: ending.reason } : {}) }),
    ...promoted,
  ])
  return ended
}

/** The employee withdraws their child's enrollment; undefined when they have no such enrollment. */
export const withdraw = async (scope: EnrollmentScope, employeeId: string, enrollmentId: string) => {
  const found = await repo.findEnrollment(scope, enrollmentId, { employeeId })
  if (!found) return undefined
  await endEnrollment(scope, found, { status: 'withdrawn', reason: null })
  return repo.findEnrollmentView(scope, enrollmentId)
}

/** HR cancels an enrollment, saying why; undefined when the tenant has no such enrollment. */
export const cancel = async (scope: EnrollmentScope, enrollmentId: string, reason: string) => {
  const found = await repo.findEnrollment(scope, enrollmentId)
  if (!found) return undefined
  await endEnrollment(scope, found, { status: 'cancelled', reason })
  return repo.findEnrollmentView(scope, enrollmentId)
}

/** Why enrollments end when a child's record is erased. */
export const CHILD_DELETED = "the child's record was deleted"

/**
 * Before a child's record is erased (its enrollments go with it): withdraws the child's live
 * enrollments in programs that have not ended, so their seats go to the waitlist and providers hear
 * of it. Call it in the deletion's transaction, before deleting the child.
 */
export const withdrawChildEnrollments = async (scope: EnrollmentScope, childId: string) => {
  const live = await repo.liveEnrollmentsOfChild(scope, childId)
  for (const row of live) await endEnrollment(scope, row, { status: 'withdrawn', reason: CHILD_DELETED, afterTheProgram: 'skip' })
  return live.length
}

// ---- (billing, issue 7) Leaving `awaiting_payment`: `enroll` and `fillSeats` above put a seat on hold ----

/**
 * The co-payment arrived: the held seat is confirmed (audit and feed `enrollment.confirmed`). Returns
 * the status the enrollment had, undefined when there is none; only `awaiting_payment` changes.
 */
export const confirmAwaitingPayment = async (scope: EnrollmentScope, enrollmentId: string) => {
  const found = await repo.findEnrollment(scope, enrollmentId)
  if (!found) return undefined
  const program = await repo.findProgram(scope, found.program_id, { lock: true })
  const current = await repo.findEnrollment(scope, enrollmentId, { lock: true })
  if (!program || !current) throw new Error('an enrollment outlived its program')
  if (current.status !== 'awaiting_payment') return current.status
  const row = await repo.updateEnrollment(scope, current.id, { status: 'confirmed', confirmed_at: new Date() })
  await recordAudit(scope, {
    action: 'enrollment.confirmed',
    objectType: 'enrollment',
    objectId: enrollmentApiId(current.id),
    details: { previous_status: 'awaiting_payment' },
  })
  await appendFeedEvents(scope, [enrollmentEvent('enrollment.confirmed', row, program, { previous_status: 'awaiting_payment' })])
  return current.status
}

/**
 * The hold ended unpaid (checkout expired or failed, or its time ran out): the enrollment is
 * cancelled with `reason` and its seat goes to the waitlist, as any cancel. False when it no longer
 * awaits payment, or its program has ended.
 */
export const releaseAwaitingPayment = async (scope: EnrollmentScope, enrollmentId: string, reason: string) => {
  const found = await repo.findEnrollment(scope, enrollmentId)
  if (found?.status !== 'awaiting_payment') return false
  try {
    return (await endEnrollment(scope, found, { status: 'cancelled', reason, onlyFrom: 'awaiting_payment' })) !== undefined
  } catch (error) {
    if (error instanceof ApiError && error.code === 'invalid_state') return false
    throw error
  }
}

/**
 * After HR changes a program or its groups (more capacity, a group removed...): gives any seat the
 * change freed to the waitlist, in order, and tells providers, in the change's transaction.
 */
export const fillFreedSeats = async (scope: EnrollmentScope, programId: string) => {
  const program = await repo.findProgram(scope, programId, { lock: true })
  if (program?.status !== 'published') return
  await appendFeedEvents(scope, await fillSeats(scope, program))
}
