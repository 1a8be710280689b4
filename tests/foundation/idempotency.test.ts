import { describe, expect, it } from 'vitest'
import { withTenant } from '../../src/db/tenant'
import { parseApiId } from '../../src/lib/ids'
import { testApp } from '../helpers/app'
import { expectProblem, newTenant, platform } from '../helpers/harness'

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
    const rows = await withTenant(db, parseApiId('ten', t.id) as string, (tx) => tx.selectFrom('idempotency_keys').selectAll().execute())
    expect(rows).toHaveLength(1)
    const stored = JSON.stringify(rows)
    expect(stored).not.toContain('sealed-key-0001')
    expect(stored).not.toContain(made.body.secret)
    const replay = await t.post('/v1/api-keys', { name: 'sealed' }, { headers: { 'Idempotency-Key': 'sealed-key-0001' } })
    expect(replay.body.secret).toBe(made.body.secret)
  })
})
