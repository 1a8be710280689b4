import { beforeAll, describe, expect, it } from 'vitest'
import { onRealServer } from '../helpers/app'
import { newTenant, type TestTenant } from '../helpers/harness'
import { invite, redeem, type SignedIn } from '../helpers/portal'
import { allPages, dayFromToday, enroll, feedOf, newChild, publishedProgram } from './fixtures'

/**
 * The load on the real server (20 pooled connections); embedded Postgres, which has one
 * connection, runs the same tests with smaller numbers.
 */
const scale = onRealServer
  ? { requests: 300, capacity: 70, rounds: 10, withdrawals: 50, employees: 30, idempotent: 20 }
  : { requests: 40, capacity: 10, rounds: 2, withdrawals: 6, employees: 4, idempotent: 20 }
const waitlisted = scale.requests - scale.capacity
const STARTS_ON = dayFromToday(30)

type Applicant = { me: SignedIn; childId: string }

/** Runs `work` over `items`, at most `width` at a time (setup only: the tests themselves fire everything at once). */
const batched = async <T, R>(items: T[], width: number, work: (item: T) => Promise<R>) => {
  const out: R[] = []
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map(work))))
  return out
}

let t: TestTenant
let applicants: Applicant[]

beforeAll(async () => {
  t = await newTenant()
  // The roster through the bulk import, then each employee signs in with an invitation code.
  const rows = Array.from({ length: scale.employees }, (_, i) => ({ employee_number: `C${String(i + 1).padStart(4, '0')}`, name: `员工${i + 1}` }))
  const imported = await t.post('/v1/employees/import', rows)
  expect(imported.status, imported.text).toBe(200)
  const employees = await allPages((p) => t.get(p), '/v1/employees')
  expect(employees).toHaveLength(scale.employees)
  const signedIn = await batched(employees, 10, async (e: { id: string }) => redeem(t, e.id, await invite(t, e.id)))
  applicants = await batched(
    Array.from({ length: scale.requests }, (_, i) => signedIn[i % signedIn.length] as SignedIn),
    20,
    async (me) => ({ me, childId: (await newChild(me, STARTS_ON)).id }),
  )
}, 600_000)

const program = () => publishedProgram(t, { starts_on: STARTS_ON, capacity: scale.capacity })
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

describe(`capacity under concurrency (${scale.requests} parallel requests, capacity ${scale.capacity})`, () => {
  it(`confirms exactly the capacity and waitlists the rest with positions 1..n, ${scale.rounds} times`, async () => {
    for (let round = 0; round < scale.rounds; round++) {
      const p = await program()
      const answers = await Promise.all(applicants.map((a) => enroll(a.me, p.id, a.childId)))
      expect(answers.filter((r) => r.status !== 201).map((r) => r.text)).toEqual([])
      const confirmed = answers.filter((r) => r.body.status === 'confirmed')
      const waiting = answers.filter((r) => r.body.status === 'waitlisted')
      expect(confirmed).toHaveLength(scale.capacity)
      expect(waiting).toHaveLength(waitlisted)
      expect(waiting.map((r) => r.body.waitlist_position as number).sort((a, b) => a - b)).toEqual(range(waitlisted))

      // The database agrees: the roster, and the waitlist in the order the answers gave.
      expect(await allPages((q) => t.get(q), `/v1/programs/${p.id}/enrollments?status=confirmed`)).toHaveLength(scale.capacity)
      const line = await allPages((q) => t.get(q), `/v1/programs/${p.id}/waitlist`)
      expect(line.map((e) => e.waitlist_position)).toEqual(range(waitlisted))
      const answered = new Map(waiting.map((r) => [r.body.id, r.body.waitlist_position]))
      expect(line.map((e) => answered.get(e.id))).toEqual(range(waitlisted))
      const events = (await feedOf(t)).filter((e) => e.program_id === p.id)
      expect(events.filter((e) => e.type === 'enrollment.confirmed')).toHaveLength(scale.capacity)
      expect(events.filter((e) => e.type === 'enrollment.waitlisted')).toHaveLength(waitlisted)
    }
  }, 900_000)

  it(`promotes exactly once per withdrawal, in waitlist order (${scale.withdrawals} parallel withdrawals)`, async () => {
    const p = await program()
    const answers = await Promise.all(applicants.map((a) => enroll(a.me, p.id, a.childId)))
    const owner = new Map(applicants.map((a, i) => [answers[i]?.body.id as string, a.me]))
    const before = await allPages((q) => t.get(q), `/v1/programs/${p.id}/waitlist`)
    const seated = answers.filter((r) => r.body.status === 'confirmed').slice(0, scale.withdrawals)
    const feedBefore = (await feedOf(t)).length

    const results = await Promise.all(seated.map((r) => (owner.get(r.body.id) as SignedIn).delete(`/v1/portal/enrollments/${r.body.id}`)))
    expect(results.map((r) => r.status)).toEqual(seated.map(() => 200))

    const events = (await feedOf(t)).slice(feedBefore)
    const promoted = events.filter((e) => e.type === 'enrollment.promoted').map((e) => e.enrollment_id)
    expect(events.filter((e) => e.type === 'enrollment.withdrawn')).toHaveLength(scale.withdrawals)
    expect(promoted).toEqual(before.slice(0, scale.withdrawals).map((e) => e.id))
    expect(new Set(promoted).size).toBe(scale.withdrawals)
    // Each withdrawal's promotion commits with it, next in the feed.
    events.forEach((e, i) => {
      if (e.type === 'enrollment.withdrawn') expect(events[i + 1]?.type).toBe('enrollment.promoted')
    })

    const roster = await allPages((q) => t.get(q), `/v1/programs/${p.id}/enrollments?status=confirmed`)
    expect(roster).toHaveLength(scale.capacity)
    const after = await allPages((q) => t.get(q), `/v1/programs/${p.id}/waitlist`)
    expect(after.map((e) => e.id)).toEqual(before.slice(scale.withdrawals).map((e) => e.id))
    expect(after.map((e) => e.waitlist_position)).toEqual(range(waitlisted - scale.withdrawals))
  }, 600_000)

  it(`runs ${scale.idempotent} parallel identical POSTs with one Idempotency-Key once, with identical answers`, async () => {
    const p = await program()
    const [{ me, childId }] = applicants as [Applicant]
    const headers = { 'Idempotency-Key': `enroll-${p.id}` }
    const answers = await Promise.all(
      Array.from({ length: scale.idempotent }, () => me.post('/v1/portal/enrollments', { program_id: p.id, child_id: childId }, { headers })),
    )
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 201))
    expect(new Set(answers.map((r) => r.text)).size).toBe(1)
    expect(answers.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(scale.idempotent - 1)
    expect(await allPages((q) => t.get(q), `/v1/programs/${p.id}/enrollments`)).toHaveLength(1)
    expect((await feedOf(t)).filter((e) => e.program_id === p.id)).toHaveLength(1)
  }, 120_000)
})
