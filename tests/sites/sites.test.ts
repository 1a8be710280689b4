import { describe, expect, it } from 'vitest'
import { expectProblem, newTenant } from '../helpers/harness'
import { securitySuite } from '../helpers/security'

const bankSite = {
  name: '运城农商银行职工子女暑期托管中心',
  address: '运城农商银行总行 三楼',
  capacity_note: 'Study room and play room',
  contact_phone: '+86 359 201 8866',
}

describe('sites', () => {
  it('creates, reads, lists, changes and deletes a site', async () => {
    const t = await newTenant()
    const created = await t.post('/v1/sites', bankSite)
    expect(created.status, created.text).toBe(201)
    expect(created.body).toMatchObject({ object: 'site', ...bankSite, id: expect.stringMatching(/^sit_/) })
    expect(created.headers.get('etag')).toBe('"1"')

    const read = await t.get(`/v1/sites/${created.body.id}`)
    expect(read.body).toEqual(created.body)

    const changed = await t.patch(`/v1/sites/${created.body.id}`, { contact_phone: '0359-2018867', capacity_note: null }, { headers: { 'If-Match': '"1"' } })
    expect(changed.status, changed.text).toBe(200)
    expect(changed.body).toMatchObject({ name: bankSite.name, contact_phone: '0359-2018867', capacity_note: null })
    expect(changed.headers.get('etag')).toBe('"2"')

    const list = await t.get('/v1/sites')
    expect(list.body.data.map((s: { id: string }) => s.id)).toEqual([created.body.id])

    const deleted = await t.delete(`/v1/sites/${created.body.id}`)
    expect(deleted.body).toEqual({ id: created.body.id, object: 'site', deleted: true })
    expectProblem(await t.get(`/v1/sites/${created.body.id}`), 404, 'not_found')

    const audit = await t.get(`/v1/audit-events?object_id=${created.body.id}`)
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(['site.deleted', 'site.updated', 'site.created'])
  })

  it('refuses a stale If-Match with 412 and changes nothing', async () => {
    const t = await newTenant()
    const site = await t.post('/v1/sites', bankSite)
    await t.patch(`/v1/sites/${site.body.id}`, { name: 'Renamed' })
    expectProblem(await t.patch(`/v1/sites/${site.body.id}`, { name: 'Lost update' }, { headers: { 'If-Match': '"1"' } }), 412, 'precondition_failed')
    expectProblem(await t.delete(`/v1/sites/${site.body.id}`, { headers: { 'If-Match': '"1"' } }), 412, 'precondition_failed')
    expect((await t.get(`/v1/sites/${site.body.id}`)).body.name).toBe('Renamed')
  })

  it('answers 422 naming each bad field, and stores nothing', async () => {
    const t = await newTenant()
    const bad = await t.post('/v1/sites', { name: '', address: 'x', contact_phone: 'call me', color: 'red' })
    expectProblem(bad, 422, 'invalid_request')
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['color', 'contact_phone', 'name'])
    expect((await t.get('/v1/sites')).body.data).toEqual([])
  })

  it('refuses to delete a site a program names, saying how many', async () => {
    const t = await newTenant()
    const site = await t.post('/v1/sites', bankSite)
    await t.post('/v1/programs', { name: 'Summer 2027', site_id: site.body.id })
    await t.post('/v1/programs', { name: 'Winter 2027', site_id: site.body.id })
    const refused = await t.delete(`/v1/sites/${site.body.id}`)
    expectProblem(refused, 409, 'conflict')
    expect(refused.body.detail).toContain('2 programs name this site')
    expect((await t.get(`/v1/sites/${site.body.id}`)).status).toBe(200)
  })

  it("pages newest first and keeps another tenant's sites out of sight", async () => {
    const [a, b] = [await newTenant(), await newTenant()]
    const ids: string[] = []
    for (const n of [1, 2, 3]) ids.push((await a.post('/v1/sites', { ...bankSite, name: `Site ${n}` })).body.id)
    const first = await a.get('/v1/sites?limit=2')
    const second = await a.get(`/v1/sites?limit=2&cursor=${first.body.next_cursor}`)
    expect([...first.body.data, ...second.body.data].map((s: { id: string }) => s.id)).toEqual([...ids].reverse())
    expect(second.body.has_more).toBe(false)
    expect((await b.get('/v1/sites')).body.data).toEqual([])
    expectProblem(await b.get(`/v1/sites/${ids[0]}`), 404, 'not_found')
    expectProblem(await b.patch(`/v1/sites/${ids[0]}`, { name: 'Taken over' }), 404, 'not_found')
    expectProblem(await b.delete(`/v1/sites/${ids[0]}`), 404, 'not_found')
    expect((await a.get(`/v1/sites/${ids[0]}`)).body.name).toBe('Site 1')
  })
})

const site = async (t: Awaited<ReturnType<typeof newTenant>>) => (await t.post('/v1/sites', bankSite)).body.id as string
securitySuite('POST /v1/sites', { surface: 'admin', method: 'POST', setup: async () => ({ path: '/v1/sites', body: bankSite }) })
securitySuite('GET /v1/sites', { surface: 'admin', method: 'GET', setup: async () => ({ path: '/v1/sites' }) })
securitySuite('GET /v1/sites/{site_id}', { surface: 'admin', method: 'GET', setup: async (t) => ({ path: `/v1/sites/${await site(t)}` }) })
securitySuite('PATCH /v1/sites/{site_id}', {
  surface: 'admin',
  method: 'PATCH',
  setup: async (t) => ({ path: `/v1/sites/${await site(t)}`, body: { name: 'x' } }),
})
securitySuite('DELETE /v1/sites/{site_id}', { surface: 'admin', method: 'DELETE', setup: async (t) => ({ path: `/v1/sites/${await site(t)}` }) })
