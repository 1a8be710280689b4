import { describe, expect, it } from 'vitest'
import { expectProblem, newTenant } from '../helpers/harness'
import { securitySuite } from '../helpers/security'
import { assignProvider, createProgram } from './fixtures'

const small = { name: '小班', min_age: 3, max_age: 4, capacity: 20, children_per_staff: 8 }
const large = { name: '大班', min_age: 5, max_age: 7, capacity: 40 }

describe('program groups', () => {
  it('creates groups inside the program’s band, reads, lists, changes and deletes them', async () => {
    const t = await newTenant()
    const p = await createProgram(t)
    const a = await t.post(`/v1/programs/${p.id}/groups`, small)
    expect(a.status, a.text).toBe(201)
    expect(a.body).toMatchObject({ object: 'program_group', id: expect.stringMatching(/^grp_/), program_id: p.id, ...small, staff_needed: 3 })
    const b = await t.post(`/v1/programs/${p.id}/groups`, large)
    expect(b.body).toMatchObject({ children_per_staff: null, staff_needed: null })

    expect((await t.get(`/v1/programs/${p.id}/groups`)).body.data.map((g: { name: string }) => g.name)).toEqual(['小班', '大班'])
    const read = await t.get(`/v1/programs/${p.id}/groups/${a.body.id}`)
    expect(read.body).toEqual(a.body)
    expect(read.headers.get('etag')).toBe('"1"')

    const changed = await t.patch(`/v1/programs/${p.id}/groups/${a.body.id}`, { capacity: 24, children_per_staff: null }, { headers: { 'If-Match': '"1"' } })
    expect(changed.body).toMatchObject({ capacity: 24, children_per_staff: null, staff_needed: null, name: '小班' })
    expectProblem(await t.patch(`/v1/programs/${p.id}/groups/${a.body.id}`, { capacity: 25 }, { headers: { 'If-Match': '"1"' } }), 412, 'precondition_failed')

    const deleted = await t.delete(`/v1/programs/${p.id}/groups/${b.body.id}`)
    expect(deleted.body).toEqual({ id: b.body.id, object: 'program_group', deleted: true })
    expectProblem(await t.get(`/v1/programs/${p.id}/groups/${b.body.id}`), 404, 'not_found')

    const audit = await t.get(`/v1/audit-events?object_id=${a.body.id}`)
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(['program_group.updated', 'program_group.created'])
  })

  it('refuses a group outside the program’s band or capacity with 422 naming the field, and stores nothing', async () => {
    const t = await newTenant()
    const p = await createProgram(t)
    const outside = await t.post(`/v1/programs/${p.id}/groups`, { name: 'Toddlers', min_age: 2, max_age: 8, capacity: 61 })
    expectProblem(outside, 422, 'invalid_request')
    expect(outside.body.errors).toEqual([
      { path: 'min_age', message: "min_age 2 is below the program's 3–7" },
      { path: 'max_age', message: "max_age 8 is above the program's 3–7" },
      { path: 'capacity', message: "capacity 61 exceeds the program's capacity 60" },
    ])
    expectProblem(await t.post(`/v1/programs/${p.id}/groups`, { ...small, min_age: 5, max_age: 4 }), 422, 'invalid_request')
    const noRule = (await t.post('/v1/programs', { name: 'No rule yet' })).body
    const refused = await t.post(`/v1/programs/${noRule.id}/groups`, small)
    expectProblem(refused, 422, 'invalid_request')
    expect(refused.body.errors[0].message).toMatch(/no age rule yet/)
    expect((await t.get(`/v1/programs/${p.id}/groups`)).body.data).toEqual([])
  })

  it('keeps group names unique within a program', async () => {
    const t = await newTenant()
    const p = await createProgram(t)
    await t.post(`/v1/programs/${p.id}/groups`, small)
    expectProblem(await t.post(`/v1/programs/${p.id}/groups`, { ...small, min_age: 4 }), 409, 'conflict')
    const other = await t.post(`/v1/programs/${p.id}/groups`, large)
    expectProblem(await t.patch(`/v1/programs/${p.id}/groups/${other.body.id}`, { name: '小班' }), 409, 'conflict')
  })

  it('refuses program changes the groups would no longer fit, with 409 naming them', async () => {
    const t = await newTenant()
    const p = await createProgram(t)
    await t.post(`/v1/programs/${p.id}/groups`, small)
    const narrowed = await t.patch(`/v1/programs/${p.id}`, { age_rule: { min_age: 4, max_age: 7, measured_on: 'program_start' }, capacity: 10 })
    expectProblem(narrowed, 409, 'conflict')
    expect(narrowed.body.errors).toEqual([
      { path: 'age_rule', message: "group 小班 takes ages 3–4, outside the program's 4–7" },
      { path: 'capacity', message: "group 小班 has capacity 20, more than the program's 10" },
    ])
    expectProblem(await t.patch(`/v1/programs/${p.id}`, { age_rule: null }), 409, 'conflict')
    expect((await t.get(`/v1/programs/${p.id}`)).body).toMatchObject({ capacity: 60, age_rule: { min_age: 3 } })
  })

  it('freezes the groups of a closed program', async () => {
    const t = await newTenant()
    const p = await createProgram(t)
    const g = (await t.post(`/v1/programs/${p.id}/groups`, small)).body
    await assignProvider(t, [p.id])
    await t.post(`/v1/programs/${p.id}/publish`)
    expect((await t.patch(`/v1/programs/${p.id}/groups/${g.id}`, { capacity: 22 })).status).toBe(200)
    await t.post(`/v1/programs/${p.id}/close`)
    expectProblem(await t.post(`/v1/programs/${p.id}/groups`, large), 409, 'invalid_state')
    expectProblem(await t.delete(`/v1/programs/${p.id}/groups/${g.id}`), 409, 'invalid_state')
    expect((await t.get(`/v1/programs/${p.id}/groups/${g.id}`)).body.capacity).toBe(22)
  })

  it("answers 404 for a group of another program or another tenant's", async () => {
    const [a, b] = [await newTenant(), await newTenant()]
    const p = await createProgram(a)
    const q = await createProgram(a)
    const g = (await a.post(`/v1/programs/${p.id}/groups`, small)).body
    expectProblem(await a.get(`/v1/programs/${q.id}/groups/${g.id}`), 404, 'not_found')
    expectProblem(await a.delete(`/v1/programs/${q.id}/groups/${g.id}`), 404, 'not_found')
    expectProblem(await b.get(`/v1/programs/${p.id}/groups/${g.id}`), 404, 'not_found')
    expectProblem(await b.get(`/v1/programs/${p.id}/groups`), 404, 'not_found')
    expectProblem(await b.post(`/v1/programs/${p.id}/groups`, large), 404, 'not_found')
    expect((await a.get(`/v1/programs/${p.id}/groups`)).body.data).toHaveLength(1)
  })
})

