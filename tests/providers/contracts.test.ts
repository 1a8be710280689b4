import { describe, expect, it } from 'vitest'
import { courtProgramExample } from '../../src/modules/programs/programs.schemas'
import { expectProblem, newTenant } from '../helpers/harness'
import { createContract, createProgram, createProvider, summer } from './fixtures'

const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((c) => c.id)

describe('contracts', () => {
  it('binds a provider to programs for a period, and reads back with an ETag', async () => {
    const t = await newTenant()
    const provider = await createProvider(t)
    const [p1, p2] = [await createProgram(t, 'Summer A'), await createProgram(t, 'Summer B')]
    const created = await t.post('/v1/contracts', { provider_id: provider.id, program_ids: [p2?.id, p1?.id], ...summer, notes: 'Two carers per group.' })
    expect(created.status, created.text).toBe(201)
    expect(created.body).toEqual({
      id: expect.stringMatching(/^ctr_[0-7][0-9a-z]{25}$/),
      object: 'contract',
      provider_id: provider.id,
      program_ids: [p1?.id, p2?.id],
      starts_on: '2027-07-05',
      ends_on: '2027-08-13',
      notes: 'Two carers per group.',
      status: 'scheduled',
      revoked_at: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    })
    expect(created.headers.get('etag')).toBe('"1"')
    const read = await t.get(`/v1/contracts/${created.body.id}`)
    expect(read.body).toEqual(created.body)
    expect(read.headers.get('etag')).toBe('"1"')
  })

  it('reports its status on the tenant calendar', async () => {
    const t = await newTenant()
    expect((await createContract(t, { starts_on: '2020-01-01', ends_on: '2099-12-31' })).status).toBe('active')
    expect((await createContract(t, { starts_on: '2020-06-01', ends_on: '2020-08-31' })).status).toBe('expired')
    expect((await createContract(t, { starts_on: '2099-06-01', ends_on: '2099-06-01' })).status).toBe('scheduled')
  })

  it('answers every broken rule at once, naming each field, and stores nothing', async () => {
    const [t, other] = [await newTenant(), await newTenant()]
    const theirProvider = await createProvider(other)
    const theirProgram = await createProgram(other)
    const mine = await createProgram(t)
    const res = await t.post('/v1/contracts', {
      provider_id: theirProvider.id,
      program_ids: [mine.id, theirProgram.id, 'prg_01jd7k3m5n6p7q8r9s0t1v2w3x'],
      starts_on: '2027-08-13',
      ends_on: '2027-07-05',
    })
    expectProblem(res, 422, 'invalid_request')
    expect(res.body.errors).toEqual([
      { path: 'ends_on', message: 'ends_on 2027-07-05 is before starts_on 2027-08-13; a contract ends on or after the day it starts' },
      { path: 'provider_id', message: `no provider ${theirProvider.id} in this tenant` },
      { path: 'program_ids.1', message: `no program ${theirProgram.id} in this tenant` },
      { path: 'program_ids.2', message: 'no program prg_01jd7k3m5n6p7q8r9s0t1v2w3x in this tenant' },
    ])
    expect(res.body.detail).toMatch(/^The contract breaks 4 rules: ends_on: /)
    expect((await t.get('/v1/contracts')).body.data).toEqual([])
    expect((await t.get('/v1/audit-events')).body.data.filter((e: { action: string }) => e.action.startsWith('contract'))).toEqual([])
  })

  it('refuses a malformed body with 422 naming the field', async () => {
    const t = await newTenant()
    const provider = await createProvider(t)
    const program = await createProgram(t)
    const cases: [Record<string, unknown>, string][] = [
      [{ program_ids: [] }, 'program_ids'],
      [{ program_ids: [program.id, program.id] }, 'program_ids.1'],
      [{ program_ids: ['prv_01jd7k3m5n6p7q8r9s0t1v2w3x'] }, 'program_ids.0'],
      [{ starts_on: '2027-02-29' }, 'starts_on'],
      [{ ends_on: '13 August' }, 'ends_on'],
      [{ notes: 'x'.repeat(2001) }, 'notes'],
      [{ provider: provider.id }, 'provider'],
    ]
    for (const [change, path] of cases) {
      const res = await t.post('/v1/contracts', { provider_id: provider.id, program_ids: [program.id], ...summer, ...change })
      expectProblem(res, 422, 'invalid_request')
      expect(
        res.body.errors.map((e: { path: string }) => e.path),
        JSON.stringify(change),
      ).toContain(path)
    }
    expect((await t.get('/v1/contracts')).body.data).toEqual([])
  })

  it('lists newest first, filtered by provider, program and status, with a cursor', async () => {
    const t = await newTenant()
    const [a, b] = [await createProvider(t), await createProvider(t, { name: 'Volunteers', kind: 'volunteers' })]
    const [p1, p2] = [await createProgram(t), await createProgram(t)]
    const c1 = await createContract(t, { provider_id: a.id, program_ids: [p1.id] })
    const c2 = await createContract(t, { provider_id: b.id, program_ids: [p1.id, p2.id], starts_on: '2020-01-01', ends_on: '2020-12-31' })
    const c3 = await createContract(t, { provider_id: a.id, program_ids: [p2.id] })
    await t.post(`/v1/contracts/${c3.id}/revoke`)

    const first = await t.get('/v1/contracts?limit=2')
    const rest = await t.get(`/v1/contracts?limit=2&cursor=${first.body.next_cursor}`)
    expect([...ids(first), ...ids(rest)]).toEqual([c3.id, c2.id, c1.id])
    expect(ids(await t.get(`/v1/contracts?provider_id=${a.id}`))).toEqual([c3.id, c1.id])
    expect(ids(await t.get(`/v1/contracts?program_id=${p2.id}`))).toEqual([c3.id, c2.id])
    expect(ids(await t.get(`/v1/contracts?program_id=${p1.id}&provider_id=${b.id}`))).toEqual([c2.id])
    expect(ids(await t.get('/v1/contracts?status=scheduled'))).toEqual([c1.id])
    expect(ids(await t.get('/v1/contracts?status=expired'))).toEqual([c2.id])
    expect(ids(await t.get('/v1/contracts?status=revoked'))).toEqual([c3.id])
    expect(ids(await t.get('/v1/contracts?status=active'))).toEqual([])
    expect((await t.get(`/v1/contracts?provider_id=${a.id}`)).body.data[1].program_ids).toEqual([p1.id])
    // Another tenant's provider is just a provider this tenant does not have.
    const other = await newTenant()
    expect(ids(await other.get(`/v1/contracts?provider_id=${a.id}`))).toEqual([])
    expectProblem(await t.get('/v1/contracts?status=paused'), 422, 'invalid_request')
    expectProblem(await t.get('/v1/contracts?provider_id=nope'), 422, 'invalid_request')
  })

  it('changes programs, dates and notes, checking the result and If-Match', async () => {
    const t = await newTenant()
    const [p1, p2, p3] = [await createProgram(t), await createProgram(t), await createProgram(t)]
    const c = await createContract(t, { program_ids: [p1.id, p2.id] })
    const res = await t.patch(`/v1/contracts/${c.id}`, { program_ids: [p2.id, p3.id], ends_on: '2027-08-20', notes: null }, { headers: { 'If-Match': '"1"' } })
    expect(res.status, res.text).toBe(200)
    expect(res.body).toMatchObject({ program_ids: [p2.id, p3.id], starts_on: '2027-07-05', ends_on: '2027-08-20', notes: null })
    expect(res.headers.get('etag')).toBe('"2"')

    expectProblem(await t.patch(`/v1/contracts/${c.id}`, { notes: 'late' }, { headers: { 'If-Match': '"1"' } }), 412, 'precondition_failed')
    const early = await t.patch(`/v1/contracts/${c.id}`, { ends_on: '2027-07-01' })
    expectProblem(early, 422, 'invalid_request')
    expect(early.body.errors).toEqual([{ path: 'ends_on', message: expect.stringContaining('ends_on 2027-07-01 is before starts_on 2027-07-05') }])
    const other = await newTenant()
    const foreign = await createProgram(other)
    const refused = await t.patch(`/v1/contracts/${c.id}`, { program_ids: [p1.id, foreign.id], notes: 'should not stick' })
    expect(refused.body.errors).toEqual([{ path: 'program_ids.1', message: `no program ${foreign.id} in this tenant` }])
    expectProblem(await t.patch(`/v1/contracts/${c.id}`, { provider_id: c.provider_id }), 422, 'invalid_request')

    const read = await t.get(`/v1/contracts/${c.id}`)
    expect(read.body).toMatchObject({ program_ids: [p2.id, p3.id], ends_on: '2027-08-20', notes: null })
    expect(read.headers.get('etag')).toBe('"2"')
    const audit = await t.get(`/v1/audit-events?object_id=${c.id}`)
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(['contract.updated', 'contract.created'])
    expect(audit.body.data[0].details).toEqual({ fields: ['program_ids', 'ends_on', 'notes'], programs_added: [p3.id], programs_removed: [p1.id] })
  })

  it('revokes for good: idempotent, then refuses changes with 409', async () => {
    const t = await newTenant()
    const c = await createContract(t)
    const revoked = await t.post(`/v1/contracts/${c.id}/revoke`)
    expect(revoked.status, revoked.text).toBe(200)
    expect(revoked.body).toMatchObject({ id: c.id, status: 'revoked', revoked_at: expect.any(String) })
    const again = await t.post(`/v1/contracts/${c.id}/revoke`)
    expect(again.body.revoked_at).toBe(revoked.body.revoked_at)
    const change = await t.patch(`/v1/contracts/${c.id}`, { notes: 'extend' })
    expectProblem(change, 409, 'invalid_state')
    expect(change.body.detail).toContain('revoked')
    const audit = await t.get(`/v1/audit-events?object_id=${c.id}`)
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(['contract.revoked', 'contract.created'])
  })

  it("answers 404 for another tenant's contract, and changes nothing there", async () => {
    const [a, b] = [await newTenant(), await newTenant()]
    const c = await createContract(a)
    expectProblem(await b.get(`/v1/contracts/${c.id}`), 404, 'not_found')
    expectProblem(await b.patch(`/v1/contracts/${c.id}`, { notes: 'mine' }), 404, 'not_found')
    expectProblem(await b.post(`/v1/contracts/${c.id}/revoke`), 404, 'not_found')
    expect((await a.get(`/v1/contracts/${c.id}`)).body).toMatchObject({ status: 'scheduled', notes: null })
  })
})

describe('contracts and program publishing', () => {
  it('counts a program as having a provider only while a contract that is not revoked covers it', async () => {
    const t = await newTenant()
    const site = await t.post('/v1/sites', { name: 'Court care room', address: '运城市中级人民法院 综合楼一层' })
    expect(site.status, site.text).toBe(201)
    const program = await t.post('/v1/programs', { ...courtProgramExample, site_id: site.body.id })
    expect(program.status, program.text).toBe(201)
    const publish = () => t.post(`/v1/programs/${program.body.id}/publish`)
    const missing = (res: { body: { errors?: { path: string }[] } }) => (res.body.errors ?? []).map((e) => e.path)

    expect(missing(await publish())).toContain('provider_assignment')
    const revoked = await createContract(t, { program_ids: [program.body.id] })
    await t.post(`/v1/contracts/${revoked.id}/revoke`)
    expect(missing(await publish())).toContain('provider_assignment')
    await createContract(t, { program_ids: [program.body.id] })
    const published = await publish()
    expect(published.status, published.text).toBe(200)
    expect(published.body.status).toBe('published')
  })
})
