import { describe, expect, it } from 'vitest'
import { expectProblem, newTenant } from '../helpers/harness'
import '../helpers/portal'
import { securitySuite } from '../helpers/security'

const sso = {
  issuer: 'https://login.court.example.cn',
  jwks_uri: 'https://login.court.example.cn/.well-known/jwks.json',
  audience: 'tuoguan-portal',
  match_on: 'employee_number',
}

describe('SSO settings', () => {
  it('are absent, then set with defaults, replaced under If-Match, and removed', async () => {
    const t = await newTenant()
    expectProblem(await t.get('/v1/tenant/sso'), 404, 'not_found')
    const put = await t.put('/v1/tenant/sso', sso)
    expect(put.status, put.text).toBe(200)
    expect(put.body).toMatchObject({ object: 'sso_settings', ...sso, algorithms: ['RS256'], claim: 'employee_number' })
    expect(put.headers.get('etag')).toBe('"1"')
    const read = await t.get('/v1/tenant/sso')
    expect(read.body).toEqual(put.body)

    const email = { ...sso, match_on: 'email', algorithms: ['ES256', 'RS256', 'ES256'] }
    expectProblem(await t.put('/v1/tenant/sso', email, { headers: { 'If-Match': '"7"' } }), 412, 'precondition_failed')
    const replaced = await t.put('/v1/tenant/sso', email, { headers: { 'If-Match': '"1"' } })
    expect(replaced.body).toMatchObject({ match_on: 'email', claim: 'email', algorithms: ['ES256', 'RS256'] })
    expect(replaced.headers.get('etag')).toBe('"2"')

    expect((await t.delete('/v1/tenant/sso')).status).toBe(204)
    expectProblem(await t.get('/v1/tenant/sso'), 404, 'not_found')
    expect((await t.delete('/v1/tenant/sso')).status).toBe(204)
    const audit = await t.get('/v1/audit-events?limit=3')
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(['sso_settings.deleted', 'sso_settings.updated', 'sso_settings.created'])
  })

  it('refuse insecure key URLs, symmetric algorithms and odd claims, naming the field, and change nothing', async () => {
    const t = await newTenant()
    const cases: [Record<string, unknown>, string][] = [
      [{ ...sso, jwks_uri: 'http://login.court.example.cn/jwks.json' }, 'jwks_uri'],
      [{ ...sso, jwks_uri: 'not a url' }, 'jwks_uri'],
      [{ ...sso, algorithms: ['HS256'] }, 'algorithms.0'],
      [{ ...sso, algorithms: [] }, 'algorithms'],
      [{ ...sso, match_on: 'name' }, 'match_on'],
      [{ ...sso, claim: 'emp no' }, 'claim'],
      [{ ...sso, audience: '' }, 'audience'],
      [{ ...sso, extra: 1 }, ''],
    ]
    for (const [body, path] of cases) {
      const res = await t.put('/v1/tenant/sso', body)
      expectProblem(res, 422, 'invalid_request')
      if (path) expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
    }
    expectProblem(await t.get('/v1/tenant/sso'), 404, 'not_found')
    expect((await t.put('/v1/tenant/sso', { ...sso, jwks_uri: 'http://127.0.0.1:8080/jwks.json' })).status).toBe(200)
  })

  it("are each tenant's own", async () => {
    const [a, b] = [await newTenant(), await newTenant()]
    await a.put('/v1/tenant/sso', sso)
    expectProblem(await b.get('/v1/tenant/sso'), 404, 'not_found')
  })
})

describe('portal settings', () => {
  it('start empty and take a list of origins under If-Match', async () => {
    const t = await newTenant()
    const empty = await t.get('/v1/tenant/portal')
    expect(empty.body).toEqual({ object: 'portal_settings', origins: [], updated_at: null })
    expect(empty.headers.get('etag')).toBe('"0"')
    const origins = ['https://care.court.example.cn', 'http://localhost:5173']
    const put = await t.put('/v1/tenant/portal', { origins }, { headers: { 'If-Match': '"0"' } })
    expect(put.status, put.text).toBe(200)
    expect(put.body).toMatchObject({ origins, updated_at: expect.any(String) })
    expectProblem(await t.put('/v1/tenant/portal', { origins: [] }, { headers: { 'If-Match': '"0"' } }), 412, 'precondition_failed')
    expect((await t.get('/v1/tenant/portal')).body.origins).toEqual(origins)
  })

  it('refuse what is not an origin, naming the entry', async () => {
    const t = await newTenant()
    for (const origin of ['https://care.example.com/', 'https://care.example.com/portal', 'http://care.example.com', 'HTTPS://CARE.EXAMPLE.COM', '*']) {
      const res = await t.put('/v1/tenant/portal', { origins: ['https://ok.example.com', origin] })
      expectProblem(res, 422, 'invalid_request')
      expect(res.body.errors[0].path).toBe('origins.1')
    }
    expect((await t.get('/v1/tenant/portal')).body.origins).toEqual([])
  })
})

for (const [method, path, body] of [
  ['GET', '/v1/tenant/sso', undefined],
  ['PUT', '/v1/tenant/sso', sso],
  ['DELETE', '/v1/tenant/sso', undefined],
  ['GET', '/v1/tenant/portal', undefined],
  ['PUT', '/v1/tenant/portal', { origins: [] }],
] as const) {
  securitySuite(`${method} ${path}`, { surface: 'admin', method, setup: async () => ({ path, body }) })
}