const withGroup = async (t: Awaited<ReturnType<typeof newTenant>>) => {
  const p = await createProgram(t)
  const g = (await t.post(`/v1/programs/${p.id}/groups`, small)).body
  return `/v1/programs/${p.id}/groups/${g.id}`
}
securitySuite('POST /v1/programs/{program_id}/groups', {
  surface: 'admin',
  method: 'POST',
  setup: async (t) => ({ path: `/v1/programs/${(await createProgram(t)).id}/groups`, body: small }),
})
securitySuite('GET /v1/programs/{program_id}/groups', {
  surface: 'admin',
  method: 'GET',
  setup: async (t) => ({ path: `/v1/programs/${(await createProgram(t)).id}/groups` }),
})
securitySuite('GET /v1/programs/{program_id}/groups/{group_id}', { surface: 'admin', method: 'GET', setup: async (t) => ({ path: await withGroup(t) }) })
securitySuite('PATCH /v1/programs/{program_id}/groups/{group_id}', {
  surface: 'admin',
  method: 'PATCH',
  setup: async (t) => ({ path: await withGroup(t), body: { capacity: 5 } }),
})
securitySuite('DELETE /v1/programs/{program_id}/groups/{group_id}', { surface: 'admin', method: 'DELETE', setup: async (t) => ({ path: await withGroup(t) }) })
