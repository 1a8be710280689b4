/**
 * Pure rules of absences: which requested dates a guardian may report (service days of the child's
 * confirmed enrollments, from today on) and until when a report can be withdrawn. Dates are
 * calendar dates in the tenant's time zone; `today` is passed in.
 */
import type { FieldError } from '../../lib/errors'
import { serviceDays } from '../programs'

export type Enrolled = { enrollmentId: string; schedule: { starts_on: string; ends_on: string; operating_weekdays: number[]; closure_dates: string[] } }
export type PlannedAbsence = { date: string; enrollmentId: string }
export type AbsenceProblem = FieldError & { kind: 'past' | 'not_a_service_day' }

/**
 * One absence per requested date and enrollment whose program serves the child that day (a child
 * in two programs on one day is absent from both). A date before today, or on which no program of
 * the child gives care, is a problem naming its index.
 */
export const planAbsences = (dates: string[], today: string, enrolled: Enrolled[]) => {
  const days = enrolled.map((e) => ({ enrollmentId: e.enrollmentId, days: new Set(serviceDays(e.schedule)) }))
  const problems: AbsenceProblem[] = []
  const planned: PlannedAbsence[] = []
  dates.forEach((date, i) => {
    const path = `dates.${i}`
    if (date < today) {
      problems.push({ kind: 'past', path, message: `${date} is in the past (today is ${today}); absences are reported from today on` })
      return
    }
    const serving = days.filter((d) => d.days.has(date))
    if (serving.length === 0)
      problems.push({ kind: 'not_a_service_day', path, message: `${date} is not a service day of any program the child is confirmed in` })
    for (const s of serving) planned.push({ date, enrollmentId: s.enrollmentId })
  })
  return { problems, planned }
}

/** A reported absence can be withdrawn until the day before it: on the day, the provider has planned without the child. */
export const mayWithdraw = (date: string, today: string) => date > today
