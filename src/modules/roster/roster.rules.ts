/**
 * Pure rules of a program's days: which days are service days (and why another is not), who is
 * expected on a day, each child's standing on it and the day's summary. Dates are `YYYY-MM-DD`
 * on the tenant's calendar; nothing here reads a clock or a database.
 */
import type { AuthorizedPickup } from '../../db/tables/portal'
import { addDays, isoWeekday, weekdayName } from '../../lib/time'

export type Schedule = { starts_on: string | null; ends_on: string | null; operating_weekdays: number[]; closure_dates: string[] }

export type NotServiceDay = { reason: 'outside_program' | 'weekend' | 'not_an_operating_weekday' | 'closure'; message: string }

const dayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

/** Why `date` is not a service day of the program, or null when it is one. */
export const whyNotServiceDay = (s: Schedule, date: string): NotServiceDay | null => {
  if (s.starts_on === null || s.ends_on === null)
    return { reason: 'outside_program', message: `the program has no dates yet, so ${date} is not one of its days` }
  if (date < s.starts_on || date > s.ends_on)
    return { reason: 'outside_program', message: `${date} is outside the program, which runs ${s.starts_on} to ${s.ends_on}` }
  const weekday = isoWeekday(date)
  if (!s.operating_weekdays.includes(weekday)) {
    const runs = [...s.operating_weekdays].sort().map(weekdayName).join(', ')
    const day = dayNames[weekday - 1]
    return weekday >= 6
      ? { reason: 'weekend', message: `${date} is a ${day}, a weekend day; the program runs on ${runs}` }
      : { reason: 'not_an_operating_weekday', message: `${date} is a ${day}; the program runs on ${runs}` }
  }
  if (s.closure_dates.includes(date)) return { reason: 'closure', message: `${date} is a closure date of the program` }
  return null
}

/** The calendar days from `from` to `to`, both included. */
export const datesBetween = (from: string, to: string) => {
  const days: string[] = []
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d)
  return days
}

/** The service days of the program from `from` to `to`, both included. */
export const serviceDaysBetween = (s: Schedule, from: string, to: string) => datesBetween(from, to).filter((d) => whyNotServiceDay(s, d) === null)

/** An authorized pickup is valid on a day within its window (`valid_from` and `valid_until` both optional, both included). */
export const pickupValidOn = (p: AuthorizedPickup, date: string) =>
  (p.valid_from === undefined || p.valid_from <= date) && (p.valid_until === undefined || date <= p.valid_until)

export const pickupsValidOn = (pickups: AuthorizedPickup[], date: string) => pickups.filter((p) => pickupValidOn(p, date))

/** The facts of an enrollment that decide the days it is expected: its status and the local dates it was confirmed and ended. */
export type EnrollmentSpan = { status: string; confirmed_on: string | null; ended_on: string | null }

/**
 * A child is expected on a day when the enrollment held a confirmed seat that day: confirmed on or
 * before it, and still confirmed, or completed, or ended only after that day. A place awaiting
 * payment or on the waitlist is not expected.
 */
export const expectedOn = (e: EnrollmentSpan, date: string) => {
  if (e.confirmed_on === null || e.confirmed_on > date) return false
  if (e.status === 'confirmed' || e.status === 'completed') return true
  return (e.status === 'withdrawn' || e.status === 'cancelled') && e.ended_on !== null && e.ended_on > date
}

export type DayStatus = 'not_yet_arrived' | 'present' | 'picked_up' | 'absent'

/**
 * A child's standing on a day. Attendance wins over an absence report: a child reported absent who
 * arrives anyway is present (the report stays on record).
 */
export const dayStatus = (s: { absent: boolean; checkedIn: boolean; checkedOut: boolean }): DayStatus => {
  if (s.checkedOut) return 'picked_up'
  if (s.checkedIn) return 'present'
  return s.absent ? 'absent' : 'not_yet_arrived'
}

export type DaySummary = { enrolled: number; expected: number; not_yet_arrived: number; present: number; picked_up: number; absent: number }

/** The day's counts: expected = enrolled − absent = not yet arrived + present + picked up. */
export const summarize = (statuses: DayStatus[]): DaySummary => {
  const count = (s: DayStatus) => statuses.filter((x) => x === s).length
  const absent = count('absent')
  return {
    enrolled: statuses.length,
    expected: statuses.length - absent,
    not_yet_arrived: count('not_yet_arrived'),
    present: count('present'),
    picked_up: count('picked_up'),
    absent,
  }
}
