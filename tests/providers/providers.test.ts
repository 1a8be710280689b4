import { describe, expect, it } from 'vitest'
import { expectProblem, newTenant } from '../helpers/harness'
import { agency, createContract, createProgram, createProvider, summer } from './fixtures'

describe('providers', () => {
  it('creates a provider and reads it back with an ETag', async () => {
    const t = await newTenant()
    const created = await t.post('/v1/providers', agency)
    expect(created.status, created.text).toBe(201)
    expect(created.body).toEqual({
      id: expect.stringMatching(/^prv_[0-7][0-9a-z]{25}$/),
      object: 'provider',
      name: '阳光托育服务中心',
      kind: 'agency',
      contact: { name: '王老师', phone: '+86 359 202 0123', email: 'care@sunshine.example.cn' },
      created_at: expect.any(String),
      updated_at: expect.any(String),
    })
    expect(created.headers.get('etag')).toBe('"1"')
    const read = await t.get(`/v1/providers/${created.body.id}`)
    expect(read.status).toBe(200)
    expect(read.body).toEqual(created.body)
    expect(read.headers.get('etag')).toBe('"1"')
  })

  it('takes each kind, and a provider without contact details', async () => {
    const t = await newTenant()
    for (const kind of ['agency', 'in_house_staff', 'volunteers']) {
      const res = await t.post('/v1/providers', { name: `P ${kind}`, kind })
      expect(res.status, res.text).toBe(201)
      expect(res.body).toMatchObject({ kind, contact: {} })
    }
  })

  it('refuses bad input with 422 naming every field, and stores nothing', async () => {
    const t = await newTenant()
    const bad = await t.post('/v1/providers', { name: ' ', kind: 'nanny', contact: { phone: 'call me', email: 'nope', fax: '1' } })
    expectProblem(bad, 422, 'invalid_request')
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['contact.email', 'contact.fax', 'contact.phone', 'kind', 'name'])
    expect((await t.get('/v1/providers')).body.data).toEqual([])
  })

  it('lists newest first, filters by kind and pages with a cursor', async () => {
    const t = await newTenant()
    const made = []
    for (const kind of ['agency', 'volunteers', 'agency']) made.push(await createProvider(t, { name: `P ${made.length}`, kind }))
    const first = await t.get('/v1/providers?limit=2')
    expect(first.body).toMatchObject({ object: 'list', has_more: true })
    const second = await t.get(`/v1/providers?limit=2&cursor=${first.body.next_cursor}`)
    expect(second.body).toMatchObject({ has_more: false, next_cursor: null })
    expect([...first.body.data, ...second.body.data].map((p: { id: string }) => p.id)).toEqual(made.map((p) => p.id).reverse())
    const agencies = await t.get('/v1/providers?kind=agency')
    expect(agencies.body.data.map((p: { id: string }) => p.id)).toEqual([made[2]?.id, made[0]?.id])
    expectProblem(await t.get('/v1/providers?kind=nanny'), 422, 'invalid_request')
  })

  it('updates name, kind and contact (replaced whole), honouring If-Match', async () => {
    const t = await newTenant()
    const p = await createProvider(t)
    const updated = await t.patch(`/v1/providers/${p.id}`, { kind: 'in_house_staff', contact: { name: '李老师' } }, { headers: { 'If-Match': '"1"' } })
    expect(updated.status, updated.text).toBe(200)
    expect(updated.body).toMatchObject({ name: agency.name, kind: 'in_house_staff', contact: { name: '李老师' } })
    expect(updated.body.contact).toEqual({ name: '李老师' })
    expect(updated.headers.get('etag')).toBe('"2"')
    expectProblem(await t.patch(`/v1/providers/${p.id}`, { name: 'Stale' }, { headers: { 'If-Match': '"1"' } }), 412, 'precondition_failed')
    expectProblem(await t.patch(`/v1/providers/${p.id}`, { name: '' }), 422, 'invalid_request')
    expect((await t.get(`/v1/providers/${p.id}`)).body.name).toBe(agency.name)
  })

  it('deletes a provider no contract names, and refuses with 409 while one does', async () => {
    const t = await newTenant()
    const lonely = await createProvider(t)
    const deleted = await t.delete(`/v1/providers/${lonely.id}`)
    expect(deleted.status, deleted.text).toBe(200)
    expect(deleted.body).toEqual({ id: lonely.id, object: 'provider', deleted: true })
    expectProblem(await t.get(`/v1/providers/${lonely.id}`), 404, 'not_found')
    expectProblem(await t.delete(`/v1/providers/${lonely.id}`), 404, 'not_found')

    const contract = await createContract(t)
    const refused = await t.delete(`/v1/providers/${contract.provider_id}`)
    expectProblem(refused, 409, 'conflict')
    expect(refused.body.detail).toContain('named by 1 contract;')
    // Revoked contracts stay on record, so the provider stays too.
    expect((await t.post(`/v1/contracts/${contract.id}/revoke`)).status).toBe(200)
    expectProblem(await t.delete(`/v1/providers/${contract.provider_id}`), 409, 'conflict')
    expect((await t.get(`/v1/providers/${contract.provider_id}`)).status).toBe(200)
  })

  it('never leaves a contract naming a deleted provider when both race', async () => {
    const t = await newTenant()
    const program = await createProgram(t)
    for (let i = 0; i < 5; i++) {
      const p = await createProvider(t)
      const [contract, deleted] = await Promise.all([
        t.post('/v1/contracts', { provider_id: p.id, program_ids: [program.id], ...summer }),
        t.delete(`/v1/providers/${p.id}`),
      ])
      // One of them wins; the other is refused cleanly.
      if (contract.status === 201) expectProblem(deleted, 409, 'conflict')
      else {
        expect(deleted.status, deleted.text).toBe(200)
        expectProblem(contract, 422, 'invalid_request')
      }
    }
  })

  it('records every change in the audit log', async () => {
    const t = await newTenant()
    const p = await createProvider(t)
    await t.patch(`/v1/providers/${p.id}`, { name: 'Renamed' })
    await t.delete(`/v1/providers/${p.id}`)
    const audit = await t.get(`/v1/audit-events?object_id=${p.id}`)
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(['provider.deleted', 'provider.updated', 'provider.created'])
    expect(audit.body.data[1].details).toEqual({ fields: ['name'] })
  })

  it("answers 404 for another tenant's provider and for ids that cannot exist", async () => {
    const [a, b] = [await newTenant(), await newTenant()]
    const p = await createProvider(a)
    expectProblem(await b.get(`/v1/providers/${p.id}`), 404, 'not_found')
    expectProblem(await b.patch(`/v1/providers/${p.id}`, { name: 'Mine' }), 404, 'not_found')
    expectProblem(await b.delete(`/v1/providers/${p.id}`), 404, 'not_found')
    expect((await a.get(`/v1/providers/${p.id}`)).body.name).toBe(agency.name)
    expectProblem(await a.get('/v1/providers/prv_01jd7k3m5n6p7q8r9s0t1v2w3x'), 404, 'not_found')
    expectProblem(await a.get('/v1/providers/ctr_01jd7k3m5n6p7q8r9s0t1v2w3x'), 422, 'invalid_request')
  })
})
