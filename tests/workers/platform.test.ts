import { describe, expect, it } from 'vitest'
import { expectProblem, newTenant, operator } from './client'

const slug = () => `w-${crypto.randomUUID().slice(0, 18)}`

describe('workerd: platform surface', () => {
  it('creates a tenant and issues its first HR key', async () => {
    const t = await newTenant()
    expect(t.id).toMatch(/^ten_[0-7][0-9a-z]{25}$/)
    expect(t.key).toMatch(/^sk_/)
    const read = await operator().get(`/v1/platform/tenants/${t.id}`)
    expect(read.status, read.text).toBe(200)
    expect(read.body).toMatchObject({ id: t.id, object: 'tenant', slug: t.slug, time_zone: 'Asia/Shanghai', status: 'active' })
  })

  it('answers 404 for an unknown tenant and 401 to anything but the operator key', async () => {
    expectProblem(await operator().get('/v1/platform/tenants/ten_01jd7k3m5n6p7q8r9s0t1v2w3x'), 404, 'not_found')
    const t = await newTenant()
    expectProblem(await t.get(`/v1/platform/tenants/${t.id}`), 401, 'unauthenticated')
  })

  it('suspending a tenant stops its keys at once; reactivating restores them', async () => {
    const t = await newTenant()
    expect((await operator().post(`/v1/platform/tenants/${t.id}/suspend`)).status).toBe(200)
    expectProblem(await t.get('/v1/tenant'), 403, 'tenant_suspended')
    expect((await operator().post(`/v1/platform/tenants/${t.id}/reactivate`)).status).toBe(200)
    expect((await t.get('/v1/tenant')).status).toBe(200)
  })

  it('runs concurrent retries with one Idempotency-Key once and replays the first answer', async () => {
    const body = { slug: slug(), name: 'Yuncheng Unicom' }
    const headers = { 'Idempotency-Key': crypto.randomUUID() }
    const answers = await Promise.all([1, 2, 3].map(() => operator().post('/v1/platform/tenants', body, { headers })))
    for (const a of answers) expect(a.status, a.text).toBe(201)
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1)
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(2)
    expectProblem(await operator().post('/v1/platform/tenants', { ...body, name: 'Other' }, { headers }), 422, 'idempotency_key_reused')
  })
})
