import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomToken } from '../../src/lib/secrets'
import { INVITATION_GRANT } from '../helpers/portal'
import { type ServerProcess, startServer, tempDataDir } from '../helpers/server-process'

/**
 * kill -9 with keyed POSTs in flight, then the same requests again with the same keys: each effect
 * happened once, and each retry answers what committed (or runs for the first time).
 */
const REQUESTS = 200
const serverUrl = process.env.TEST_DATABASE_URL
const database = `tuoguan_crash_${randomToken(6)
  .toLowerCase()
  .replace(/[^a-z0-9]/g, 'x')}`
const urlOf = (name: string) => {
  const url = new URL(serverUrl as string)
  url.pathname = `/${name}`
  return url.toString()
}
const admin = () => postgres(urlOf('postgres'), { max: 1, onnotice: () => {} })

describe.skipIf(!serverUrl)('a crash with keyed requests in flight', () => {
  const platformKey = `pk_${randomToken(32)}`
  let env: Record<string, string>
  let server: ServerProcess | undefined

  beforeAll(async () => {
    const sql = admin()
    await sql.unsafe(`create database ${database}`)
    await sql.end()
    env = { DATABASE_URL: urlOf(database), PLATFORM_API_KEY: platformKey, SEED_DEMO: 'false', TUOGUAN_DATA_DIR: await tempDataDir() }
  })

  afterAll(async () => {
    await server?.kill()
    const sql = admin()
    await sql.unsafe(`drop database if exists ${database} with (force)`)
    await sql.end()
  })

  it('does each keyed request once, and every retry answers what committed', async () => {
    server = await startServer({ env })
    const call = async (method: string, path: string, auth: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`${(server as ServerProcess).base}${path}`, {
        method,
        headers: { Authorization: `Bearer ${auth}`, 'Content-Type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await res.text()
      return { status: res.status, text, body: text ? JSON.parse(text) : undefined }
    }
    const slug = `crash-${randomToken(6)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'x')}`
    const tenant = await call('POST', '/v1/platform/tenants', platformKey, { slug, name: 'Crash' })
    const key = await call('POST', `/v1/platform/tenants/${tenant.body.id}/api-keys`, platformKey, { name: 'HR', scopes: ['read', 'write'] })
    const hr = key.body.secret as string
    const employee = await call('POST', '/v1/employees', hr, { employee_number: 'E-GUARDIAN', name: '王丽华' })
    const invitation = await call('POST', `/v1/employees/${employee.body.id}/invitations`, hr, {})
    const token = await fetch(`${server.base}/v1/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: INVITATION_GRANT, tenant: slug, code: invitation.body.code }),
    })
    const guardian = ((await token.json()) as { access_token: string }).access_token

    type Keyed = { auth: string; path: string; key: string; body: Record<string, unknown>; made: (row: { name?: string; employee_number?: string }) => boolean }
    const requests = Array.from({ length: REQUESTS }, (_, i): Keyed => {
      if (i % 2 === 0)
        return { auth: guardian, path: '/v1/portal/children', key: `child-${i}`, body: childBody(`孩子${i}`), made: (c) => c.name === `孩子${i}` }
      return {
        auth: hr,
        path: '/v1/employees',
        key: `employee-${i}`,
        body: { employee_number: `E-${i}`, name: `员工${i}` },
        made: (e) => e.employee_number === `E-${i}`,
      }
    })
    const send = (r: (typeof requests)[number]) => call('POST', r.path, r.auth, r.body, { 'Idempotency-Key': r.key })

    // All in flight at once; the process is killed as soon as a few of them have committed.
    const inFlight = requests.map((r) => send(r).catch(() => undefined))
    const store = postgres(env.DATABASE_URL as string, { max: 1, onnotice: () => {} })
    try {
      for (let i = 0; i < 2000; i++) {
        const [row] = await store<{ n: number }[]>`select count(*)::int as n from idempotency_keys where response_status is not null`
        if ((row?.n ?? 0) >= 20) break
      }
    } finally {
      await store.end()
    }
    await server.kill('SIGKILL')
    const before = await Promise.all(inFlight)
    expect(before.filter((r) => r === undefined).length, 'requests left unanswered by the crash').toBeGreaterThan(0)

    server = await startServer({ env })
    const retries = await Promise.all(requests.map(send))
    for (const [i, res] of retries.entries()) expect(res.status, `${requests[i]?.key}: ${res.text}`).toBe(201)
    // An answer the client did get is the answer the retry replays.
    for (const [i, res] of before.entries()) if (res) expect(retries[i]?.body.id, requests[i]?.key).toBe(res.body.id)

    const all = async <T>(path: string, auth: string) => {
      const rows: T[] = []
      let cursor: string | undefined
      do {
        const page = (await call('GET', `${path}?limit=100${cursor ? `&cursor=${cursor}` : ''}`, auth)).body
        rows.push(...page.data)
        cursor = page.next_cursor ?? undefined
      } while (cursor)
      return rows
    }
    const children = await all<{ id: string; name: string }>('/v1/portal/children', guardian)
    const employees = await all<{ id: string; employee_number: string }>('/v1/employees', hr)
    expect(children).toHaveLength(REQUESTS / 2)
    expect(employees).toHaveLength(REQUESTS / 2 + 1)
    for (const [i, r] of requests.entries()) {
      const made = (i % 2 === 0 ? children : employees).filter(r.made)
      expect(made, r.key).toHaveLength(1)
      expect(retries[i]?.body.id, r.key).toBe(made[0]?.id)
    }
  })
})

const childBody = (name: string) => ({
  name,
  date_of_birth: '2021-09-14',
  authorized_pickups: [{ name: '李娜', relation: 'grandmother', phone: '+86 139 0000 0001' }],
  consent: { purpose: 'childcare_services', policy_version: '2027-01' },
})
