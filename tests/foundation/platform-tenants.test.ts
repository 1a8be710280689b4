import { describe, expect, it } from 'vitest'
import { expectProblem, newTenant, platform } from '../helpers/harness'
import { securitySuite } from '../helpers/security'

describe('platform: tenants', () => {
  it('creates, reads, lists, suspends and reactivates a tenant', async () => {
    const operator = await platform()
    const t = await newTenant({ branding: { display_name: 'Court', primary_color: '#8B1A1A' } })
    const read = await operator.get(`/v1/platform/tenants/${t.id}`)
    expect(read.status).toBe(200)
    expect(read.body).toMatchObject({
      id: t.id,
      object: 'tenant',
      slug: t.slug,
      time_zone: 'Asia/Shanghai',
      status: 'active',
      branding: { display_name: 'Court' },
    })
    expect(read.headers.get('etag')).toMatch(/^"\d+"$/)

    const suspended = await operator.post(`/v1/platform/tenants/${t.id}/suspend`)
    expect(suspended.body.status).toBe('suspended')
    expectProblem(await t.get('/v1/tenant'), 403, 'tenant_suspended')
    await operator.post(`/v1/platform/tenants/${t.id}/reactivate`)
    expect((await t.get('/v1/tenant')).status).toBe(200)
  })

  it('pages through tenants with a cursor, newest first, without repeats', async () => {
    const operator = await platform()
    await Promise.all([newTenant(), newTenant(), newTenant()])
    const first = await operator.get('/v1/platform/tenants?limit=2')
    expect(first.body).toMatchObject({ object: 'list', has_more: true })
    expect(first.body.data).toHaveLength(2)
    const second = await operator.get(`/v1/platform/tenants?limit=2&cursor=${first.body.next_cursor}`)
    const ids = [...first.body.data, ...second.body.data].map((t: { id: string }) => t.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort().reverse()).toEqual(ids)
    expectProblem(await operator.get('/v1/platform/tenants?cursor=not-a-cursor'), 422, 'invalid_cursor')
  })

  it('refuses a taken slug with 409 and bad settings with 422 naming the field', async () => {
    const operator = await platform()
    const t = await newTenant()
    const taken = await operator.post('/v1/platform/tenants', { slug: t.slug, name: 'Copy' })
    expectProblem(taken, 409, 'conflict')
    expect(taken.body.errors).toEqual([{ path: 'slug', message: 'already taken' }])
    const bad = await operator.post('/v1/platform/tenants', {
      slug: 'ok-slug-x',
      name: 'X',
      time_zone: 'Mars/Olympus',
      branding: { logo_url: 'http://x.example/logo.png' },
    })
    expectProblem(bad, 422, 'invalid_request')
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['branding.logo_url', 'time_zone'])
  })

  it('answers 404 for an unknown tenant', async () => {
    const operator = await platform()
    expectProblem(await operator.get('/v1/platform/tenants/ten_01jd7k3m5n6p7q8r9s0t1v2w3x'), 404, 'not_found')
    expectProblem(await operator.get('/v1/platform/tenants/prg_01jd7k3m5n6p7q8r9s0t1v2w3x'), 422, 'invalid_request')
  })
})

securitySuite('POST /v1/platform/tenants', {
  surface: 'platform',
  method: 'POST',
  setup: async () => ({ path: '/v1/platform/tenants', body: { slug: 'never-made', name: 'X' } }),
})
securitySuite('GET /v1/platform/tenants', { surface: 'platform', method: 'GET', setup: async () => ({ path: '/v1/platform/tenants' }) })
securitySuite('GET /v1/platform/tenants/{tenant_id}', { surface: 'platform', method: 'GET', setup: async (t) => ({ path: `/v1/platform/tenants/${t.id}` }) })
securitySuite('POST /v1/platform/tenants/{tenant_id}/suspend', {
  surface: 'platform',
  method: 'POST',
  setup: async (t) => ({ path: `/v1/platform/tenants/${t.id}/suspend` }),
})
securitySuite('POST /v1/platform/tenants/{tenant_id}/reactivate', {
  surface: 'platform',
  method: 'POST',
  setup: async (t) => ({ path: `/v1/platform/tenants/${t.id}/reactivate` }),
})
securitySuite('POST /v1/platform/tenants/{tenant_id}/api-keys', {
  surface: 'platform',
  method: 'POST',
  setup: async (t) => ({ path: `/v1/platform/tenants/${t.id}/api-keys`, body: { name: 'x' } }),
})
