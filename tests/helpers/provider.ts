import { expect } from 'vitest'
import { bearer, type Client, clientFor, type Res, send } from './client'
import type { TestTenant } from './harness'
import { childInput, type SignedIn, signedInEmployee } from './portal'
import { registerCredential } from './security'

export const TIME_ZONE = 'Asia/Shanghai'
const DAY_MS = 86_400_000
export const ALL_WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']

/** A calendar date `days` from today in the tenants' time zone: tests compute their dates, so they run on any day. */
export const dayFromToday = (days: number) => new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date(Date.now() + days * DAY_MS))
export const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
/** The ISO weekday (1 = Monday) of a date. */
export const isoWeekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1
/** An instant at a local wall-clock time of a date in the tenants' time zone (UTC+8, no DST). */
export const localInstant = (date: string, time: string) => `${date}T${time}:00+08:00`

/** POST /v1/oauth/token with client credentials: HTTP Basic by default, or in the form. */
export const clientCredentialsRequest = (clientId: string, secret: string, how: 'basic' | 'post' = 'basic'): Promise<Res> =>
  send('POST', '/v1/oauth/token', undefined, {
    raw: new URLSearchParams(
      how === 'post' ? { grant_type: 'client_credentials', client_id: clientId, client_secret: secret } : { grant_type: 'client_credentials' },
    ).toString(),
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      ...(how === 'basic' ? { Authorization: `Basic ${btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`)}` } : {}),
    },
  })

export type Credential = { client_id: string; client_secret: string }

/** A client credential of the contract, issued by HR. */
export const issueCredential = async (t: TestTenant, contractId: string): Promise<Credential> => {
  const res = await t.post(`/v1/contracts/${contractId}/credentials`, { name: 'front desk tablet' })
  expect(res.status, res.text).toBe(201)
  return res.body
}

/** The contract's provider client: a token from its client credentials. */
export const providerClient = async (credential: Credential): Promise<Client & { token: string }> => {
  const res = await clientCredentialsRequest(credential.client_id, credential.client_secret)
  expect(res.status, res.text).toBe(200)
  return { ...clientFor(bearer(res.body.access_token)), token: res.body.access_token }
}

export type Program = { id: string; starts_on: string; ends_on: string } & Record<string, any>

/**
 * A published program running now: it started 14 days ago and runs 21 more, every day of the
 * week unless told otherwise, ages 3–12, registration open now.
 */
export const runningProgram = async (t: TestTenant, overrides: Record<string, unknown> = {}): Promise<{ program: Program; siteId: string }> => {
  const site = await t.post('/v1/sites', { name: '市中院干警子女托管室', address: '运城市中级人民法院 综合楼一层' })
  expect(site.status, site.text).toBe(201)
  const startsOn = dayFromToday(-14)
  const endsOn = dayFromToday(21)
  const program = await t.post('/v1/programs', {
    name: '冬季干警子女托管班',
    site_id: site.body.id,
    starts_on: startsOn,
    ends_on: endsOn,
    operating_weekdays: ALL_WEEK,
    daily_hours: { opens_at: '08:00', closes_at: '17:30' },
    age_rule: { min_age: 3, max_age: 12, measured_on: 'program_start' },
    capacity: 200,
    registration_window: { opens_at: localInstant(dayFromToday(-30), '09:00'), closes_at: localInstant(endsOn, '12:00') },
    ...overrides,
  })
  expect(program.status, program.text).toBe(201)
  return { program: program.body, siteId: site.body.id }
}

export type ProviderWorld = {
  tenant: TestTenant
  program: Program
  contractId: string
  credential: Credential
  provider: Client & { token: string }
  /** A signed-in employee (guardian) of the tenant. */
  guardian: SignedIn
}

/**
 * A tenant with a published program running now, covered by a contract (from 30 days ago to 60
 * ahead) whose provider holds a token, and a signed-in guardian to enroll children.
 */
export const providerWorld = async (t: TestTenant, programOverrides: Record<string, unknown> = {}): Promise<ProviderWorld> => {
  const { program } = await runningProgram(t, programOverrides)
  const agency = await t.post('/v1/providers', { name: '运城市阳光托育服务中心', kind: 'agency' })
  expect(agency.status, agency.text).toBe(201)
  const contract = await t.post('/v1/contracts', {
    provider_id: agency.body.id,
    program_ids: [program.id],
    starts_on: dayFromToday(-30),
    ends_on: dayFromToday(60),
  })
  expect(contract.status, contract.text).toBe(201)
  const published = await t.post(`/v1/programs/${program.id}/publish`)
  expect(published.status, published.text).toBe(200)
  const credential = await issueCredential(t, contract.body.id)
  return {
    tenant: t,
    program: published.body,
    contractId: contract.body.id,
    credential,
    provider: await providerClient(credential),
    guardian: await signedInEmployee(t),
  }
}

/** A child of the guardian (6 years old), enrolled and confirmed in the program. */
export const enrolledChild = async (world: Pick<ProviderWorld, 'guardian' | 'program'>, fields: Record<string, unknown> = {}, guardian = world.guardian) => {
  const child = await guardian.post('/v1/portal/children', childInput({ date_of_birth: `${Number(world.program.starts_on.slice(0, 4)) - 6}-03-15`, ...fields }))
  expect(child.status, child.text).toBe(201)
  const enrollment = await guardian.post('/v1/portal/enrollments', { program_id: world.program.id, child_id: child.body.id })
  expect(enrollment.status, enrollment.text).toBe(201)
  expect(enrollment.body.status).toBe('confirmed')
  return { ...(child.body as { id: string; name: string } & Record<string, any>), enrollmentId: enrollment.body.id as string }
}

/** A provider token of a fresh contract in the tenant (for the shared security suite). */
const anyProviderToken = async (t: TestTenant) => {
  const program = await t.post('/v1/programs', { name: 'A program' })
  const agency = await t.post('/v1/providers', { name: 'An agency', kind: 'agency' })
  const contract = await t.post('/v1/contracts', {
    provider_id: agency.body.id,
    program_ids: [program.body.id],
    starts_on: dayFromToday(-1),
    ends_on: dayFromToday(30),
  })
  expect(contract.status, contract.text).toBe(201)
  return (await providerClient(await issueCredential(t, contract.body.id))).token
}

registerCredential('provider', async (tenant) => bearer(await anyProviderToken(tenant)))
