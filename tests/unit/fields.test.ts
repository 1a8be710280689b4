import type { z } from '@hono/zod-openapi'
import { describe, expect, it } from 'vitest'
import {
  DATE_RANGE_MESSAGE,
  firstUnstorable,
  instant,
  integer,
  isInDateRange,
  isoDate,
  isUnstorable,
  isWellFormed,
  MULTI_LINE_MESSAGE,
  SINGLE_LINE_MESSAGE,
  SURROGATE_MESSAGE,
  text,
} from '../../src/lib/fields'

const messages = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues.map((i) => i.message) ?? []

describe('text()', () => {
  const name = text({ max: 10 })
  const notes = text({ max: 50, min: 0, multiline: true })

  it('trims and keeps the bounds', () => {
    expect(name.parse('  王丽华 ')).toBe('王丽华')
    expect(name.safeParse('   ').success).toBe(false)
    expect(name.safeParse('x'.repeat(11)).success).toBe(false)
    expect(notes.parse('')).toBe('')
  })

  it('takes any well-formed Unicode, astral characters included', () => {
    for (const value of ['张小明', 'Zoë O’Brien', '😀 family', 'a\u00a0b']) expect(text({ max: 20 }).safeParse(value).success, value).toBe(true)
  })

  it('refuses NUL and other control characters; line breaks and tab only where multi-line', () => {
    expect(messages(name, 'a\u0000b')).toEqual([SINGLE_LINE_MESSAGE])
    expect(messages(name, 'a\nb')).toEqual([SINGLE_LINE_MESSAGE])
    expect(messages(name, 'a\tb')).toEqual([SINGLE_LINE_MESSAGE])
    expect(messages(name, 'a\u007fb')).toEqual([SINGLE_LINE_MESSAGE])
    expect(notes.parse('line 1\r\nline 2\tend')).toBe('line 1\r\nline 2\tend')
    expect(messages(notes, 'a\u0000b')).toEqual([MULTI_LINE_MESSAGE])
    expect(messages(notes, 'a\u001bb')).toEqual([MULTI_LINE_MESSAGE])
  })

  it('refuses lone surrogates, high or low', () => {
    for (const value of ['\ud800x', 'x\ud800', 'x\udc00y', '\udfff']) expect(messages(name, value), JSON.stringify(value)).toEqual([SURROGATE_MESSAGE])
  })

  it('trims nothing when told (secrets, origins)', () => {
    expect(text({ max: 10, trim: false }).parse(' a ')).toBe(' a ')
  })
})

describe('isoDate()', () => {
  const date = isoDate()

  it('takes calendar dates from 1900-01-01 to 2199-12-31', () => {
    for (const value of ['1900-01-01', '2024-02-29', '2027-07-05', '2199-12-31']) expect(date.safeParse(value).success, value).toBe(true)
  })

  it('refuses dates outside the range with one message naming it', () => {
    for (const value of ['0000-01-01', '1899-12-31', '2200-01-01', '9999-12-31']) expect(messages(date, value), value).toEqual([DATE_RANGE_MESSAGE])
  })

  it('reports a malformed date by its format alone', () => {
    expect(messages(date, '2027-02-30')).toHaveLength(1)
    expect(messages(date, 'tomorrow')).toHaveLength(1)
    expect(messages(isoDate('must be a calendar date YYYY-MM-DD'), 'x')).toEqual(['must be a calendar date YYYY-MM-DD'])
  })

  it('stays inside the range wherever arithmetic of up to a year starts, within JS and Postgres dates', () => {
    expect(isInDateRange('2199-12-31')).toBe(true)
    expect(isInDateRange('2200-12-23')).toBe(false)
    expect(new Date('2200-12-31T00:00:00Z').toISOString().slice(0, 10)).toBe('2200-12-31')
  })
})

describe('instant()', () => {
  it('takes RFC 3339 with an offset within the date range', () => {
    expect(instant().safeParse('2027-07-05T08:12:00+08:00').success).toBe(true)
    expect(instant().safeParse('0000-01-01T00:00:00Z').success).toBe(false)
    expect(instant().safeParse('9999-12-31T23:59:59-12:00').success).toBe(false)
  })
})

describe('integer()', () => {
  it('keeps whole numbers within bounds, never beyond the safe integers', () => {
    const weeks = integer({ min: 1, max: 52 })
    expect(weeks.parse(6)).toBe(6)
    for (const value of [0, 53, 1.5, 1e20, 2 ** 53, -1]) expect(weeks.safeParse(value).success, String(value)).toBe(false)
    expect(integer({ min: 0, max: Number.MAX_SAFE_INTEGER }).safeParse(2 ** 53).success).toBe(false)
  })
})

describe('the backstop for bare strings', () => {
  it('finds a NUL or a lone surrogate anywhere in validated input, keys included', () => {
    expect(isWellFormed('😀')).toBe(true)
    expect(isUnstorable('a\u0000b')).toBe(true)
    expect(isUnstorable('\ud800')).toBe(true)
    expect(isUnstorable('a\nb')).toBe(false)
    expect(firstUnstorable({ a: 'ok', list: [{ name: 'fine' }, { name: 'x\u0000' }] })).toEqual(['list', 1, 'name'])
    expect(firstUnstorable({ details: { 'k\ud800': 1 } })).toEqual(['details', 'k\ud800'])
    expect(firstUnstorable({ n: 1, when: new Date(0), flag: true, missing: null })).toBeUndefined()
  })
})
