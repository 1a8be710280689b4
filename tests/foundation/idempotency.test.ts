import postgres from 'postgres'
import { describe, expect, it } from 'vitest'
import { withTenant } from '../../src/db/tenant'
import { parseApiId } from '../../src/lib/ids'
import { sha256Hex } from '../../src/lib/secrets'
import { WAIT_FOR_FIRST_MS } from '../../src/middleware/idempotency'
import { CSV_HEADER, csv, postCsv, rosterLines } from '../employees/fixtures'
import { onRealServer, testApp } from '../helpers/app'
import { expectProblem, newTenant, platform } from '../helpers/harness'
import { childInput, signedInEmployee } from '../helpers/portal'

describe('Idempotency-Key', () => {
  it('replays the first response to a retry, and does the work once', async () => {
    const t = await newTenant()
    const headers = { 'Idempotency-Key': 'create-key-1' }
    const first = await t.post('/v1/api-keys', { name: 'sync' }, { headers })
    const retry = await t.post('/v1/api-keys', { name: 'sync' }, { headers })
    expect(first.status).toBe(201)
    expect(retry.status).toBe(201)
    expect(retry.body).toEqual(first.body)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    const keys = await t.get('/v1/api-keys')
    expect(keys.body.data.filter((k: { name: string }) => k.name === 'sync')).toHaveLength(1)
  })

  it('refuses the same key with a different request', async () => {
    const t = await newTenant()
    const headers = { 'Idempotency-Key': 'create-key-2' }
    await t.post('/v1/api-keys', { name: 'one' }, { headers })
    expectProblem(await t.post('/v1/api-keys', { name: 'two' }, { headers }), 422, 'idempotency_key_reused')
  })

  it('runs concurrent requests with one key once, answering all of them alike', async () => {
    const t = await newTenant()
    const headers = { 'Idempotency-Key': 'burst' }
    const results = await Promise.all(Array.from({ length: 20 }, () => t.post('/v1/api-keys', { name: 'burst' }, { headers })))
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([201]))
    expect(new Set(results.map((r) => r.text)).size).toBe(1)
    const keys = await t.get('/v1/api-keys?limit=100')
    expect(keys.body.data.filter((k: { name: string }) => k.name === 'burst')).toHaveLength(1)
  })

  it('keeps keys apart between tenants and between the platform and tenants', async () => {
    const [a, b] = await Promise.all([newTenant(), newTenant()])
    const headers = { 'Idempotency-Key': 'shared-name' }
    const ka = await a.post('/v1/api-keys', { name: 'k' }, { headers })
    const kb = await b.post('/v1/api-keys', { name: 'k' }, { headers })
    expect(ka.body.id).not.toBe(kb.body.id)
    const operator = await platform()
    const slug = `idem-${Date.now().toString(36)}`
    const made = await operator.post('/v1/platform/tenants', { slug, name: 'Idem' }, { headers })
    expect(made.status).toBe(201)
    expect((await operator.post('/v1/platform/tenants', { slug, name: 'Idem' }, { headers })).body.id).toBe(made.body.id)
  })

  it('stores client errors too, so a retry gets the same answer', async () => {
    const t = await newTenant()
    const headers = { 'Idempotency-Key': 'bad-body' }
    const first = await t.post('/v1/api-keys', { name: '' }, { headers })
    expectProblem(first, 422, 'invalid_request')
    const retry = await t.post('/v1/api-keys', { name: '' }, { headers })
    expect(retry.text).toBe(first.text)
  })

  it('tells requests apart by their query string, and JSON bodies by value rather than by bytes', async () => {
    const t = await newTenant()
    const headers = { 'Idempotency-Key': 'import-1' }
    const file = csv(CSV_HEADER, ...rosterLines(3))
    const dry = await postCsv(t, file, '?dry_run=true', headers)
    expect(dry.body).toMatchObject({ dry_run: true })
    expectProblem(await postCsv(t, file, '', headers), 422, 'idempotency_key_reused')
    const real = await postCsv(t, file, '', { 'Idempotency-Key': 'import-2' })
    expect(real.body).toMatchObject({ dry_run: false, created: 3 })

    const body = '{"name":"same","scopes":["read"]}'
    const reordered = ' { "scopes" : [ "read" ], "name" : "same" } '
    const first = await t.send('POST', '/v1/api-keys', { raw: body, headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'by-value' } })
    const again = await t.send('POST', '/v1/api-keys', { raw: reordered, headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'by-value' } })
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.body.id).toBe(first.body.id)
  })

  it('replays the headers a client relies on: Content-Type, ETag, Location', async () => {
    const me = await signedInEmployee(await newTenant())
    const headers = { 'Idempotency-Key': 'child-1' }
    const first = await me.post('/v1/portal/children', childInput(), { headers })
    const retry = await me.post('/v1/portal/children', childInput(), { headers })
    expect(first.headers.get('etag')).toBe('"1"')
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    for (const h of ['etag', 'location', 'content-type']) expect(retry.headers.get(h), h).toBe(first.headers.get(h))
    expect(retry.body).toEqual(first.body)
  })

  it('keeps a large answer (1,000 invalid rows), and replays it', async () => {
    const t = await newTenant()
    const headers = { 'Idempotency-Key': 'large-error' }
    const file = csv(CSV_HEADER, ...Array.from({ length: 1000 }, (_, i) => `X${i},,,,,`))
    const first = await postCsv(t, file, '', headers)
    expectProblem(first, 422)
    expect(first.text.length).toBeGreaterThan(50_000)
    const retry = await postCsv(t, file, '', headers)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect(retry.text).toBe(first.text)
  })

  it('rejects a malformed key', async () => {
    const t = await newTenant()
    expectProblem(await t.post('/v1/api-keys', { name: 'x' }, { headers: { 'Idempotency-Key': 'has spaces in it' } }), 422, 'invalid_request')
  })
})

