import type postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomToken } from '../../src/lib/secrets'
import { INVITATION_GRANT } from '../helpers/portal'
import { createScratchDatabase, maintenance, type ScratchDatabase, serverUrl } from '../helpers/scratch-database'
import { type ServerProcess, startServer, tempDataDir } from '../helpers/server-process'

/**
 * The database fails under load: its backends are terminated, then it refuses connections for a
 * while. The process stays up, requests caught by it answer 503 (never 500), and service resumes
 * by itself once the database is back.
 */
const CLIENTS = 8
const PER_CLIENT = 400
const RECOVERY_BOUND_MS = 5_000

type Answer = { status: number; type: string | null; retryAfter: string | null; text: string }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe.skipIf(!serverUrl)('database faults under load', () => {
  const platformKey = `pk_${randomToken(32)}`
  let database: ScratchDatabase
  let server: ServerProcess
  let admin: postgres.Sql
  let hr: string
  let slug: string

  const get = async (path: string, auth = hr): Promise<Answer | 'network'> => {
    try {
      const res = await fetch(`${server.base}${path}`, { headers: { Authorization: `Bearer ${auth}` }, signal: AbortSignal.timeout(20_000) })
      return { status: res.status, type: res.headers.get('content-type'), retryAfter: res.headers.get('retry-after'), text: await res.text() }
    } catch {
      return 'network'
    }
  }
  const terminateBackends = () =>
    admin.unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${database.name}' and pid <> pg_backend_pid()`)

  /** `CLIENTS` clients asking in a loop until `stop` resolves (each at most `PER_CLIENT` times). */
  const load = (path: string, stop: Promise<void>) => {
    let stopped = false
    void stop.then(() => (stopped = true))
    const answers: (Answer | 'network')[] = []
    const clients = Array.from({ length: CLIENTS }, async () => {
      for (let i = 0; i < PER_CLIENT && !stopped; i++) answers.push(await get(path))
    })
    return Promise.all(clients).then(() => answers)
  }

  /** Every answer is a 200 or the documented 503; none is a 500 or a dropped connection. */
  const expectOnlyOkOrUnavailable = (answers: (Answer | 'network')[]) => {
    expect(answers.filter((a) => a === 'network')).toEqual([])
    const failures = answers.filter((a): a is Answer => a !== 'network' && a.status !== 200)
    expect([...new Set(failures.map((a) => a.status))].filter((s) => s !== 503)).toEqual([])
    for (const a of failures) expectUnavailable(a)
  }

  const expectUnavailable = (a: Answer | 'network') => {
    if (a === 'network') throw new Error('the connection dropped')
    expect(a.status).toBe(503)
    expect(a.type).toBe('application/problem+json')
    expect(Number(a.retryAfter)).toBeGreaterThan(0)
    const body = JSON.parse(a.text)
    expect(body).toMatchObject({ status: 503, code: 'database_unavailable' })
    expect(a.text).not.toMatch(/select |stack|at .*\.(js|ts):\d+/i)
  }

  const awaitRecovery = async () => {
    const back = Date.now()
    let last: Answer | 'network' | undefined
    while (Date.now() - back < RECOVERY_BOUND_MS) {
      last = await get('/v1/programs')
      if (last !== 'network' && last.status === 200) return Date.now() - back
      await sleep(50)
    }
    throw new Error(`no recovery within ${RECOVERY_BOUND_MS} ms; last answer ${JSON.stringify(last)}`)
  }

  const expectAlive = () => {
    expect(server.child.exitCode, server.output().slice(-3000)).toBeNull()
    expect(server.child.signalCode).toBeNull()
    expect(server.output()).not.toMatch(/TypeError|uncaught/i)
  }

  beforeAll(async () => {
    database = await createScratchDatabase('tuoguan_outage')
    admin = maintenance()
    server = await startServer({
      env: { DATABASE_URL: database.url, PLATFORM_API_KEY: platformKey, SEED_DEMO: 'false', TUOGUAN_DATA_DIR: await tempDataDir(), DATABASE_POOL_SIZE: '8' },
    })
    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${server.base}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${platformKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      })
      expect(res.status).toBe(201)
      return (await res.json()) as Record<string, string>
    }
    slug = `outage-${randomToken(6)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'x')}`
    const tenant = await post('/v1/platform/tenants', { slug, name: 'Outage' })
    hr = (await post(`/v1/platform/tenants/${tenant.id}/api-keys`, { name: 'HR', scopes: ['read', 'write'] })).secret as string
  })

  afterAll(async () => {
    await server?.kill()
    await admin?.unsafe(`alter database ${database.name} with allow_connections true`).catch(() => {})
    await admin?.end()
    await database?.drop()
  })

  it('stays up while its backends are terminated under load, answering only 200 or 503, and recovers', async () => {
    let release = () => {}
    const traffic = load('/v1/programs', new Promise<void>((r) => (release = r)))
    for (let i = 0; i < 6; i++) {
      await sleep(150)
      await terminateBackends()
    }
    await sleep(200)
    release()
    const answers = await traffic
    expectAlive()
    expect(answers.length).toBeGreaterThan(CLIENTS)
    expectOnlyOkOrUnavailable(answers)
    // The target is well under a second; the bound is generous for a shared CI machine.
    expect(await awaitRecovery()).toBeLessThan(RECOVERY_BOUND_MS)
    expectAlive()
  })

  it('answers 503 database_unavailable with Retry-After while the database refuses connections, and resumes by itself', async () => {
    let release = () => {}
    const traffic = load('/v1/programs', new Promise<void>((r) => (release = r)))
    await sleep(200)
    await admin.unsafe(`alter database ${database.name} with allow_connections false`)
    await terminateBackends()
    try {
      await sleep(300)
      // Every surface says the same during the outage: a tenant route, readiness, the token endpoint.
      expectUnavailable(await get('/v1/programs'))
      expectUnavailable(await get('/readyz'))
      const token = await fetch(`${server.base}/v1/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: INVITATION_GRANT, tenant: slug, code: 'not-a-real-code' }),
      })
      expect(token.status).toBe(503)
      expect(Number(token.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(token.headers.get('cache-control')).toBe('no-store')
      expect((await token.json()) as unknown).toMatchObject({ error: 'temporarily_unavailable' })
      await sleep(1_000)
    } finally {
      await admin.unsafe(`alter database ${database.name} with allow_connections true`)
    }
    expect(await awaitRecovery()).toBeLessThan(RECOVERY_BOUND_MS)
    release()
    const answers = await traffic
    expectAlive()
    expectOnlyOkOrUnavailable(answers)
    expect(answers.some((a) => a !== 'network' && a.status === 503)).toBe(true)
    const ready = await get('/readyz')
    expect(ready !== 'network' && ready.status).toBe(200)
    expectAlive()
  })
})
