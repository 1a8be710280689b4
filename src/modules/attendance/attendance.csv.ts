/** CSV (RFC 4180) for spreadsheets: UTF-8 with a byte-order mark, CRLF, cells quoted when needed. */
import type { RecordedPerson } from '../../db/tables/attendance'

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with an apostrophe. */
const cell = (value: string | number | boolean | null) => {
  if (value === null) return ''
  let s = String(value)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export const toCsv = (header: string[], rows: (string | number | boolean | null)[][]) =>
  `\ufeff${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`

const formatters = new Map<string, Intl.DateTimeFormat>()

/** An instant as local RFC 3339 with the zone's offset, e.g. 2027-07-05T08:12:00+08:00. */
export const localTimestamp = (instant: Date, timeZone: string) => {
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
      timeZoneName: 'longOffset',
    })
    formatters.set(timeZone, f)
  }
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]))
  const offset = (p.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00'
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${offset}`
}

export const personCell = (p: RecordedPerson | null) => {
  if (p === null) return null
  if (p.kind === 'guardian') return 'guardian'
  return p.relation ? `${p.name} (${p.relation})` : p.name
}
