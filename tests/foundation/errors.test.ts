import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/app'
import { connectPostgres } from '../../src/db/client'
import { testApp } from '../helpers/app'
import { send } from '../helpers/client'
import { expectProblem, newTenant } from '../helpers/harness'

describe('errors are problem+json, and never leak internals', () => {
  it('answers an unknown route 404 before asking for a credential', async () => {
    expectProblem(await send('GET', '/v1/no-such-thing', undefined), 404, 'not_found')
    expectProblem(await send('GET', '/nowhere', undefined), 404, 'not_found')
  })

  it('answers a known route in the wrong method 405 with Allow', async () => {
    const res = await send('PUT', '/v1/tenant', undefined)
    expectProblem(res, 405, 'method_not_allowed')
    expect(res.headers.get('allow')).toBe('GET, PATCH, HEAD')
  })

  it('answers malformed JSON 400 and changes nothing', async () => {
    const t = await newTenant()
    const res = await t.send('PATCH', '/v1/tenant', { raw: '{"name": "half', headers: { 'Content-Type': 'application/json' } })
    expectProblem(res, 400, 'malformed_request')
    expect((await t.get('/v1/tenant')).body.name).toBe(`Tenant ${t.slug}`)
  })

  it('says a missing field is required', async () => {
    const t = await newTenant()
    const res = await t.post('/v1/api-keys', {})
    expectProblem(res, 422, 'invalid_request')
    expect(res.body.errors).toEqual([{ path: 'name', message: 'is required' }])
  })

  it('answers a body of another media type 415', async () => {
    const t = await newTenant()
    expectProblem(await t.send('POST', '/v1/api-keys', { raw: 'name=x', headers: { 'Content-Type': 'text/plain' } }), 415, 'unsupported_media_type')
  })

  it('answers a body over the limit 413', async () => {
    const t = await newTenant()
    const res = await t.post('/v1/api-keys', { name: 'x'.repeat(2 * 1024 * 1024) })
    expectProblem(res, 413, 'payload_too_large')
  })

  it('names every failing field with its path on 422', async () => {
    const t = await newTenant()
    const res = await t.patch('/v1/tenant', { time_zone: 'Nowhere/City', locale: 'zh-CN', branding: { primary_color: 'red' }, extra: 1 })
    expectProblem(res, 422, 'invalid_request')
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['branding.primary_color', 'extra', 'time_zone'])
  })

  it('answers 503 database_unavailable with Retry-After and the request id when the database is gone', async () => {
    const { config } = await testApp()
    const broken = connectPostgres('postgres://postgres@127.0.0.1:1/none', 1)
    const logged: Record<string, unknown>[] = []
    const app = createApp({ config: { ...config, log: (line) => logged.push(line) }, database: () => broken.db })
    const res = await app.request('/v1/tenant', { headers: { Authorization: 'Bearer sk_whatever', 'X-Request-Id': 'trace-12345678' } })
    const body = await res.json()
    expect(res.status).toBe(503)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(res.headers.get('retry-after')).toBe('2')
    expect(body).toMatchObject({ code: 'database_unavailable', request_id: 'trace-12345678' })
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|at /)
    expect(logged.some((l) => l.level === 'warn' && String(l.message).includes('ECONNREFUSED'))).toBe(true)
    const ready = await app.request('/readyz')
    expect(ready.status).toBe(503)
    expect(await ready.json()).toMatchObject({ code: 'database_unavailable' })
    // The token endpoint speaks OAuth (RFC 6749 §5.2), also when the database is gone.
    const token = await app.request('/v1/oauth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'cli_whatever', client_secret: 'whatever' }),
    })
    expect(token.status).toBe(503)
    expect(token.headers.get('retry-after')).toBe('2')
    expect(await token.json()).toMatchObject({ error: 'temporarily_unavailable' })
    await broken.close()
  })

  it('names every response with X-Request-Id, keeping a sane incoming one', async () => {
    const kept = await send('GET', '/healthz', undefined, { headers: { 'X-Request-Id': 'client-trace-0001' } })
    expect(kept.headers.get('x-request-id')).toBe('client-trace-0001')
    const replaced = await send('GET', '/healthz', undefined, { headers: { 'X-Request-Id': 'bad id with spaces' } })
    expect(replaced.headers.get('x-request-id')).toMatch(/^req_[0-9a-z]{26}$/)
  })

  it('serves health, readiness and the JWKS (public keys only)', async () => {
    expect((await send('GET', '/healthz', undefined)).body).toEqual({ status: 'ok' })
    expect((await send('GET', '/readyz', undefined)).status).toBe(200)
    const jwks = await send('GET', '/.well-known/jwks.json', undefined)
    expect(jwks.body.keys.length).toBeGreaterThan(0)
    for (const key of jwks.body.keys) {
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', kid: expect.any(String) })
      expect(key.d).toBeUndefined()
    }
  })
})
