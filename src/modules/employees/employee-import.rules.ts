import type { EmployeeStatus } from '../../db/tables/employees'
import { type ImportError, type RawRow, whereIs } from './employee-import.parse'
import { EmployeeImportRow, IMPORT_COLUMNS } from './employee-import.schemas'

/** A valid row: a key is present when the file gives that field (`null` clears it). */
export type ImportRow = {
  index: number
  line?: number
  employee_number: string
  name: string
  email?: string | null
  phone?: string | null
  department?: string | null
  status?: EmployeeStatus
}

const CLEARABLE = new Set(['email', 'phone', 'department'])
const FIELD_ORDER = new Map<string, number>(IMPORT_COLUMNS.map((c, i) => [c, i]))
const MAX_LINES_NAMED = 10

/**
 * An empty cell (or empty string) clears an optional field; an empty or null status keeps the
 * employee's status. Strings are trimmed. Anything else is left for the row schema to judge.
 */
const normalize = (fields: Record<string, unknown>) => {
  const out: Record<string, unknown> = Object.create(null) // a "__proto__" key stays a key (and an unknown field)
  for (const [key, raw] of Object.entries(fields)) {
    const value = typeof raw === 'string' ? raw.trim() : raw
    if (key === 'status' && (value === '' || value === null)) continue
    out[key] = value === '' && CLEARABLE.has(key) ? null : value
  }
  return out
}

const errorAt = (row: Pick<RawRow, 'index' | 'line'>, field: string | undefined, message: string): ImportError => ({
  path: field ? `${row.index}.${field}` : `${row.index}`,
  message: `${whereIs(row)}: ${field ? `${field}: ` : ''}${message}`,
  ...(field ? { field } : {}),
  row: row.index + 1,
  ...(row.line !== undefined ? { line: row.line } : {}),
})

const checkRow = (row: RawRow): { ok: ImportRow } | { errors: ImportError[] } => {
  if (row.unreadable) return { errors: [errorAt(row, undefined, row.unreadable)] }
  const fields = normalize(row.fields)
  const parsed = EmployeeImportRow.safeParse(fields)
  if (!parsed.success)
    return {
      errors: parsed.error.issues.flatMap((issue) =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => errorAt(row, key, `is not a field of an employee row (${IMPORT_COLUMNS.join(', ')})`))
          : [errorAt(row, String(issue.path[0] ?? ''), issue.message)],
      ),
    }
  const ok: ImportRow = { index: row.index, line: row.line, employee_number: parsed.data.employee_number, name: parsed.data.name }
  for (const key of ['email', 'phone', 'department'] as const) if (key in fields) ok[key] = parsed.data[key] ?? null
  if (parsed.data.status) ok.status = parsed.data.status
  return { ok }
}

/** The trimmed text of a field, for comparing rows (empty and non-text values have none). */
const keyText = (row: RawRow, field: string) => {
  const value = row.unreadable ? undefined : row.fields[field]
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

/** Each row of a group that shares one key gets an error naming where the others are. */
const duplicates = (rows: RawRow[], field: 'employee_number' | 'email', keyOf: (row: RawRow) => string | undefined) => {
  const groups = new Map<string, RawRow[]>()
  for (const row of rows) {
    const key = keyOf(row)
    if (key !== undefined) groups.set(key, [...(groups.get(key) ?? []), row])
  }
  return [...groups.values()]
    .filter((group) => group.length > 1)
    .flatMap((group) => {
      const places = group.slice(0, MAX_LINES_NAMED).map((r) => (r.line ?? r.index + 1).toString())
      const more = group.length > MAX_LINES_NAMED ? ` and ${group.length - MAX_LINES_NAMED} more` : ''
      const unit = group[0]?.line === undefined ? 'rows' : 'lines'
      return group.map((row) =>
        errorAt(row, field, `${keyText(row, field)} appears more than once in the file (${unit} ${places.join(', ')}${more}); each employee needs one row`),
      )
    })
}

export const byPosition = (a: ImportError, b: ImportError) =>
  (a.row ?? 0) - (b.row ?? 0) || (FIELD_ORDER.get(a.field ?? '') ?? 99) - (FIELD_ORDER.get(b.field ?? '') ?? 99)

/** Checks every row and the file as a whole (no employee number or e-mail twice); collects every error. */
export const checkImportRows = (raw: RawRow[]) => {
  const rows: ImportRow[] = []
  const errors: ImportError[] = []
  for (const row of raw) {
    const result = checkRow(row)
    if ('ok' in result) rows.push(result.ok)
    else errors.push(...result.errors)
  }
  errors.push(
    ...duplicates(raw, 'employee_number', (r) => keyText(r, 'employee_number')),
    ...duplicates(raw, 'email', (r) => keyText(r, 'email')?.toLowerCase()),
  )
  return { rows, errors: errors.sort(byPosition), total: raw.length }
}

export type CheckedImport = ReturnType<typeof checkImportRows>
