import ical from 'ical-generator'
import { prefixes, toApiId } from '../../lib/ids'
import { zonedInstant } from '../../lib/time'
import { serviceDays } from '../programs'
import type { SeatRow } from './calendar.repo'

export type CalendarInput = { name: string; timeZone: string; seats: SeatRow[]; absent: { enrollment_id: string; date: string }[] }

const REFRESH_SECONDS = 3600

/**
 * The employee's private calendar (RFC 5545): one event per service day of each child's seat, at the
 * program's hours (instants in UTC, read in the tenant's time zone), marked when the child is reported
 * absent; and one all-day event per closure date of each program. UIDs are stable, so calendar
 * applications update events in place.
 */
export const employeeCalendarIcs = ({ name, timeZone, seats, absent }: CalendarInput) => {
  const cal = ical({ name, ttl: REFRESH_SECONDS, prodId: { company: 'Tuoguan', product: 'employee-calendar', language: 'EN' } })
  const absentOn = new Set(absent.map((a) => `${a.enrollment_id}:${a.date}`))
  const closuresDone = new Set<string>()
  for (const s of seats) {
    if (s.starts_on === null || s.ends_on === null) continue
    const enrollmentId = toApiId(prefixes.enrollment, s.id)
    const location = s.site_name && s.site_address ? `${s.site_name}, ${s.site_address}` : null
    const days = serviceDays({ starts_on: s.starts_on, ends_on: s.ends_on, operating_weekdays: s.operating_weekdays, closure_dates: s.closure_dates })
    const stamp = new Date(Math.max(s.updated_at.getTime(), s.program_updated_at.getTime()))
    for (const day of days) {
      const isAbsent = absentOn.has(`${s.id}:${day}`)
      cal.createEvent({
        id: `${day}.${enrollmentId}@tuoguan`,
        summary: `${s.child_name} · ${s.program_name}${isAbsent ? ' (absent)' : ''}`,
        ...(s.opens_at && s.closes_at
          ? { start: zonedInstant(day, s.opens_at.slice(0, 5), timeZone), end: zonedInstant(day, s.closes_at.slice(0, 5), timeZone) }
          : { start: day, allDay: true }),
        location,
        description: isAbsent ? 'Reported absent.' : null,
        stamp,
      })
    }
    if (closuresDone.has(s.program_id)) continue
    closuresDone.add(s.program_id)
    const programId = toApiId(prefixes.program, s.program_id)
    for (const day of [...s.closure_dates].sort())
      cal.createEvent({ id: `closed.${day}.${programId}@tuoguan`, summary: `Closed: ${s.program_name}`, start: day, allDay: true, location, stamp })
  }
  return cal.toString()
}
