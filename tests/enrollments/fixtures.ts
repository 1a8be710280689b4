import { expect } from 'vitest'
import { withTenant } from '../../src/db/tenant'
import { readFeed } from '../../src/lib/feed'
import { parseApiId } from '../../src/lib/ids'
import { testApp } from '../helpers/app'
import type { TestTenant } from '../helpers/harness'
import { childInput, type SignedIn } from '../helpers/portal'

export const TIME_ZONE = 'Asia/Shanghai'
const DAY_MS = 86_400_000

/** A calendar date `days` from today in the tenants' time zone. Tests compute dates, so they run on any day. */
export const dayFromToday = (days: number) => new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date(Date.now() + days * DAY_MS))
export const today = () => dayFromToday(0)
export const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
/** The same month and day `years` earlier: a child born then is `years` old on `date`. */
export const yearsBefore = (date: string, years: number) => `${Number(date.slice(0, 4)) - years}${date.slice(4)}`
const instant = (date: string, time: string) => `${date}T${time}:00+08:00`

/**
 * A program with registration open now: it starts in 30 days and runs 4 weeks, Monday to Friday,
 * ages 3–7 measured on the first day, no per-employee limit unless given.
 */
export const programInput = (siteId: string, overrides: Record<string, unknown> = {}) => {
  const startsOn = (overrides.starts_on as string | undefined) ?? dayFromToday(30)
  return {
    name: '2027 暑期托管班（3–7 岁）',
    site_id: siteId,
    starts_on: startsOn,
    length_weeks: 4,
    operating_weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
    daily_hours: { opens_at: '08:00', closes_at: '17:30' },
    age_rule: { min_age: 3, max_age: 7, measured_on: 'program_start' },
    capacity: 60,
    registration_window: { opens_at: new Date(Date.now() - DAY_MS).toISOString(), closes_at: instant(addDays(startsOn, -1), '18:00') },
    ...overrides,
  }
}

export type Program = { id: string; starts_on: string; ends_on: string } & Record<string, any>

/** A draft program at a new site, with a provider under contract (so it can be published). */
export const draftProgram = async (t: TestTenant, overrides: Record<string, unknown> = {}): Promise<Program> => {
  const site = await t.post('/v1/sites', { name: '市中院干警子女暑期托管室', address: '运城市中级人民法院 综合楼一层' })
  expect(site.status, site.text).toBe(201)
  const program = await t.post('/v1/programs', programInput(site.body.id, overrides))
  expect(program.status, program.text).toBe(201)
  const provider = await t.post('/v1/providers', { name: '运城市阳光托育服务中心', kind: 'agency' })
  expect(provider.status, provider.text).toBe(201)
  const contract = await t.post('/v1/contracts', {
    provider_id: provider.body.id,
    program_ids: [program.body.id],
    starts_on: today(),
    ends_on: addDays(program.body.ends_on, 7),
  })
  expect(contract.status, contract.text).toBe(201)
  return program.body
}

export const publish = async (t: TestTenant, programId: string) => {
  const res = await t.post(`/v1/programs/${programId}/publish`)
  expect(res.status, res.text).toBe(200)
  return res.body as Program
}

/** A published program, registration open now. */
export const publishedProgram = async (t: TestTenant, overrides: Record<string, unknown> = {}) => publish(t, (await draftProgram(t, overrides)).id)

/** A child of the employee, `age` years old on `on` (the program's first day). */
export const newChild = async (me: SignedIn, on: string, age = 5, fields: Record<string, unknown> = {}) => {
  const res = await me.post('/v1/portal/children', childInput({ date_of_birth: yearsBefore(on, age), ...fields }))
  expect(res.status, res.text).toBe(201)
  return res.body as { id: string; name: string }
}

export const enroll = (me: SignedIn, programId: string, childId: string, extra: Record<string, unknown> = {}) =>
  me.post('/v1/portal/enrollments', { program_id: programId, child_id: childId, ...extra })

/** Every feed event of the tenant, in feed order (read as providers will). */
export const feedOf = async (t: TestTenant) => {
  const { db } = await testApp()
  const tenantId = parseApiId('ten', t.id) as string
  const page = await withTenant(db, tenantId, (scope) => readFeed(scope, 0, 10_000))
  if (page === 'expired') throw new Error('feed expired')
  return page.events.map((e) => ({ type: e.type, position: e.position, ...e.payload }) as { type: string; position: number } & Record<string, any>)
}

/** Every page of an admin or portal list. */
export const allPages = async (get: (path: string) => Promise<{ status: number; body: any; text: string }>, path: string) => {
  const items: any[] = []
  let cursor: string | null = null
  do {
    const sep = path.includes('?') ? '&' : '?'
    const res = await get(`${path}${sep}limit=100${cursor ? `&cursor=${cursor}` : ''}`)
    expect(res.status, res.text).toBe(200)
    items.push(...res.body.data)
    cursor = res.body.next_cursor
  } while (cursor)
  return items
}

const ALL_WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']

/** A program that started three days ago and runs every day for four weeks, closed the day after tomorrow. */
export const runningProgram = (t: TestTenant, overrides: Record<string, unknown> = {}) => {
  const startsOn = dayFromToday(-3)
  const endsOn = addDays(startsOn, 27)
  return publishedProgram(t, {
    starts_on: startsOn,
    operating_weekdays: ALL_WEEK,
    closure_dates: [dayFromToday(2)],
    registration_window: { opens_at: `${dayFromToday(-10)}T09:00:00+08:00`, closes_at: `${endsOn}T18:00:00+08:00` },
    ...overrides,
  })
}
