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

export const personCell = (p: RecordedPerson | null) => {
  if (p === null) return null
  if (p.kind === 'guardian') return 'guardian'
  return p.relation ? `${p.name} (${p.relation})` : p.name
}
