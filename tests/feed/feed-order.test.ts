import { describe, expect, it } from 'vitest'
import { connectPostgres, type Database } from '../../src/db/client'
import { withTenant } from '../../src/db/tenant'
import { appendFeedEvents, readFeed } from '../../src/lib/feed'
import { parseApiId } from '../../src/lib/ids'
import { onRealServer, testApp } from '../helpers/app'
import { newTenant } from '../helpers/harness'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('the feed: every event once, in commit order', () => {
  it('lets a concurrent reader see every event exactly once, in order, while writers commit out of order', async () => {
    // The real server runs the full load; embedded Postgres (one connection) a smaller one.
    const [writers, perWriter] = onRealServer ? [20, 500] : [4, 40]
    const tenant = await newTenant()
    const tenantId = parseApiId('ten', tenant.id) as string
    const { db } = await testApp()
    const pool: Database | undefined = onRealServer ? connectPostgres(process.env.TEST_DATABASE_URL as string, writers) : undefined
    const writeDb = pool?.db ?? db

    let writing = true
    const write = async (writer: number) => {
      for (let i = 0; i < perWriter; i++) {
        await withTenant(writeDb, tenantId, async (scope) => {
          await appendFeedEvents(scope, [{ type: 'test.event', programId: null, payload: { writer, i } }])
          await sleep(Math.random() * 3)
        })
      }
    }
    const seen: { position: number; writer: number; i: number }[] = []
    const follow = async () => {
      let cursor = 0
      for (;;) {
        const stillWriting = writing
        const page = await withTenant(db, tenantId, (scope) => readFeed(scope, cursor, 100))
        if (page === 'expired') throw new Error('unexpected expiry')
        for (const e of page.events) seen.push({ position: e.position, writer: e.payload.writer as number, i: e.payload.i as number })
        cursor = page.last
        if (!stillWriting && page.events.length === 0) return
        if (page.events.length === 0) await sleep(2)
      }
    }
    const reader = follow()
    await Promise.all(Array.from({ length: writers }, (_, w) => write(w)))
    writing = false
    await reader
    await pool?.close()

    expect(seen).toHaveLength(writers * perWriter)
    expect(seen.map((e) => e.position)).toEqual(seen.map((_, k) => k + 1))
    expect(new Set(seen.map((e) => `${e.writer}:${e.i}`)).size).toBe(writers * perWriter)
    for (let w = 0; w < writers; w++) {
      const mine = seen.filter((e) => e.writer === w).map((e) => e.i)
      expect(mine).toEqual([...mine].sort((a, b) => a - b))
    }
    // 10 000 transactions that each hold the feed lock through their sleep take a while.
  }, 300_000)

  it('resumes from a cursor after a restart of the reader, and filters by program', async () => {
    const tenant = await newTenant()
    const tenantId = parseApiId('ten', tenant.id) as string
    const { db } = await testApp()
    const [p1, p2] = [crypto.randomUUID(), crypto.randomUUID()]
    await withTenant(db, tenantId, (scope) =>
      appendFeedEvents(scope, [
        { type: 'a', programId: p1, payload: { n: 1 } },
        { type: 'b', programId: p2, payload: { n: 2 } },
        { type: 'c', programId: p1, payload: { n: 3 } },
      ]),
    )
    const first = await withTenant(db, tenantId, (scope) => readFeed(scope, 0, 2))
    if (first === 'expired') throw new Error('expired')
    expect(first.events.map((e) => e.type)).toEqual(['a', 'b'])
    const rest = await withTenant(db, tenantId, (scope) => readFeed(scope, first.last, 100))
    expect(rest !== 'expired' && rest.events.map((e) => e.type)).toEqual(['c'])
    const onlyP1 = await withTenant(db, tenantId, (scope) => readFeed(scope, 0, 100, [p1]))
    expect(onlyP1 !== 'expired' && onlyP1.events.map((e) => e.type)).toEqual(['a', 'c'])
  })

  it("keeps one tenant's feed out of another's", async () => {
    const [a, b] = await Promise.all([newTenant(), newTenant()])
    const [ta, tb] = [parseApiId('ten', a.id) as string, parseApiId('ten', b.id) as string]
    const { db } = await testApp()
    await withTenant(db, ta, (scope) => appendFeedEvents(scope, [{ type: 'secret', programId: null, payload: {} }]))
    const other = await withTenant(db, tb, (scope) => readFeed({ ...scope, tenantId: ta }, 0, 100))
    expect(other !== 'expired' && other.events).toEqual([])
    await expect(
      withTenant(db, tb, (scope) => appendFeedEvents({ ...scope, tenantId: ta }, [{ type: 'forged', programId: null, payload: {} }])),
    ).rejects.toThrow(/row-level security/)
  })
})
