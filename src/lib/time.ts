/** Wall-clock conversions in an IANA time zone, on Intl alone (the same on Node and Workers), and calendar-date arithmetic. */

const formatters = new Map<string, Intl.DateTimeFormat>()
const formatter = (timeZone: string) => {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(timeZone, f)
  }
  return f
}

const wallClock = (instant: Date, timeZone: string) => {
  const p = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((x) => [x.type, x.value]),
  )
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour), min: Number(p.minute), s: Number(p.second) }
}

/** The calendar date, `YYYY-MM-DD`, that `instant` falls on in `timeZone`. */
export const localDateOf = (instant: Date, timeZone: string) => {
  const w = wallClock(instant, timeZone)
  return `${String(w.y).padStart(4, '0')}-${String(w.m).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`
}

/** Milliseconds `timeZone` is ahead of UTC at `instant`. */
const offsetAt = (instant: number, timeZone: string) => {
  const w = wallClock(new Date(instant), timeZone)
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s) - Math.floor(instant / 1000) * 1000
}

/** The instant a wall clock in `timeZone` shows `date` at `time` (`HH:MM`); in a DST gap, the later offset's reading. */
export const zonedInstant = (date: string, time: string, timeZone: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const [h, min] = time.split(':').map(Number) as [number, number]
  const asUtc = Date.UTC(y, m - 1, d, h, min)
  const first = asUtc - offsetAt(asUtc, timeZone)
  return new Date(asUtc - offsetAt(first, timeZone))
}

/** An instant as local RFC 3339 with the zone's offset, e.g. 2027-07-05T08:12:00+08:00. */
export const localTimestamp = (instant: Date, timeZone: string) => {
  const w = wallClock(instant, timeZone)
  const offsetMinutes = Math.round(offsetAt(instant.getTime(), timeZone) / 60_000)
  const sign = offsetMinutes < 0 ? '-' : '+'
  const abs = Math.abs(offsetMinutes)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${localDateOf(instant, timeZone)}T${two(w.h)}:${two(w.min)}:${two(w.s)}${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`
}

// Calendar dates, `YYYY-MM-DD`, with no time zone: arithmetic on the date alone.

const toUtc = (date: string) => {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return Date.UTC(y, m - 1, d)
}
const DAY_MS = 86_400_000
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10)

export const addDays = (date: string, days: number) => fromUtc(toUtc(date) + days * DAY_MS)

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string) => Math.round((toUtc(to) - toUtc(from)) / DAY_MS)

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export const isoWeekday = (date: string) => ((new Date(toUtc(date)).getUTCDay() + 6) % 7) + 1

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export type Weekday = (typeof WEEKDAYS)[number]
export const weekdayNumber = (day: Weekday) => WEEKDAYS.indexOf(day) + 1
export const weekdayName = (iso: number): Weekday => WEEKDAYS[iso - 1] as Weekday
