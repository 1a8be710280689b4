import { describe, expect, it } from 'vitest'
import { seedEmployees } from '../../src/seed/employees'
import { newTenant, type TestTenant } from '../helpers/harness'

const callAs = (t: TestTenant) => async (method: string, path: string, body?: unknown) => {
  const res = await t.send(method, path, body === undefined ? {} : { body })
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`)
  return res.body
}

describe('demo seed: employees', () => {
  it("imports each demo employer's roster through the API, and re-running it changes nothing", async () => {
    const t = await newTenant()
    const seeded = await seedEmployees(callAs(t), 'yuncheng-court')
    expect(seeded).toHaveLength(6)
    expect(seeded[0]).toEqual({ id: expect.stringMatching(/^emp_/), employee_number: 'FY2012-003' })
    const read = await t.get(`/v1/employees/${seeded[4]?.id}`)
    expect(read.body).toMatchObject({ name: '郑晓燕', status: 'on_leave' })

    expect(await seedEmployees(callAs(t), 'yuncheng-court')).toEqual(seeded)
    const imports = (await t.get('/v1/audit-events')).body.data.filter((e: { action: string }) => e.action === 'employee.imported')
    expect(imports.map((e: { details: { unchanged: number } }) => e.details.unchanged)).toEqual([6, 0])

    for (const slug of ['yuncheng-bank', 'unicom-yuncheng', 'some-new-employer']) {
      const other = await newTenant()
      expect((await seedEmployees(callAs(other), slug)).length).toBeGreaterThanOrEqual(5)
    }
  })
})
