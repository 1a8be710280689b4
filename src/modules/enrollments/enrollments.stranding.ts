/**
 * Enrollments stranded by a change to their program or group (programs.guards decides when to ask):
 * which ones a change strands, and how a chosen resolution moves them. Runs inside the change's
 * transaction, which holds the program's row lock (programs.service locks it first).
 */
import type { TenantData, TenantScope } from '../../db/tenant'
import { recordAudit } from '../../lib/audit'
import { appendFeedEvents, type NewFeedEvent } from '../../lib/feed'
import { prefixes, toApiId } from '../../lib/ids'
import { localDateOf } from '../../lib/time'
import { settlePaymentOnSeatLoss } from '../billing'
import { ageOn, measuringDate, type Stranding, type StrandResolution, type StrandScope } from '../programs'
import { enrollmentEvent } from './enrollments.events'
import { ageRuleOf } from './enrollments.facts'
import * as repo from './enrollments.repo'
import { SEAT_STATUSES } from './enrollments.rules'

const holdsSeat = (status: string) => (SEAT_STATUSES as readonly string[]).includes(status)

/** Most recently confirmed first (they lose their seats first); waiting ones after, in line order. */
const lastInFirstOut = (a: repo.StrandedRow, b: repo.StrandedRow) =>
  (b.confirmed_at?.getTime() ?? 0) - (a.confirmed_at?.getTime() ?? 0) || (a.waitlist_rank ?? 0) - (b.waitlist_rank ?? 0) || (a.id < b.id ? 1 : -1)

/** The live enrollments the change strands, most recently confirmed first. */
export const strandedEnrollments = async (scope: TenantData, target: StrandScope, change: Stranding): Promise<repo.StrandedRow[]> => {
  const live = (await repo.liveInScope(scope, target.programId, target.groupId)).sort(lastInFirstOut)
  switch (change.kind) {
    case 'dates_moved':
    case 'group_removed':
      return live
    case 'capacity_cut': {
      const seats = live.filter((e) => holdsSeat(e.status))
      return seats.slice(0, Math.max(0, seats.length - (change.capacity ?? 0)))
    }
    case 'age_rule_narrowed': {
      const { band } = change
      if (band === null) return []
      const program = await repo.findProgram(scope, target.programId)
      const rule = program && ageRuleOf(program)
      const on = change.measuredOn ?? (rule && program ? measuringDate(rule, program.starts_on) : null)
      if (on === null) return []
      return live.filter((e) => {
        const age = ageOn(e.date_of_birth, on)
        return age < band.min_age || age > band.max_age
      })
    }
  }
}

/**
 * Applies the resolution to stranded enrollments (`keep` needs nothing):
 * - `withdraw`: each is withdrawn, `end_reason` saying why;
 * - `waitlist`: those holding a seat go back to the head of the waitlist, before everyone waiting,
 *   keeping among themselves the order in which they had been confirmed; those already waiting keep
 *   their place. A removed group's children lose the group (they are placed in another when promoted).
 * Seats this frees are given out by `fillSeats` once the change itself is written.
 */
export const resolveStranded = async (
  scope: TenantScope,
  target: StrandScope,
  stranded: repo.StrandedRow[],
  resolution: StrandResolution,
  why: { kind: Stranding['kind']; reason: string },
) => {
  if (stranded.length === 0) return
  const program = await repo.findProgram(scope, target.programId)
  if (!program) return
  const dropGroup = why.kind === 'group_removed'
  const events: NewFeedEvent[] = []
  const audit: { id: string; action: string; previous: string }[] = []
  // (billing, issue 7) A seat given up releases its unpaid hold, or refunds a paid share per the policy.
  const today = localDateOf(new Date(), await scope.timeZone())
  const settle = (e: repo.StrandedRow, now: 'withdrawn' | 'waitlisted') =>
    holdsSeat(e.status) ? settlePaymentOnSeatLoss(scope, { enrollmentId: e.id, now, today, startsOn: program.starts_on }) : undefined
  if (resolution === 'withdraw') {
    for (const e of stranded) {
      const row = await repo.updateEnrollment(scope, e.id, {
        status: 'withdrawn',
        waitlist_rank: null,
        ended_at: new Date(),
        end_reason: why.reason,
        ...(dropGroup ? { group_id: null } : {}),
      })
      await settle(e, 'withdrawn')
      events.push(enrollmentEvent('enrollment.withdrawn', row, program, { previous_status: e.status, reason: why.reason }))
      audit.push({ id: e.id, action: 'enrollment.withdrawn', previous: e.status })
    }
  } else {
    const seated = stranded.filter((e) => holdsSeat(e.status)).reverse()
    const counts = (await repo.programCounts(scope, [target.programId])).get(target.programId)
    const head = (counts?.minRank ?? 1) - seated.length
    for (const [i, e] of seated.entries()) {
      const row = await repo.updateEnrollment(scope, e.id, {
        status: 'waitlisted',
        waitlist_rank: head + i,
        waitlisted_at: new Date(),
        ...(dropGroup ? { group_id: null } : {}),
      })
      await settle(e, 'waitlisted')
      events.push(enrollmentEvent('enrollment.waitlisted', row, program, { previous_status: e.status, waitlist_position: i + 1, reason: why.reason }))
      audit.push({ id: e.id, action: 'enrollment.waitlisted', previous: e.status })
    }
    if (dropGroup) for (const e of stranded.filter((x) => !holdsSeat(x.status))) await repo.updateEnrollment(scope, e.id, { group_id: null })
  }
  for (const a of audit)
    await recordAudit(scope, {
      action: a.action,
      objectType: 'enrollment',
      objectId: toApiId(prefixes.enrollment, a.id),
      details: { previous_status: a.previous, reason: why.reason },
    })
  await appendFeedEvents(scope, events)
}
