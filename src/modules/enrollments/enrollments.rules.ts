/**
 * Pure rules of enrolling: who may enroll (every reason why not), where a child is placed (a seat,
 * a group, or the waitlist) and whom a freed seat promotes. The enrollment POST, the eligibility
 * preview and the promotions all decide with these functions; nothing here reads a clock or a database.
 */
import { type AgeCheck, type AgeRule, checkAge, describeAgeCheck } from '../programs'

export const LIVE_STATUSES = ['confirmed', 'waitlisted', 'awaiting_payment'] as const
/** Statuses that hold a seat (a place awaiting payment is held for the child). */
export const SEAT_STATUSES = ['confirmed', 'awaiting_payment'] as const
export type LiveStatus = (typeof LIVE_STATUSES)[number]

export const REASON_CODES = [
  'employee_not_active',
  'program_not_published',
  'program_closed',
  'registration_not_open',
  'registration_closed',
  'too_young',
  'too_old',
  'group_age',
  'no_group_for_age',
  'per_employee_limit',
  'already_enrolled',
] as const
export type ReasonCode = (typeof REASON_CODES)[number]

/** Why a child may not enroll: a stable code, words, and the request field it concerns. */
export type Reason = { code: ReasonCode; message: string; field: 'employee' | 'program_id' | 'child_id' | 'group_id' }

export type Band = { min_age: number; max_age: number }
export type GroupBand = Band & { id: string; name: string }

export type ProgramFacts = {
  status: 'draft' | 'published' | 'closed' | 'archived'
  starts_on: string | null
  age_rule: AgeRule | null
  registration: { opens_at: Date; closes_at: Date } | null
  max_children_per_employee: number | null
}

export type EligibilityInput = {
  program: ProgramFacts
  /** The program's groups (empty: the program has none). */
  groups: GroupBand[]
  /** The group the request names, already found among the program's groups. */
  requestedGroup: GroupBand | null
  child: { date_of_birth: string }
  employeeStatus: 'active' | 'on_leave' | 'left'
  /** Live enrollments (seat or waitlist) the employee holds in the program for their other children. */
  otherChildrenEnrolled: number
  childEnrolled: boolean
  now: Date
}

export type Eligibility = { eligible: boolean; age: AgeCheck | null; reasons: Reason[] }

const inBand = (age: number, band: Band) => age >= band.min_age && age <= band.max_age

/** Groups in the order a child is placed into them: youngest band first, then by name. */
export const placementOrder = <G extends GroupBand>(groups: G[]) =>
  [...groups].sort((a, b) => a.min_age - b.min_age || a.max_age - b.max_age || a.name.localeCompare(b.name))

/** Every reason the child may not enroll now, in a stable order; none means eligible. */
export const eligibility = (input: EligibilityInput): Eligibility => {
  const { program, now } = input
  const reasons: Reason[] = []
  const add = (code: ReasonCode, field: Reason['field'], message: string) => reasons.push({ code, field, message })

  if (input.employeeStatus !== 'active')
    add('employee_not_active', 'employee', `the employee is ${input.employeeStatus}; only active employees may enroll children`)

  if (program.status === 'draft') add('program_not_published', 'program_id', 'the program is not published yet')
  else if (program.status !== 'published') add('program_closed', 'program_id', `the program is ${program.status}; it takes no more enrollments`)
  else if (program.registration === null) add('registration_not_open', 'program_id', 'the program has no registration window')
  else if (now < program.registration.opens_at)
    add('registration_not_open', 'program_id', `registration opens at ${program.registration.opens_at.toISOString()}`)
  else if (now >= program.registration.closes_at)
    add('registration_closed', 'program_id', `registration closed at ${program.registration.closes_at.toISOString()}`)

  const age = program.age_rule ? checkAge(input.child.date_of_birth, program.age_rule, program.starts_on) : null
  if (age && program.age_rule && !age.eligible)
    add(age.age < program.age_rule.min_age ? 'too_young' : 'too_old', 'child_id', describeAgeCheck(age, program.age_rule))

  if (age && input.requestedGroup && !inBand(age.age, input.requestedGroup)) {
    const g = input.requestedGroup
    add('group_age', 'group_id', `child is ${age.age} on ${age.measured_on}; group ${g.name} takes ages ${g.min_age}–${g.max_age}`)
  } else if (age?.eligible && !input.requestedGroup && input.groups.length > 0 && !input.groups.some((g) => inBand(age.age, g)))
    add('no_group_for_age', 'child_id', `child is ${age.age} on ${age.measured_on}; no group of this program takes that age`)

  const limit = program.max_children_per_employee
  if (limit !== null && input.otherChildrenEnrolled >= limit)
    add(
      'per_employee_limit',
      'child_id',
      `an employee may enroll ${limit} ${limit === 1 ? 'child' : 'children'} in this program; ${input.otherChildrenEnrolled} already ${input.otherChildrenEnrolled === 1 ? 'holds' : 'hold'} a place`,
    )

  if (input.childEnrolled) add('already_enrolled', 'child_id', 'the child is already enrolled or waitlisted in this program')
  return { eligible: reasons.length === 0, age, reasons }
}

export type GroupSeats = GroupBand & { capacity: number; taken: number }
/**
 * The program's seats (capacity and seats held) and its groups' seats, as counted under the program's
 * lock, and the program's age band (a child outside it gets no seat: after the band narrowed, they wait).
 */
export type Seats = { capacity: number; taken: number; groups: GroupSeats[]; band: Band | null }
export type Placement = { status: 'confirmed' | 'waitlisted'; group_id: string | null }

/**
 * Where a child of `age` goes: a seat when the program has one free (and the child is within its band) and, in a program with groups,
 * the requested group (or else the first group of the child's age, in placement order) has one;
 * otherwise the waitlist, keeping the requested group.
 */
export const place = (seats: Seats, age: number | null, requestedGroupId: string | null): Placement => {
  const waitlisted = { status: 'waitlisted' as const, group_id: requestedGroupId }
  if (seats.taken >= seats.capacity) return waitlisted
  if (age !== null && seats.band !== null && !inBand(age, seats.band)) return waitlisted
  if (seats.groups.length === 0) return { status: 'confirmed', group_id: null }
  const free = (g: GroupSeats) => g.taken < g.capacity
  if (requestedGroupId !== null) {
    const group = seats.groups.find((g) => g.id === requestedGroupId)
    return group && free(group) ? { status: 'confirmed', group_id: group.id } : waitlisted
  }
  const group = age === null ? undefined : placementOrder(seats.groups).find((g) => inBand(age, g) && free(g))
  return group ? { status: 'confirmed', group_id: group.id } : waitlisted
}

export type Waiting = { id: string; age: number | null; group_id: string | null }
export type Promotion = { id: string; group_id: string | null }

/**
 * Whom the free seats promote: walking the waitlist in order, each child a free seat can take (a
 * program seat and, with groups, a seat in their group or a group of their age), until the program
 * is full. Without groups this is strictly the head of the waitlist.
 */
export const promotions = (seats: Seats, waitlist: Waiting[]): Promotion[] => {
  const state: Seats = { ...seats, groups: seats.groups.map((g) => ({ ...g })) }
  const promoted: Promotion[] = []
  for (const w of waitlist) {
    if (state.taken >= state.capacity) break
    const p = place(state, w.age, w.group_id)
    if (p.status !== 'confirmed') continue
    promoted.push({ id: w.id, group_id: p.group_id })
    state.taken += 1
    const group = state.groups.find((g) => g.id === p.group_id)
    if (group) group.taken += 1
  }
  return promoted
}