describe('Idempotency-Key records at rest', () => {
  it('keeps neither the client key nor the response (which may hold a secret) readable in the database', async () => {
    const { db } = await testApp()
    const t = await newTenant()
    const made = await t.post('/v1/api-keys', { name: 'sealed' }, { headers: { 'Idempotency-Key': 'sealed-key-0001' } })
    const rows = await withTenant(db, parseApiId('ten', t.id) as string, ({ tx }) => tx.selectFrom('idempotency_keys').selectAll().execute())
    expect(rows).toHaveLength(1)
    const stored = JSON.stringify(rows)
    expect(stored).not.toContain('sealed-key-0001')
    expect(stored).not.toContain(made.body.secret)
    const replay = await t.post('/v1/api-keys', { name: 'sealed' }, { headers: { 'Idempotency-Key': 'sealed-key-0001' } })
    expect(replay.body.secret).toBe(made.body.secret)
  })
})

/** A one-shot event: `fired` settles once `fire()` is called. */
const signal = () => {
  let fire!: () => void
  const fired = new Promise<void>((resolve) => {
    fire = resolve
  })
  return { fire, fired }
}

describe.skipIf(!onRealServer)('Idempotency-Key while the first request still runs', () => {
  it(`makes a retry wait for it at most ${WAIT_FOR_FIRST_MS / 1000} s, then answers 409 idempotency_request_in_progress`, async () => {
    const t = await newTenant()
    // A first request that holds its key and does not finish: its uncommitted record, as the owner
    // writes it, held until the retry has been answered; then it dies without committing.
    const owner = postgres(process.env.TEST_DATABASE_URL as string, { max: 1, onnotice: () => {} })
    const tenantId = parseApiId('ten', t.id) as string
    const held = signal()
    const released = signal()
    const holder = owner.begin(async (tx) => {
      await tx`insert into idempotency_keys (tenant_id, principal, key, fingerprint) values (${tenantId}, ${`key:${parseApiId('key', t.keyId)}`}, ${await sha256Hex('slow')}, 'x')`
      held.fire()
      await released.fired
      throw new Error('rolled back')
    })
    holder.catch(() => {})
    try {
      await Promise.race([held.fired, holder])
      const waiting = await t.post('/v1/api-keys', { name: 'slow' }, { headers: { 'Idempotency-Key': 'slow' } })
      expectProblem(waiting, 409, 'idempotency_request_in_progress')
      expect(waiting.headers.get('retry-after')).toBe('1')
      released.fire()
      await expect(holder).rejects.toThrow('rolled back')
      // The first request died without committing: the retry runs now.
      expect((await t.post('/v1/api-keys', { name: 'slow' }, { headers: { 'Idempotency-Key': 'slow' } })).status).toBe(201)
    } finally {
      released.fire()
      await owner.end()
    }
  })
})
