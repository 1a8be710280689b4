/**
 * The one place that protects enrolled children from program changes that would strand them:
 * narrowing the age rule, moving the dates, cutting capacity (of a program or a group), removing
 * a group. Such a change is refused with 409 `enrollments_affected`, naming how many enrollments
 * each part strands, unless the request says how to resolve them (`affected_enrollments`).
 *
 * What is here: detecting the changes (pure), the refusal, the resolution's validation, and the
 * calls into the enrollments module (`programs.hooks`, which it registers), which finds the stranded
 * enrollments and moves them as the resolution says.
 */
import type { TenantData, TenantScope } from '../../db/tenant'
import { ApiError } from '../../lib/errors'
import { enrollmentHooks, type Stranding, type StrandScope } from './programs.hooks'
import { type AgeRule, measuringDate } from './programs.rules'
import type { ProgramState } from './programs.state'

/**
 * - `keep`: affected enrollments stay as they are (children outside a narrowed band keep their
 *   seat; enrollments follow moved dates). It cannot resolve a capacity cut: that would oversell.
 * - `waitlist`: affected enrollments go back to the head of the waitlist, most recently confirmed first.
 * - `withdraw`: affected enrollments are withdrawn, and the providers' feed says so.
 */
export const RESOLUTIONS = ['keep', 'waitlist', 'withdraw'] as const
export type Resolution = (typeof RESOLUTIONS)[number]

export type Band = { min_age: number; max_age: number }

export type StrandingChange =
  | { kind: 'age_rule_narrowed'; before: Band & { measured_on: string | null }; after: (Band & { measured_on: string | null }) | null }
  | { kind: 'dates_moved'; before: { starts_on: string; ends_on: string }; after: { starts_on: string | null; ends_on: string | null } }
  | { kind: 'capacity_cut'; before: number; after: number | null }
  | { kind: 'group_removed' }

const narrowed = (before: Band & { measured_on: string | null }, after: (Band & { measured_on: string | null }) | null) =>
  after === null || after.min_age > before.min_age || after.max_age < before.max_age || after.measured_on !== before.measured_on

const measured = (rule: AgeRule | null, startsOn: string | null) => rule && { ...rule, measured_on: measuringDate(rule, startsOn) }

/** Which parts of a program change could strand enrolled children. */
export const programStrandingChanges = (before: ProgramState, after: ProgramState): StrandingChange[] => {
  const changes: StrandingChange[] = []
  const ruleBefore = measured(before.age_rule, before.starts_on)
  const ruleAfter = measured(after.age_rule, after.starts_on)
  if (ruleBefore && narrowed(ruleBefore, ruleAfter)) changes.push({ kind: 'age_rule_narrowed', before: ruleBefore, after: ruleAfter })
  if (before.starts_on !== null && before.ends_on !== null && (after.starts_on !== before.starts_on || after.ends_on !== before.ends_on))
    changes.push({
      kind: 'dates_moved',
      before: { starts_on: before.starts_on, ends_on: before.ends_on },
      after: { starts_on: after.starts_on, ends_on: after.ends_on },
    })
  if (before.capacity !== null && (after.capacity === null || after.capacity < before.capacity))
    changes.push({ kind: 'capacity_cut', before: before.capacity, after: after.capacity })
  return changes
}

/** Which parts of a group change (or its removal, `after` null) could strand the children in it. */
export const groupStrandingChanges = (before: Band & { capacity: number }, after: (Band & { capacity: number }) | null): StrandingChange[] => {
  if (after === null) return [{ kind: 'group_removed' }]
  const changes: StrandingChange[] = []
  if (after.min_age > before.min_age || after.max_age < before.max_age)
    changes.push({ kind: 'age_rule_narrowed', before: { ...before, measured_on: null }, after: { ...after, measured_on: null } })
  if (after.capacity < before.capacity) changes.push({ kind: 'capacity_cut', before: before.capacity, after: after.capacity })
  return changes
}

export type Affected = { change: StrandingChange; count: number }

/** The change as the enrollments' stranding rules read it. */
const strandingOf = (change: StrandingChange): Stranding => {
  switch (change.kind) {
    case 'age_rule_narrowed':
      return {
        kind: change.kind,
        band: change.after && { min_age: change.after.min_age, max_age: change.after.max_age },
        measuredOn: change.after?.measured_on ?? null,
      }
    case 'capacity_cut':
      return { kind: change.kind, capacity: change.after }
    default:
      return { kind: change.kind }
  }
}

