import { describe, expect, it } from 'vitest'
import { newTenant } from '../helpers/harness'
import { signedInEmployee } from '../helpers/portal'
import { enroll, feedOf, newChild, publishedProgram } from './fixtures'

describe("erasing a child's record", () => {
  it('withdraws their live enrollments first (through DELETE /v1/portal/children/{id}): the seat goes to the waitlist and providers are told', async () => {
    const t = await newTenant()
    const program = await publishedProgram(t, { capacity: 1 })
    const me = await signedInEmployee(t)
    const other = await signedInEmployee(t)
    const child = await newChild(me, program.starts_on)
    const seat = await enroll(me, program.id, child.id)
    const waiting = await enroll(other, program.id, (await newChild(other, program.starts_on)).id)

    expect((await me.delete(`/v1/portal/children/${child.id}`)).status).toBe(204)

    expect((await other.get(`/v1/portal/enrollments/${waiting.body.id}`)).body.status).toBe('confirmed')
    expect((await feedOf(t)).slice(-2)).toMatchObject([
      { type: 'enrollment.withdrawn', enrollment_id: seat.body.id, reason: "the child's record was deleted" },
      { type: 'enrollment.promoted', enrollment_id: waiting.body.id },
    ])
    // The enrollment went with the child's record.
    expect((await t.get(`/v1/programs/${program.id}/enrollments`)).body.data.map((e: { id: string }) => e.id)).toEqual([waiting.body.id])
  })
})
