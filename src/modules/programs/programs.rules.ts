/**
 * Pure domain rules of programs: ages, lengths and service days. Dates are `YYYY-MM-DD` calendar dates
 * (in the tenant's time zone); nothing here reads a clock or a time zone.
 */
import { addDays, daysBetween, isoWeekday } from '../../lib/time'

export type MeasuredOn = 'program_start' | 'cutoff_date'
export type AgeRule = { min_age: number; max_age: number; measured_on: MeasuredOn; cutoff_date?: string | null }

const parts = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return { y, m, d }
}

/**
 * Full years completed on `on` by a child born on `born`. A birthday is reached on the same month
 * and day; a 29 February birthday is reached on 1 March in common years (on 29 February in leap years).
 */
export const ageOn = (born: string, on: string): number => {
  const b = parts(born)
  const o = parts(on)
  const birthdayReached = o.m > b.m || (o.m === b.m && o.d >= b.d)
  return o.y - b.y - (birthdayReached ? 0 : 1)
}

/** The date the rule measures age on: the program's first day, or the rule's fixed cut-off date. */
export const measuringDate = (rule: AgeRule, startsOn: string | null): string | null =>
  rule.measured_on === 'cutoff_date' ? (rule.cutoff_date ?? null) : startsOn

export type AgeCheck = { age: number; measured_on: string; eligible: boolean }

/** Whether a child born on `born` fits the rule; null when the rule measures on a start date not set yet. */
export const checkAge = (born: string, rule: AgeRule, startsOn: string | null): AgeCheck | null => {
  const on = measuringDate(rule, startsOn)
  if (on === null) return null
  const age = ageOn(born, on)
  return { age, measured_on: on, eligible: age >= rule.min_age && age <= rule.max_age }
}

/** "child is 8 on 2027-07-05; this program takes ages 3–7" */
export const describeAgeCheck = (check: AgeCheck, rule: AgeRule) =>
  `child is ${check.age} on ${check.measured_on}; this program takes ages ${rule.min_age}–${rule.max_age}`

/** The last day of a program of `weeks` weeks: 7 × weeks days counting the first. */
export const endsOnFor = (startsOn: string, weeks: number) => addDays(startsOn, 7 * weeks - 1)

/** The weeks a program spans, rounded up: Monday of week 1 to Friday of week 6 is 6 weeks. */
export const lengthWeeksOf = (startsOn: string, endsOn: string) => Math.ceil((daysBetween(startsOn, endsOn) + 1) / 7)

/** A program runs at most this many days, first and last included. */
export const MAX_PROGRAM_DAYS = 366

export type ServiceSchedule = { starts_on: string; ends_on: string; operating_weekdays: number[]; closure_dates: string[] }

/** The days care is given: operating weekdays between the dates, both included, minus closures; in order. */
export const serviceDays = (s: ServiceSchedule): string[] => {
  const closed = new Set(s.closure_dates)
  const open = new Set(s.operating_weekdays)
  const days: string[] = []
  const count = daysBetween(s.starts_on, s.ends_on)
  for (let i = 0; i <= count && i < MAX_PROGRAM_DAYS; i++) {
    const day = addDays(s.starts_on, i)
    if (open.has(isoWeekday(day)) && !closed.has(day)) days.push(day)
  }
  return days
}

export type ProgramStatus = 'draft' | 'published' | 'closed' | 'archived'
export type LifecycleAction = 'publish' | 'close' | 'archive'

/** The lifecycle: each action, the statuses it starts from, where it leads and the timestamp it sets. */
export const LIFECYCLE = {
  publish: { from: ['draft'], to: 'published', stamp: 'published_at' },
  close: { from: ['published'], to: 'closed', stamp: 'closed_at' },
  archive: { from: ['draft', 'closed'], to: 'archived', stamp: 'archived_at' },
} as const satisfies Record<LifecycleAction, { from: readonly ProgramStatus[]; to: ProgramStatus; stamp: string }>

/** Programs in these statuses can still be changed (closed and archived ones are history). */
export const isEditable = (status: ProgramStatus) => status === 'draft' || status === 'published'
