/**
 * A program's day sheet, built from what the repo reads: for each day, each child expected (or
 * present) with their absence report and attendance, and the day's status. Pure: the roster, HR's
 * attendance day and the provider's export all read days through it.
 */
import { type DayStatus, dayStatus, type EnrollmentSpan, expectedOn } from './roster.rules'

export type SheetEnrollment = EnrollmentSpan & { id: string; child_id: string; name: string; group_name: string | null; group_min_age: number | null }
export type SheetAttendance = { enrollment_id: string; child_id: string; date: string; checked_in_at: Date; checked_out_at: Date | null }
export type SheetRow<E, A> = { date: string; enrollment: E; absent: boolean; attendance: A | null; status: DayStatus }

/** Groups youngest first (children without a group last), then by name; children by name. */
const byGroupThenName = <E extends SheetEnrollment>({ enrollment: a }: { enrollment: E }, { enrollment: b }: { enrollment: E }) =>
  (a.group_min_age ?? 99) - (b.group_min_age ?? 99) ||
  (a.group_name ?? '').localeCompare(b.group_name ?? '') ||
  a.name.localeCompare(b.name) ||
  a.child_id.localeCompare(b.child_id)

/** The rows of each day, in date order, children by group (youngest first) then name. */
export const buildSheet = <E extends SheetEnrollment, A extends SheetAttendance>(
  dates: string[],
  enrollments: E[],
  absences: { enrollment_id: string; date: string }[],
  attendance: A[],
): SheetRow<E, A>[] => {
  const absent = new Set(absences.map((a) => `${a.enrollment_id}|${a.date}`))
  const present = new Map(attendance.map((a) => [`${a.child_id}|${a.date}`, a]))
  return dates.flatMap((date) => {
    // A child counts once a day: under the enrollment holding its attendance, else the latest confirmed one.
    const chosen = new Map<string, E>()
    for (const e of enrollments) {
      const holder = present.get(`${e.child_id}|${date}`)?.enrollment_id
      if (holder !== e.id && !expectedOn(e, date)) continue
      const other = chosen.get(e.child_id)
      if (other && (holder === other.id || (holder !== e.id && (other.confirmed_on ?? '') >= (e.confirmed_on ?? '')))) continue
      chosen.set(e.child_id, e)
    }
    return [...chosen.values()]
      .map((enrollment) => {
        const attendanceOfDay = present.get(`${enrollment.child_id}|${date}`) ?? null
        const isAbsent = absent.has(`${enrollment.id}|${date}`)
        const status = dayStatus({ absent: isAbsent, checkedIn: attendanceOfDay !== null, checkedOut: attendanceOfDay?.checked_out_at != null })
        return { date, enrollment, absent: isAbsent, attendance: attendanceOfDay, status }
      })
      .sort(byGroupThenName)
  })
}
