import { z } from '@hono/zod-openapi'

/**
 * The field rules every schema builds on, so that input the database cannot hold (a NUL, a lone
 * surrogate, a year Postgres or date arithmetic cannot reach) is a 422 naming the field, never a
 * 500. docs/conventions.md lists them; the contract shows each as a pattern.
 */

/** No C0 control character and no DEL: names, titles, labels. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const SINGLE_LINE = /^[^\u0000-\u001f\u007f]*$/
/** Multi-line text may also carry tab, line feed and carriage return. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const MULTI_LINE = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

export const SINGLE_LINE_MESSAGE = 'must not contain control characters or line breaks'
export const MULTI_LINE_MESSAGE = 'must not contain control characters other than tab and line breaks'
export const SURROGATE_MESSAGE = 'must be well-formed Unicode (no lone surrogates)'
export const NUL_MESSAGE = 'must not contain NUL characters or lone surrogates'

/** True when the string is well-formed UTF-16: every surrogate is half of a pair. */
export const isWellFormed = (value: string) => !LONE_SURROGATE.test(value)

/** True when no text column could store the string: a NUL, or a lone surrogate (invalid UTF-8). */
export const isUnstorable = (value: string) => value.includes('\u0000') || !isWellFormed(value)

export type TextOptions = {
  /** The most characters (UTF-16 code units, as zod counts), after trimming. */
  max: number
  /** The fewest characters after trimming; 1 by default (blank text is no text). */
  min?: number
  /** Allows tab, line feed and carriage return. */
  multiline?: boolean
  /** Trims surrounding whitespace before the length rules (default); off for secrets and tokens. */
  trim?: boolean
}

/**
 * Client text: trimmed, bounded, without control characters (tab and line breaks only where
 * `multiline`), well-formed Unicode.
 */
export const text = ({ max, min = 1, multiline = false, trim = true }: TextOptions) => {
  let schema = z.string()
  if (trim) schema = schema.trim()
  if (min > 0) schema = schema.min(min)
  return withTextRules(schema.max(max), { multiline })
}

/** Adds the character rules of `text()` to a string schema that has its own messages or bounds. */
export const withTextRules = <S extends z.ZodString | z.ZodStringFormat>(schema: S, { multiline = false }: { multiline?: boolean } = {}): S =>
  schema.regex(multiline ? MULTI_LINE : SINGLE_LINE, multiline ? MULTI_LINE_MESSAGE : SINGLE_LINE_MESSAGE).refine(isWellFormed, SURROGATE_MESSAGE) as S

/** The calendar dates the API accepts: every stored or computed date stays inside them. */
export const MIN_DATE = '1900-01-01'
export const MAX_DATE = '2199-12-31'
export const DATE_RANGE_MESSAGE = `must be a date from ${MIN_DATE} to ${MAX_DATE}`
const YMD = /^\d{4}-\d{2}-\d{2}/
const YEAR_PATTERN = '^(19|20|21)[0-9]{2}-'

/** True when the date (`YYYY-MM-DD`, or an RFC 3339 instant by its date) is inside the API's range. */
export const isInDateRange = (date: string) => {
  const day = date.slice(0, 10)
  return day >= MIN_DATE && day <= MAX_DATE
}

/** A calendar date, `YYYY-MM-DD`, from 1900-01-01 to 2199-12-31. */
export const isoDate = (formatMessage?: string) =>
  z.iso
    .date(formatMessage)
    // A malformed date is reported by the format check alone.
    .refine((value) => !YMD.test(value) || isInDateRange(value), DATE_RANGE_MESSAGE)
    .openapi({ pattern: `${YEAR_PATTERN}[0-9]{2}-[0-9]{2}$` })

/** An instant, RFC 3339 with an offset, whose date lies from 1900-01-01 to 2199-12-31. */
export const instant = () =>
  z.iso
    .datetime({ offset: true })
    .refine((value) => !YMD.test(value) || isInDateRange(value), `must be an instant from ${MIN_DATE} to ${MAX_DATE}`)
    .openapi({ pattern: `${YEAR_PATTERN}[0-9]{2}-[0-9]{2}T` })

/** A whole number within bounds (zod's `int()` also stays within the safe integers). */
export const integer = ({ min, max }: { min: number; max: number }, message?: string) => z.number().int().min(min, message).max(max, message)

/** A query parameter that is a whole number within bounds. */
export const queryInteger = ({ min, max }: { min: number; max: number }) => z.coerce.number().int().min(min).max(max)

/**
 * The first string (value or key) in validated input that no text column can hold, with its path:
 * the last line of defence for a field declared with a bare `z.string()`.
 */
export const firstUnstorable = (value: unknown, path: (string | number)[] = []): (string | number)[] | undefined => {
  if (typeof value === 'string') return isUnstorable(value) ? path : undefined
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstUnstorable(value[i], [...path, i])
      if (found) return found
    }
    return undefined
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      if (isUnstorable(key)) return [...path, key]
      const found = firstUnstorable(item, [...path, key])
      if (found) return found
    }
  }
  return undefined
}
