import ical from 'ical-generator'
import { isoWeekday, weekdayName, weekdayNumber, zonedInstant } from '../../lib/time'
import type { ProgramView } from './programs.present'
import { serviceDays } from './programs.rules'

export type SiteLabel = { name: string; address: string } | null

/** The program's service days with their local hours and the instants they start and end. */
export const serviceCalendar = (program: ProgramView & { starts_on: string; ends_on: string }) => {
  const days = serviceDays({
    starts_on: program.starts_on,
    ends_on: program.ends_on,
    operating_weekdays: program.operating_weekdays.map(weekdayNumber),
    closure_dates: program.closure_dates,
  })
  const hours = program.daily_hours
  return {
    object: 'service_calendar' as const,
    program_id: program.id,
    time_zone: program.time_zone,
    starts_on: program.starts_on,
    ends_on: program.ends_on,
    operating_weekdays: program.operating_weekdays,
    closure_dates: program.closure_dates,
    service_day_count: days.length,
    days: days.map((date) => ({
      date,
      weekday: weekdayName(isoWeekday(date)),
      opens_at: hours?.opens_at ?? null,
      closes_at: hours?.closes_at ?? null,
      starts_at: hours ? zonedInstant(date, hours.opens_at, program.time_zone).toISOString() : null,
      ends_at: hours ? zonedInstant(date, hours.closes_at, program.time_zone).toISOString() : null,
    })),
  }
}

export type ServiceCalendarView = ReturnType<typeof serviceCalendar>

/** The same calendar as iCalendar (RFC 5545): one event per service day, in UTC, with a stable UID per day. */
export const serviceCalendarIcs = (program: ProgramView, calendar: ServiceCalendarView, site: SiteLabel) => {
  const cal = ical({ name: program.name, prodId: { company: 'Tuoguan', product: 'service-calendar', language: 'EN' } })
  for (const day of calendar.days) {
    cal.createEvent({
      id: `${day.date}.${program.id}@tuoguan`,
      summary: program.name,
      ...(day.starts_at && day.ends_at ? { start: new Date(day.starts_at), end: new Date(day.ends_at) } : { start: day.date, allDay: true }),
      location: site ? `${site.name}, ${site.address}` : null,
      description: program.description || null,
      stamp: new Date(program.updated_at),
    })
  }
  return cal.toString()
}