/**
 * How many enrollments (confirmed, awaiting payment or waitlisted; for a capacity cut, the confirmed
 * seats beyond the new capacity) each change strands. Runs under the program's row lock.
 */
export const countStrandedEnrollments = async (scope: TenantData, target: StrandScope, changes: StrandingChange[]): Promise<Affected[]> => {
  const affected: Affected[] = []
  for (const change of changes) affected.push({ change, count: await enrollmentHooks().countStranded(scope, target, strandingOf(change)) })
  return affected
}

/** Why the enrollments of a resolved change ended or went back to the waitlist (their `end_reason`, the feed's `reason`). */
const reasonOf = (change: StrandingChange) => {
  switch (change.kind) {
    case 'age_rule_narrowed':
      return change.after
        ? `program changed: ages ${change.after.min_age}–${change.after.max_age}${change.after.measured_on ? ` on ${change.after.measured_on}` : ''}`
        : 'program changed: age rule'
    case 'dates_moved':
      return `program changed: dates ${change.after.starts_on ?? '?'} to ${change.after.ends_on ?? '?'}`
    case 'capacity_cut':
      return `capacity cut to ${change.after ?? 0}`
    case 'group_removed':
      return 'group removed'
  }
}

/**
 * Applies the resolution to the stranded enrollments, in the transaction of the change, one change
 * after the other (each recounted after the previous one's resolution). `waitlist` cannot resolve
 * moved dates: every enrollment would wait for seats that are free. Each moved enrollment is
 * audited, as the scope's actor.
 */
export const resolveStrandedEnrollments = async (scope: TenantScope, target: StrandScope, affected: Affected[], resolution: Resolution) => {
  if (resolution === 'keep') return
  const moved = affected.find((a) => a.change.kind === 'dates_moved')
  if (resolution === 'waitlist' && moved)
    throw new ApiError(
      'enrollments_affected',
      `affected_enrollments=waitlist cannot resolve moved dates (${moved.count} enrollments): use keep (they follow the new dates) or withdraw.`,
      [{ path: 'dates_moved', message: describe(moved) }],
    )
  for (const { change } of affected) {
    await enrollmentHooks().resolveStranded(scope, target, strandingOf(change), resolution, reasonOf(change))
  }
}

const describe = ({ change, count }: Affected) => {
  const n = `${count} enrollment${count === 1 ? '' : 's'}`
  switch (change.kind) {
    case 'age_rule_narrowed':
      return `${n} outside the new age band`
    case 'dates_moved':
      return `${n} made for ${change.before.starts_on} to ${change.before.ends_on}`
    case 'capacity_cut':
      return `${n} beyond the new capacity ${change.after ?? 'of none'}`
    case 'group_removed':
      return `${n} in the group`
  }
}

/**
 * Refuses a change that strands enrollments unless `resolution` says how to resolve them; with
 * one, resolves them in the same transaction. A draft has no enrollments: nothing to check.
 */
export const guardEnrollments = async (scope: TenantScope, target: StrandScope, changes: StrandingChange[], resolution: Resolution | undefined) => {
  if (changes.length === 0) return
  const affected = (await countStrandedEnrollments(scope, target, changes)).filter((a) => a.count > 0)
  if (affected.length === 0) return
  const errors = affected.map((a) => ({ path: a.change.kind, message: describe(a) }))
  const total = affected.reduce((sum, a) => sum + a.count, 0)
  if (resolution === undefined)
    throw new ApiError(
      'enrollments_affected',
      `This change strands ${affected.map(describe).join('; ')}. Repeat it with affected_enrollments=keep, waitlist or withdraw to say how to resolve them.`,
      errors,
    )
  if (resolution === 'keep' && affected.some((a) => a.change.kind === 'capacity_cut' || a.change.kind === 'group_removed'))
    throw new ApiError(
      'enrollments_affected',
      `affected_enrollments=keep cannot resolve a capacity cut or a removed group (${total} enrollments); use waitlist or withdraw.`,
      errors,
    )
  await resolveStrandedEnrollments(scope, target, affected, resolution)
}
