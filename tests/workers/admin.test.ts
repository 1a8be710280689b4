import { describe, expect, it } from 'vitest'
import { bearer, clientFor, expectProblem, newTenant } from './client'

describe('workerd: admin surface with an HR key', () => {
  it('reads the tenant and changes it under If-Match', async () => {
    const t = await newTenant()
    const read = await t.get('/v1/tenant')
    expect(read.status, read.text).toBe(200)
    expect(read.body).toMatchObject({ id: t.id, slug: t.slug, object: 'tenant' })
    const etag = read.headers.get('etag')
    expect(etag).toMatch(/^"\d+"$/)

    const changed = await t.patch(
      '/v1/tenant',
      { name: '运城市中级人民法院', branding: { display_name: 'Court Summer Care', primary_color: '#8B1A1A' } },
      { headers: { 'If-Match': String(etag) } },
    )
    expect(changed.status, changed.text).toBe(200)
    expect(changed.body).toMatchObject({ name: '运城市中级人民法院', branding: { display_name: 'Court Summer Care', primary_color: '#8B1A1A' } })
    expect(changed.headers.get('etag')).not.toBe(etag)
    expect((await t.get('/v1/tenant')).body.name).toBe('运城市中级人民法院')

    expectProblem(await t.patch('/v1/tenant', { name: 'Lost update' }, { headers: { 'If-Match': String(etag) } }), 412, 'precondition_failed')
    const bad = await t.patch('/v1/tenant', { time_zone: 'Mars/Olympus' })
    expectProblem(bad, 422, 'invalid_request')
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'time_zone' })])
    expect((await t.get('/v1/tenant')).body.name).toBe('运城市中级人民法院')
  })

  it("lists, issues and revokes API keys, and sees only its own tenant's", async () => {
    const t = await newTenant()
    const other = await newTenant()
    const issued = await t.post('/v1/api-keys', { name: 'Payroll sync', scopes: ['read'] })
    expect(issued.status, issued.text).toBe(201)
    expect(issued.body.secret).toMatch(/^sk_/)

    const list = await t.get('/v1/api-keys')
    expect(list.status, list.text).toBe(200)
    expect(list.body.data.map((k: { name: string }) => k.name).sort()).toEqual(['HR', 'Payroll sync'])
    expect(list.text).not.toContain(issued.body.secret)
    expect((await other.get('/v1/api-keys')).body.data.map((k: { name: string }) => k.name)).toEqual(['HR'])

    const reader = clientFor(bearer(issued.body.secret))
    expect((await reader.get('/v1/tenant')).status).toBe(200)
    expectProblem(await reader.patch('/v1/tenant', { name: 'x' }), 403, 'insufficient_scope')
    expectProblem(await other.delete(`/v1/api-keys/${issued.body.id}`), 404, 'not_found')
    expect((await t.delete(`/v1/api-keys/${issued.body.id}`)).status).toBe(200)
    expectProblem(await reader.get('/v1/tenant'), 401, 'unauthenticated')
  })

  it('records every change in the audit log', async () => {
    const t = await newTenant()
    await t.patch('/v1/tenant', { locale: 'en-GB' })
    const events = await t.get('/v1/audit-events')
    expect(events.status, events.text).toBe(200)
    expect(events.body.data.map((e: { action: string }) => e.action)).toContain('tenant.updated')
  })
})
