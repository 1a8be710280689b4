import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { testApp } from '../helpers/app'
import { expectProblem, newTenant } from '../helpers/harness'
import { dayFromToday, enrolledChild, type ProviderWorld, providerWorld } from '../helpers/provider'

const today = () => dayFromToday(0)

/** A day at the door: 甲 came and went, 乙 and 戊 are here (戊 though reported absent), 丙 is reported absent, 丁 not here yet. */
const dayAtTheDoor = async (w: ProviderWorld) => {
  const names = ['甲', '乙', '丙', '丁', '戊']
  const kids = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await enrolledChild(w, { name })] as const)))
  const at = (name: string) => ({ program_id: w.program.id, child_id: kids[name]?.id })
  for (const name of ['丙', '戊']) {
    const absence = await w.guardian.post('/v1/portal/absences', { child_id: kids[name]?.id, dates: [today()], reason: 'Cold' })
    expect(absence.status, absence.text).toBe(201)
  }
  const checkIns = await w.provider.post('/v1/provider/check-ins', {
    items: ['甲', '乙', '戊'].map((n) => ({ ...at(n), dropped_off_by: { kind: 'guardian' } })),
  })
  expect(checkIns.body.recorded, checkIns.text).toBe(3)
  const out = await w.provider.post('/v1/provider/check-outs', { ...at('甲'), picked_up_by: { kind: 'authorized_pickup', phone: '+86 139 0000 0001' } })
  expect(out.status, out.text).toBe(201)
  return kids as Record<string, { id: string; enrollmentId: string }>
}

const csvRows = (text: string) => parse(text, { bom: true, columns: true }) as Record<string, string>[]

describe("HR's attendance: GET /v1/programs/{program_id}/attendance", () => {
  it("shows every child's standing and the day's summary, as JSON or CSV", async () => {
    const t = await newTenant()
    const w = await providerWorld(t)
    const kids = await dayAtTheDoor(w)
    const res = await t.get(`/v1/programs/${w.program.id}/attendance?date=${today()}`)
    expect(res.status, res.text).toBe(200)
    expect(res.body).toMatchObject({
      object: 'attendance_day',
      program_id: w.program.id,
      date: today(),
      group_id: null,
      time_zone: 'Asia/Shanghai',
      summary: { enrolled: 5, expected: 4, not_yet_arrived: 1, present: 2, picked_up: 1, absent: 1 },
    })
    const standing = Object.fromEntries(
      res.body.children.map((c: { name: string; status: string; absence_reported: boolean }) => [c.name, [c.status, c.absence_reported]]),
    )
    expect(standing).toEqual({ 甲: ['picked_up', false], 乙: ['present', false], 丙: ['absent', true], 丁: ['not_yet_arrived', false], 戊: ['present', true] })
    const first = res.body.children.find((c: { name: string }) => c.name === '甲')
    expect(first).toMatchObject({
      child_id: kids.甲?.id,
      enrollment_id: kids.甲?.enrollmentId,
      employee_id: w.guardian.employeeId,
      group: null,
      attendance: { status: 'picked_up', picked_up_by: { kind: 'authorized_pickup', name: '李娜' }, checked_in_by: { contract_id: w.contractId } },
    })

    const csv = await t.get(`/v1/programs/${w.program.id}/attendance?date=${today()}`, { headers: { Accept: 'text/csv' } })
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(csv.headers.get('vary')).toBe('Accept')
    expect(csv.text.startsWith('date,program_id,program_name,group,child_id,child_name,status,absence_reported,')).toBe(true)
    // The bytes start with a UTF-8 byte-order mark, so spreadsheets read the names right (text() drops it).
    const { app } = await testApp()
    const raw = await app.request(`/v1/programs/${w.program.id}/attendance?date=${today()}`, {
      headers: { Accept: 'text/csv', Authorization: `Bearer ${t.key}` },
    })
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows = csvRows(csv.text)
    expect(rows.map((r) => [r.child_name, r.status, r.absence_reported])).toEqual(
      res.body.children.map((c: { name: string; status: string; absence_reported: boolean }) => [c.name, c.status, String(c.absence_reported)]),
    )
    const row = rows.find((r) => r.child_name === '甲')
    expect(row).toMatchObject({
      date: today(),
      program_id: w.program.id,
      program_name: '冬季干警子女托管班',
      dropped_off_by: 'guardian',
      picked_up_by: '李娜 (grandmother)',
    })
    expect(row?.checked_in_at).toMatch(new RegExp(`^${today()}T\\d\\d:\\d\\d:\\d\\d\\+08:00$`))
  })

  it('answers 422 for a day that is not a service day and 404 for a group of another program', async () => {
    const t = await newTenant()
    const w = await providerWorld(t, { closure_dates: [dayFromToday(3)] })
    const closed = await t.get(`/v1/programs/${w.program.id}/attendance?date=${dayFromToday(3)}`)
    expectProblem(closed, 422, 'not_a_service_day')
    expect(closed.body.errors[0].message).toMatch(/^closure: /)
    const other = await providerWorld(t)
    const group = await t.post(`/v1/programs/${other.program.id}/groups`, { name: 'G', min_age: 3, max_age: 12, capacity: 5 })
    expectProblem(await t.get(`/v1/programs/${w.program.id}/attendance?date=${today()}&group_id=${group.body.id}`), 404, 'not_found')
  })
})

describe("the provider's export: GET /v1/provider/attendance.csv", () => {
  it("exports a line per child per service day of the contract's programs, clipped to the contract and to today", async () => {
    const w = await providerWorld(await newTenant())
    const kids = await dayAtTheDoor(w)
    const res = await w.provider.get(`/v1/provider/attendance.csv?from=${dayFromToday(-7)}&to=${dayFromToday(7)}`)
    expect(res.status, res.text).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="attendance-${dayFromToday(-7)}-${dayFromToday(7)}.csv"`)
    const rows = csvRows(res.text)
    // Enrolled today: expected from today on; the future is not exported.
    expect(rows.map((r) => r.date)).toEqual(Array(5).fill(today()))
    expect(rows.find((r) => r.child_id === kids.丙?.id)).toMatchObject({ status: 'absent', absence_reported: 'true', checked_in_at: '', attendance_id: '' })
    expect(rows.find((r) => r.child_id === kids.乙?.id)).toMatchObject({
      status: 'present',
      dropped_off_by: 'guardian',
      checked_out_at: '',
      attendance_id: expect.stringMatching(/^att_/),
    })

    const one = await w.provider.get(`/v1/provider/attendance.csv?from=${today()}&to=${today()}&program_id=${w.program.id}`)
    expect(csvRows(one.text)).toHaveLength(5)
  })

  it('refuses a range that ends before it starts or spans more than 92 days', async () => {
    const w = await providerWorld(await newTenant())
    const backwards = await w.provider.get(`/v1/provider/attendance.csv?from=${dayFromToday(1)}&to=${dayFromToday(0)}`)
    expectProblem(backwards, 422, 'invalid_request')
    expect(backwards.body.errors).toEqual([{ path: 'to', message: `to (${dayFromToday(0)}) is before from (${dayFromToday(1)})` }])
    const long = await w.provider.get(`/v1/provider/attendance.csv?from=${dayFromToday(-92)}&to=${dayFromToday(0)}`)
    expectProblem(long, 422, 'invalid_request')
    expect(long.body.errors[0].message).toBe('the range spans 93 days; one export covers at most 92')
    expect((await w.provider.get(`/v1/provider/attendance.csv?from=${dayFromToday(-91)}&to=${dayFromToday(0)}`)).status).toBe(200)
  })
})
