import { describe, expect, it } from 'vitest'
import type { AdminCall } from '../../src/seed/api'
import { seedAttendance } from '../../src/seed/attendance'
import { seedEmployees } from '../../src/seed/employees'
import { seedPrograms } from '../../src/seed/programs'
import { seedProviders } from '../../src/seed/providers'
import { testApp } from '../helpers/app'
import { newTenant, type TestTenant } from '../helpers/harness'
import { dayFromToday, providerClient } from '../helpers/provider'

const callFor =
  (t: TestTenant): AdminCall =>
  async <T>(method: string, path: string, body?: unknown) => {
    const res = await t.send(method, path, { body })
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`)
    return res.body as T
  }

describe('demo seed: a day at the door', () => {
  it('lets a newcomer pull a roster and a feed at once with the demo provider credential', async () => {
    const t = await newTenant()
    const call = callFor(t)
    const { app } = await testApp()
    const programIds = await seedPrograms(call, 'yuncheng-court')
    const provider = await seedProviders(call, 'yuncheng-court', programIds)
    const employees = await seedEmployees(call, 'yuncheng-court')
    const seeded = await seedAttendance(
      call,
      (path, init) => app.request(path, init),
      provider,
      employees.slice(1).map((e) => e.id),
    )
    expect(seeded).toEqual({ program_id: expect.stringMatching(/^prg_/), date: dayFromToday(0), children: 5, picked_up: 2, present: 1, absent: 1 })

    const door = await providerClient(provider)
    const roster = await door.get(`/v1/provider/roster?program_id=${seeded.program_id}&date=${seeded.date}`)
    expect(roster.status, roster.text).toBe(200)
    expect(roster.body.summary).toEqual({ enrolled: 5, expected: 4, not_yet_arrived: 1, present: 1, picked_up: 2, absent: 1 })
    const feed = await door.get('/v1/provider/feed?limit=100')
    const types = feed.body.data.map((e: { type: string }) => e.type)
    expect(types.filter((x: string) => x === 'enrollment.confirmed')).toHaveLength(5)
    expect(types.filter((x: string) => x === 'absence.reported')).toHaveLength(1)
    expect(types.filter((x: string) => x === 'attendance.checked_in')).toHaveLength(3)
    expect(types.filter((x: string) => x === 'attendance.checked_out')).toHaveLength(2)
    const day = await t.get(`/v1/programs/${seeded.program_id}/attendance?date=${seeded.date}`)
    expect(day.body.summary).toEqual(roster.body.summary)
    // The summer program still belongs to the contract.
    expect((await call<{ program_ids: string[] }>('GET', `/v1/contracts/${provider.contract_id}`)).program_ids).toEqual(expect.arrayContaining(programIds))
  })
})
