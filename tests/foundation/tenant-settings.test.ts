import { describe, expect, it } from 'vitest'
import { expectProblem, newTenant } from '../helpers/harness'
import { securitySuite } from '../helpers/security'

describe('admin: tenant settings', () => {
  it('changes settings with If-Match and refuses a stale ETag with 412, changing nothing', async () => {
    const t = await newTenant()
    const read = await t.get('/v1/tenant')
    const etag = read.headers.get('etag') as string
    const branding = {
      display_name: 'Court Summer Care',
      logo_url: 'https://cdn.example.com/logo.png',
      primary_color: '#8B1A1A',
      portal_host: 'care.court.example.cn',
    }
    const changed = await t.patch('/v1/tenant', { name: '运城市中级人民法院', branding }, { headers: { 'If-Match': etag } })
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({ name: '运城市中级人民法院', branding })
    expect(changed.headers.get('etag')).not.toBe(etag)

    expectProblem(await t.patch('/v1/tenant', { name: 'Lost update' }, { headers: { 'If-Match': etag } }), 412, 'precondition_failed')
    expect((await t.get('/v1/tenant')).body.name).toBe('运城市中级人民法院')
  })

  it('applies a change without If-Match (last writer wins)', async () => {
    const t = await newTenant()
    expect((await t.patch('/v1/tenant', { locale: 'en-GB' })).body.locale).toBe('en-GB')
  })

  it('refuses an unknown time zone and a non-https logo, storing nothing', async () => {
    const t = await newTenant()
    const res = await t.patch('/v1/tenant', { time_zone: 'Asia/Atlantis', name: 'Changed' })
    expectProblem(res, 422, 'invalid_request')
    expect(res.body.errors).toEqual([{ path: 'time_zone', message: 'must be an IANA time zone such as Asia/Shanghai' }])
    expectProblem(await t.patch('/v1/tenant', { branding: { logo_url: 'http://insecure.example/logo.png' } }), 422, 'invalid_request')
    expect((await t.get('/v1/tenant')).body).toMatchObject({ name: `Tenant ${t.slug}`, branding: {} })
  })

  it('records each change in the audit log', async () => {
    const t = await newTenant()
    await t.patch('/v1/tenant', { locale: 'en-US' })
    const events = await t.get(`/v1/audit-events?object_id=${t.id}`)
    expect(events.body.data.map((e: { action: string }) => e.action)).toEqual(['tenant.updated', 'tenant.created'])
    expect(events.body.data[0]).toMatchObject({ actor: { kind: 'api_key', id: t.keyId }, details: { fields: ['locale'] } })
    const byPlatform = await t.get('/v1/audit-events?actor_id=platform')
    expect(byPlatform.body.data.map((e: { action: string }) => e.action).sort()).toEqual(['api_key.created', 'tenant.created'])
  })
})

securitySuite('GET /v1/tenant', { surface: 'admin', method: 'GET', setup: async () => ({ path: '/v1/tenant' }) })
securitySuite('PATCH /v1/tenant', { surface: 'admin', method: 'PATCH', setup: async () => ({ path: '/v1/tenant', body: { locale: 'en-US' } }) })
securitySuite('GET /v1/audit-events', { surface: 'admin', method: 'GET', setup: async () => ({ path: '/v1/audit-events' }) })
