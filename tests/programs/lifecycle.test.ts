import { describe, expect, it } from 'vitest'
import { expectProblem, newTenant } from '../helpers/harness'
import { securitySuite } from '../helpers/security'
import { assignProvider, createProgram } from './fixtures'

describe('program lifecycle: draft → published → closed → archived', () => {
  it('refuses to publish an incomplete draft, listing every missing piece at once', async () => {
    const t = await newTenant()
    const draft = (await t.post('/v1/programs', { name: 'Only a name' })).body
    const res = await t.post(`/v1/programs/${draft.id}/publish`)
    expectProblem(res, 422, 'program_incomplete')
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'site_id',
      'starts_on',
      'ends_on',
      'capacity',
      'age_rule',
      'daily_hours',
      'registration_window',
      'provider_assignment',
    ])
    expect(res.body.detail).toContain('cannot be published yet')
    expect((await t.get(`/v1/programs/${draft.id}`)).body.status).toBe('draft')
  })

  it('publishes a complete program once a contract assigns a provider, then closes and archives it', async () => {
    const t = await newTenant()
    const p = await createProgram(t)
    const unassigned = await t.post(`/v1/programs/${p.id}/publish`)
    expectProblem(unassigned, 422, 'program_incomplete')
    expect(unassigned.body.errors).toEqual([{ path: 'provider_assignment', message: expect.stringContaining('POST /v1/contracts') }])

    await assignProvider(t, [p.id])
    const published = await t.post(`/v1/programs/${p.id}/publish`)
    expect(published.status, published.text).toBe(200)
    expect(published.body).toMatchObject({ status: 'published', published_at: expect.any(String), closed_at: null })
    expect(published.headers.get('etag')).toBe('"2"')
    expectProblem(await t.post(`/v1/programs/${p.id}/publish`), 409, 'invalid_state')
    expectProblem(await t.post(`/v1/programs/${p.id}/archive`), 409, 'invalid_state')

    const closed = await t.post(`/v1/programs/${p.id}/close`)
    expect(closed.body).toMatchObject({ status: 'closed', closed_at: expect.any(String) })
    const frozen = await t.patch(`/v1/programs/${p.id}`, { description: 'too late' })
    expectProblem(frozen, 409, 'invalid_state')
    expect(frozen.body.detail).toMatch(/is closed; only draft and published programs can change/)

    const archived = await t.post(`/v1/programs/${p.id}/archive`)
    expect(archived.body).toMatchObject({ status: 'archived', archived_at: expect.any(String), published_at: published.body.published_at })
    expectProblem(await t.post(`/v1/programs/${p.id}/close`), 409, 'invalid_state')

    const audit = await t.get(`/v1/audit-events?object_id=${p.id}`)
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(['program.archived', 'program.closed', 'program.published', 'program.created'])
  })

  it('does not count a revoked contract as a provider assignment', async () => {
    const t = await newTenant()
    const p = await createProgram(t)
    const { contractId } = await assignProvider(t, [p.id])
    expect((await t.post(`/v1/contracts/${contractId}/revoke`)).status).toBe(200)
    const res = await t.post(`/v1/programs/${p.id}/publish`)
    expectProblem(res, 422, 'program_incomplete')
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['provider_assignment'])
  })

  it('refuses to publish a program that has already ended', async () => {
    const t = await newTenant()
    const p = await createProgram(t, {
      starts_on: '2025-07-07',
      registration_window: { opens_at: '2025-06-01T09:00:00+08:00', closes_at: '2025-06-25T18:00:00+08:00' },
    })
    await assignProvider(t, [p.id])
    const res = await t.post(`/v1/programs/${p.id}/publish`)
    expectProblem(res, 422, 'program_incomplete')
    expect(res.body.errors).toEqual([{ path: 'ends_on', message: 'the program ended on 2025-08-17' }])
  })

  it('archives an abandoned draft directly', async () => {
    const t = await newTenant()
    const draft = (await t.post('/v1/programs', { name: 'Abandoned' })).body
    const archived = await t.post(`/v1/programs/${draft.id}/archive`)
    expect(archived.body).toMatchObject({ status: 'archived', published_at: null })
    expectProblem(await t.post(`/v1/programs/${draft.id}/publish`), 409, 'invalid_state')
  })

  it('keeps a published program complete and editable', async () => {
    const t = await newTenant()
    const p = await createProgram(t)
    await assignProvider(t, [p.id])
    await t.post(`/v1/programs/${p.id}/publish`)
    const cleared = await t.patch(`/v1/programs/${p.id}`, { capacity: null, daily_hours: null })
    expectProblem(cleared, 422, 'invalid_request')
    expect(cleared.body.errors.map((e: { path: string }) => e.path)).toEqual(['capacity', 'daily_hours'])
    expect(cleared.body.errors[0].message).toMatch(/the program is published/)
    const grown = await t.patch(`/v1/programs/${p.id}`, { capacity: 80, description: 'More seats' })
    expect(grown.body).toMatchObject({ status: 'published', capacity: 80 })
    // With no enrollment yet, narrowing and moving are allowed: nothing is stranded.
    const moved = await t.patch(`/v1/programs/${p.id}`, { starts_on: '2027-07-12', age_rule: { min_age: 4, max_age: 7, measured_on: 'program_start' } })
    expect(moved.status, moved.text).toBe(200)
    expect(moved.body).toMatchObject({ starts_on: '2027-07-12', ends_on: '2027-08-22' })
  })

  it('replays a retried publish with the same Idempotency-Key', async () => {
    const t = await newTenant()
    const p = await createProgram(t)
    await assignProvider(t, [p.id])
    const headers = { 'Idempotency-Key': `publish-${p.id}` }
    const first = await t.post(`/v1/programs/${p.id}/publish`, undefined, { headers })
    const retry = await t.post(`/v1/programs/${p.id}/publish`, undefined, { headers })
    expect(retry.status).toBe(200)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect(retry.body).toEqual(first.body)
  })

  it("answers 404 for another tenant's program", async () => {
    const [a, b] = [await newTenant(), await newTenant()]
    const p = await createProgram(a)
    for (const action of ['publish', 'close', 'archive']) expectProblem(await b.post(`/v1/programs/${p.id}/${action}`), 404, 'not_found')
    expect((await a.get(`/v1/programs/${p.id}`)).body.status).toBe('draft')
  })
})

const draft = async (t: Awaited<ReturnType<typeof newTenant>>) => (await createProgram(t)).id
for (const action of ['publish', 'close', 'archive'])
  securitySuite(`POST /v1/programs/{program_id}/${action}`, {
    surface: 'admin',
    method: 'POST',
    setup: async (t) => ({ path: `/v1/programs/${await draft(t)}/${action}` }),
  })
