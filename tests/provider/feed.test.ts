import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { withTenant } from '../../src/db/tenant'
import { removeExpiredFeedEvents } from '../../src/lib/feed'
import { parseApiId } from '../../src/lib/ids'
import { onRealServer, testApp } from '../helpers/app'
import type { Client } from '../helpers/client'
import { expectProblem, newTenant } from '../helpers/harness'
import { dayFromToday, enrolledChild, issueCredential, providerClient, providerWorld } from '../helpers/provider'

type Event = { id: string; type: string; program_id: string; occurred_at: string; payload: Record<string, any> }
type Page = { data: Event[]; has_more: boolean; next_cursor: string }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const page = async (provider: Client, query: string): Promise<Page> => {
  const res = await provider.get(`/v1/provider/feed?${query}`)
  expect(res.status, res.text).toBe(200)
  return res.body
}

/** Everything after the cursor, page by page, as a client following the feed would. */
const drain = async (provider: Client, cursor: string, limit = 100) => {
  const events: Event[] = []
  for (;;) {
    const p = await page(provider, `cursor=${cursor}&limit=${limit}`)
    events.push(...p.data)
    cursor = p.next_cursor
    if (!p.has_more) return { events, cursor }
  }
}

describe('GET /v1/provider/feed', () => {
  it('gives a concurrent reader every event exactly once, in commit order, while many writers check children in and out and change their pickups', async () => {
    // The real server runs writers in parallel on a pool; embedded Postgres (one connection) a smaller load.
    const [writers, perWriter] = onRealServer ? [20, 10] : [4, 3]
    const w = await providerWorld(await newTenant())
    const children: string[][] = []
    for (let i = 0; i < writers; i++) {
      const mine: string[] = []
      for (let j = 0; j < perWriter; j++) mine.push((await enrolledChild(w, { name: `孩子${i}-${j}` })).id)
      children.push(mine)
    }
    const start = (await page(w.provider, 'start=latest')).next_cursor

    const write = async (mine: string[]) => {
      for (const childId of mine) {
        const body = { program_id: w.program.id, child_id: childId }
        const checkedIn = await w.provider.post('/v1/provider/check-ins', body)
        expect(checkedIn.status, checkedIn.text).toBe(201)
        // The guardian changes the pickups meanwhile: the children module writes to the same feed.
        const changed = await w.guardian.patch(`/v1/portal/children/${childId}`, {
          authorized_pickups: [{ name: '王芳', relation: 'aunt', phone: '+86 137 0000 0002' }],
        })
        expect(changed.status, changed.text).toBe(200)
        const checkedOut = await w.provider.post('/v1/provider/check-outs', { ...body, picked_up_by: { kind: 'guardian' } })
        expect(checkedOut.status, checkedOut.text).toBe(201)
      }
    }
    let writing = true
    const seen: Event[] = []
    let restarts = 0
    const follow = async () => {
      // The reader keeps nothing but its cursor; it "restarts" every few pages from that cursor alone.
      let cursor = start
      for (let pages = 1; ; pages++) {
        const stillWriting = writing
        const p = await page(w.provider, `cursor=${cursor}&limit=7`)
        seen.push(...p.data)
        cursor = p.next_cursor
        if (pages % 5 === 0) restarts++
        if (!stillWriting && !p.has_more) return
        if (p.data.length === 0) await sleep(2)
      }
    }
    const reader = follow()
    await Promise.all(children.map(write))
    writing = false
    await reader

    const total = writers * perWriter * 3
    expect(seen).toHaveLength(total)
    expect(new Set(seen.map((e) => e.id)).size).toBe(total)
    // The order the concurrent reader saw is the feed's order, read again after every commit.
    const settled = await drain(w.provider, start)
    expect(seen.map((e) => e.id)).toEqual(settled.events.map((e) => e.id))
    for (const mine of children)
      for (const childId of mine)
        expect(seen.filter((e) => e.payload.child_id === childId).map((e) => e.type)).toEqual([
          'attendance.checked_in',
          'child.pickups_changed',
          'attendance.checked_out',
        ])
    expect(restarts).toBeGreaterThan(0)
  }, 300_000)

  it('pages in order with an opaque cursor, resumes after a restart, and starts at the head with start=latest', async () => {
    const w = await providerWorld(await newTenant())
    const kids = [await enrolledChild(w), await enrolledChild(w), await enrolledChild(w)]
    const first = await page(w.provider, 'limit=2')
    expect(first.has_more).toBe(true)
    expect(first.data.map((e) => [e.type, e.payload.child_id])).toEqual([
      ['enrollment.confirmed', kids[0]?.id],
      ['enrollment.confirmed', kids[1]?.id],
    ])
    expect(first.data[0]).toEqual({
      id: expect.stringMatching(/^evt_/),
      object: 'event',
      type: 'enrollment.confirmed',
      occurred_at: expect.any(String),
      program_id: w.program.id,
      payload: expect.objectContaining({ enrollment_id: kids[0]?.enrollmentId, program_id: w.program.id, status: 'confirmed' }),
    })
    const rest = await page(w.provider, `cursor=${first.next_cursor}&limit=2`)
    expect(rest).toMatchObject({ has_more: false, data: [{ payload: { child_id: kids[2]?.id } }] })
    const idle = await page(w.provider, `cursor=${rest.next_cursor}`)
    expect(idle).toEqual({ object: 'feed_page', data: [], has_more: false, next_cursor: rest.next_cursor })

    const head = await page(w.provider, 'start=latest')
    expect(head.data).toEqual([])
    await w.provider.post('/v1/provider/check-ins', { program_id: w.program.id, child_id: kids[0]?.id })
    expect((await page(w.provider, `cursor=${head.next_cursor}`)).data.map((e) => e.type)).toEqual(['attendance.checked_in'])
    // Another reader of the same contract (a second device) follows independently.
    const tablet = await providerClient(await issueCredential(w.tenant, w.contractId))
    expect((await drain(tablet, first.next_cursor)).events.map((e) => e.type)).toEqual(['enrollment.confirmed', 'attendance.checked_in'])

    expectProblem(await w.provider.get('/v1/provider/feed?cursor=not-a-cursor'), 422, 'invalid_cursor')
    expectProblem(await w.provider.get('/v1/provider/feed?limit=501'), 422, 'invalid_request')
  })

  it("carries only the contract's programs, and attendance of days within its dates", async () => {
    const t = await newTenant()
    const w = await providerWorld(t)
    const elsewhere = await providerWorld(t)
    await enrolledChild(elsewhere)
    const ours = await enrolledChild(w)
    // A second contract for the same program that starts tomorrow sees the enrollment, not today's check-in.
    const later = await t.post('/v1/contracts', {
      provider_id: (await t.post('/v1/providers', { name: 'Volunteers', kind: 'volunteers' })).body.id,
      program_ids: [w.program.id],
      starts_on: dayFromToday(1),
      ends_on: dayFromToday(20),
    })
    const volunteers = await providerClient(await issueCredential(t, later.body.id))
    await w.provider.post('/v1/provider/check-ins', { program_id: w.program.id, child_id: ours.id })

    const mine = (await page(w.provider, 'limit=100')).data
    expect(mine.map((e) => [e.type, e.program_id])).toEqual([
      ['enrollment.confirmed', w.program.id],
      ['attendance.checked_in', w.program.id],
    ])
    expect((await page(volunteers, 'limit=100')).data.map((e) => e.type)).toEqual(['enrollment.confirmed'])
  })

  it("tells each program's providers when a child's pickups or allergies change, and audits reads of the allergies", async () => {
    const t = await newTenant()
    const w = await providerWorld(t)
    const child = await enrolledChild(w)
    const second = await providerWorld(t)
    const elsewhere = await w.guardian.post('/v1/portal/enrollments', { program_id: second.program.id, child_id: child.id })
    expect(elsewhere.body.status, elsewhere.text).toBe('confirmed')
    const head = (await page(w.provider, 'start=latest')).next_cursor

    const pickups = [{ name: '王芳', relation: 'aunt', phone: '+86 137 0000 0002', valid_from: dayFromToday(1), valid_until: dayFromToday(1) }]
    expect((await w.guardian.patch(`/v1/portal/children/${child.id}`, { authorized_pickups: pickups })).status).toBe(200)
    expect((await w.guardian.patch(`/v1/portal/children/${child.id}`, { name: '张小明明' })).status).toBe(200)
    expect((await w.guardian.patch(`/v1/portal/children/${child.id}`, { allergies: ['peanuts', 'kiwi'] })).status).toBe(200)

    const events = (await drain(w.provider, head)).events
    expect(events.map((e) => [e.type, e.program_id])).toEqual([
      ['child.pickups_changed', w.program.id],
      ['child.allergies_changed', w.program.id],
    ])
    expect(events[0]?.payload).toEqual({ child_id: child.id, program_id: w.program.id, enrollment_id: child.enrollmentId, authorized_pickups: pickups })
    expect(events[1]?.payload).toEqual({
      child_id: child.id,
      program_id: w.program.id,
      enrollment_id: child.enrollmentId,
      allergies: ['peanuts', 'kiwi'],
      medical_notes: null,
      dietary_needs: [],
    })
    expect((await drain(second.provider, (await page(second.provider, 'limit=1')).next_cursor)).events.map((e) => e.type)).toContain('child.allergies_changed')

    const audit = await t.get('/v1/audit-events?limit=100')
    const reads = audit.body.data.filter((e: { action: string }) => e.action === 'feed.medical_data_read')
    expect(reads[reads.length - 1]).toMatchObject({ actor: { kind: 'contract', id: w.contractId }, details: { child_ids: [child.id], event_count: 1 } })
    expect(JSON.stringify(reads)).not.toContain('kiwi')
  })

  it('answers 410 cursor_expired once retention removed events past the cursor, and tells how to resync', async () => {
    const w = await providerWorld(await newTenant())
    await enrolledChild(w)
    await enrolledChild(w)
    const start = (await page(w.provider, 'limit=1')).next_cursor
    const { db } = await testApp()
    const tenantId = parseApiId('ten', w.tenant.id) as string
    // Retention: events older than the window are deleted (here: the whole feed so far).
    await withTenant(db, tenantId, ({ tx }) => tx.deleteFrom('feed_events').where('tenant_id', '=', tenantId).execute())
    await enrolledChild(w)
    const res = await w.provider.get(`/v1/provider/feed?cursor=${start}`)
    expectProblem(res, 410, 'cursor_expired')
    expect(res.body.detail).toMatch(/30 days.*start=latest.*roster/)
    const fresh = await page(w.provider, '')
    expect(fresh.data.map((e) => e.type)).toEqual(['enrollment.confirmed'])
  })

  it('keeps the retention edge when every event aged out: a cursor behind it answers 410, a cursor at the head or a fresh one stays valid', async () => {
    const w = await providerWorld(await newTenant())
    await enrolledChild(w)
    await enrolledChild(w)
    const stale = (await page(w.provider, 'limit=1')).next_cursor
    const head = (await page(w.provider, 'start=latest')).next_cursor
    const { db } = await testApp()
    const tenantId = parseApiId('ten', w.tenant.id) as string
    // Every event of the tenant ages out (as the owner, as time would), then retention runs as `npm run maintain` does.
    await sql`update feed_events set occurred_at = occurred_at - interval '31 days' where tenant_id = ${tenantId}`.execute(db)
    expect(await removeExpiredFeedEvents(db)).toBeGreaterThanOrEqual(2n)

    // Nothing left: a cursor that missed events is told so (not an empty page), one at the head is not.
    expectProblem(await w.provider.get(`/v1/provider/feed?cursor=${stale}`), 410, 'cursor_expired')
    expect(await page(w.provider, `cursor=${head}`)).toEqual({ object: 'feed_page', data: [], has_more: false, next_cursor: head })
    // A fresh reader (oldest, the default) starts at the edge: its cursor stays valid as the feed moves on.
    const fresh = await page(w.provider, '')
    expect(fresh.data).toEqual([])
    const latest = await page(w.provider, 'start=latest')
    expect(latest.next_cursor).toBe(fresh.next_cursor)

    await enrolledChild(w)
    expect((await page(w.provider, `cursor=${fresh.next_cursor}`)).data.map((e) => e.type)).toEqual(['enrollment.confirmed'])
    expect((await page(w.provider, `cursor=${head}`)).data.map((e) => e.type)).toEqual(['enrollment.confirmed'])
    expect((await page(w.provider, '')).data.map((e) => e.type)).toEqual(['enrollment.confirmed'])
    expectProblem(await w.provider.get(`/v1/provider/feed?cursor=${stale}`), 410, 'cursor_expired')

    // Retention again, with events left after the edge: only cursors before the removed ones expire.
    await sql`update feed_events set occurred_at = occurred_at - interval '31 days' where tenant_id = ${tenantId}`.execute(db)
    await removeExpiredFeedEvents(db)
    expectProblem(await w.provider.get(`/v1/provider/feed?cursor=${head}`), 410, 'cursor_expired')
    expect((await page(w.provider, '')).data).toEqual([])
  })
})
