import { parse } from 'csv-parse/sync'
import { ApiError } from '../../lib/errors'
import { IMPORT_COLUMNS, type ImportColumn, MAX_IMPORT_ROWS } from './employee-import.schemas'

export type ImportFormat = 'json' | 'csv'

/** A data row as read from the body, before its fields are checked. */
export type RawRow = {
  /** 0-based position among the data rows. */
  index: number
  /** CSV only: the line of the file where the row starts (the header is line 1). */
  line?: number
  fields: Record<string, unknown>
  /** Why the row cannot be read at all (then its fields are not checked). */
  unreadable?: string
}

/** A problem of one row (or of the CSV header, with path `header`). */
export type ImportError = { path: string; message: string; field?: string; row?: number; line?: number }

export const whereIs = (row: Pick<RawRow, 'index' | 'line'>) => (row.line === undefined ? `row ${row.index + 1}` : `line ${row.line}`)

const refused = (message: string, errors: ImportError[]) => new ApiError('invalid_request', message, errors)

/** The import format a Content-Type names; anything else answers 415. */
export const importFormatOf = (contentType: string | undefined): ImportFormat => {
  const [essence = '', ...params] = (contentType ?? '').split(';').map((part) => part.trim().toLowerCase())
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length)
  if (charset && !['utf-8', 'utf8', '"utf-8"'].includes(charset))
    throw new ApiError('unsupported_media_type', `The import reads UTF-8 only, not ${charset}; save the file as UTF-8 (in Excel: "CSV UTF-8").`)
  if (essence === 'application/json') return 'json'
  if (essence === 'text/csv') return 'csv'
  throw new ApiError('unsupported_media_type', `The import takes application/json or text/csv, not ${essence || 'a body without Content-Type'}.`)
}

const tooMany = (count: number) =>
  refused(`An import takes at most ${MAX_IMPORT_ROWS} rows; this one has ${count}. Split it into several requests.`, [
    { path: 'body', message: `has ${count} rows; at most ${MAX_IMPORT_ROWS}` },
  ])

const notUtf8 = () => refused('The body is not valid UTF-8; save the file as UTF-8 (in Excel: "CSV UTF-8").', [{ path: 'body', message: 'is not valid UTF-8' }])

/** The header's columns, or 422 naming every header problem at once. */
const columnsOf = (header: string[]): ImportColumn[] => {
  const names = header.map((h) => h.trim().toLowerCase())
  const errors: ImportError[] = []
  const known = new Set<string>(IMPORT_COLUMNS)
  names.forEach((name, i) => {
    if (!known.has(name))
      errors.push({ path: 'header', field: name, line: 1, message: `line 1: column ${i + 1} "${header[i]}" is not one of ${IMPORT_COLUMNS.join(', ')}` })
    else if (names.indexOf(name) !== i) errors.push({ path: 'header', field: name, line: 1, message: `line 1: column ${name} appears more than once` })
  })
  for (const required of ['employee_number', 'name'] as const)
    if (!names.includes(required)) errors.push({ path: 'header', field: required, line: 1, message: `line 1: the ${required} column is missing` })
  if (errors.length) throw refused(`The CSV header is not usable: ${errors.map((e) => e.message).join('; ')}.`, errors)
  return names as ImportColumn[]
}

type CsvRecord = { record: string[]; raw: string; info: { lines: number } }

/** CSV with a header row; the first line names the columns (any order, see IMPORT_COLUMNS). */
export const readCsv = (text: string): RawRow[] => {
  // csv-parse miscounts lines at CRLF inside quoted fields; plain LF keeps line numbers exact.
  const normalized = text.replace(/\r\n?/g, '\n')
  let records: CsvRecord[]
  try {
    records = parse(normalized, {
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
    }) as unknown as CsvRecord[]
  } catch (error) {
    const line = typeof error === 'object' && error !== null && 'lines' in error && typeof error.lines === 'number' ? error.lines : undefined
    const reason = error instanceof Error ? error.message.replace(/^[A-Za-z ]+: /, '') : 'the CSV cannot be read'
    throw refused(`The CSV cannot be read: ${reason}.`, [{ path: 'body', line, message: `${line ? `line ${line}: ` : ''}${reason}` }])
  }
  const [header, ...data] = records
  if (!header) throw refused('The CSV is empty: its first line must name the columns.', [{ path: 'header', line: 1, message: 'line 1: no header row' }])
  const columns = columnsOf(header.record)
  if (data.length > MAX_IMPORT_ROWS) throw tooMany(data.length)
  return data.map(({ record, raw, info }, index) => {
    const line = info.lines - (raw.replace(/\n$/, '').match(/\n/g)?.length ?? 0)
    const fields = Object.fromEntries(columns.map((column, i) => [column, record[i] ?? '']))
    const unreadable =
      record.length === columns.length ? undefined : `has ${record.length} fields; the header names ${columns.length} (a comma inside a value needs quotes)`
    return { index, line, fields, unreadable }
  })
}

/** A JSON array of row objects. */
export const readJson = (text: string): RawRow[] => {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new ApiError('malformed_request', 'The body is not well-formed JSON.')
  }
  if (!Array.isArray(body)) throw refused('The body must be a JSON array of employee rows.', [{ path: 'body', message: 'must be an array of employee rows' }])
  if (body.length > MAX_IMPORT_ROWS) throw tooMany(body.length)
  return body.map((item, index) => {
    const isObject = typeof item === 'object' && item !== null && !Array.isArray(item)
    return { index, fields: isObject ? (item as Record<string, unknown>) : {}, unreadable: isObject ? undefined : 'must be an object' }
  })
}

/** The rows of an import body, in either format; 422 when the body as a whole cannot be read. */
export const readImportBody = (format: ImportFormat, text: string) => {
  if (text.includes('\uFFFD')) throw notUtf8()
  return format === 'csv' ? readCsv(text) : readJson(text)
}
