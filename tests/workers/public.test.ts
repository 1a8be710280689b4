import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { expectProblem, send } from './client'

describe('workerd: public routes', () => {
  it('is live and reaches the database through Hyperdrive', async () => {
    expect((await send('GET', '/healthz', undefined)).body).toEqual({ status: 'ok' })
    const ready = await send('GET', '/readyz', undefined)
    expect(ready.status, ready.text).toBe(200)
    expect(ready.body).toEqual({ status: 'ok', database: 'reachable' })
  })

  it('serves the OpenAPI 3.1 document', async () => {
    const doc = await send('GET', '/openapi.json', undefined)
    expect(doc.status).toBe(200)
    expect(doc.body.openapi).toBe('3.1.0')
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/v1/platform/tenants', '/v1/tenant', '/v1/api-keys']))
    expect(Object.keys(doc.body.components.securitySchemes)).toEqual(expect.arrayContaining(['platformKey', 'apiKey']))
  })

  it('publishes the public part of the signing keys from JWT_PRIVATE_KEYS', async () => {
    const [signing] = JSON.parse(String(env.JWT_PRIVATE_KEYS))
    const jwks = await send('GET', '/.well-known/jwks.json', undefined)
    expect(jwks.status).toBe(200)
    expect(jwks.body.keys).toEqual([expect.objectContaining({ kid: signing.kid, kty: 'EC', crv: 'P-256', alg: 'ES256', x: signing.x, y: signing.y })])
    expect(jwks.text).not.toContain(signing.d)
  })

  it('answers unknown routes and methods with problem+json and a request id', async () => {
    const missing = await send('GET', '/v1/nothing-here', undefined, { headers: { 'X-Request-Id': 'workers-test-0001' } })
    expectProblem(missing, 404, 'not_found')
    expect(missing.headers.get('x-request-id')).toBe('workers-test-0001')
    expect(missing.body.request_id).toBe('workers-test-0001')
    const wrongMethod = await send('DELETE', '/healthz', undefined)
    expectProblem(wrongMethod, 405, 'method_not_allowed')
    expect(wrongMethod.headers.get('allow')).toContain('GET')
  })
})
