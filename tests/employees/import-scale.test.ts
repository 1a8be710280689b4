import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { describe, expect, it } from 'vitest'
import { benchEmployeeImport, rosterCsv } from '../../bench/employee-import'
import { withTenant } from '../../src/db/tenant'
import { parseApiId } from '../../src/lib/ids'
import { testApp } from '../helpers/app'
import { newTenant, type TestTenant } from '../helpers/harness'
import { postCsv } from './fixtures'

/** The tenant's roster straight from the database: employee number → department and status. */
const roster = async (t: TestTenant) => {
  const { db } = await testApp()
  const tenantId = parseApiId('ten', t.id) as string
  const rows = await withTenant(db, tenantId, ({ tx }) =>
    tx.selectFrom('employees').select(['employee_number', 'department', 'status']).where('tenant_id', '=', tenantId).execute(),
  )
  return new Map(rows.map((r) => [r.employee_number, r]))
}

describe('employee import at scale', () => {
  it('imports 10 000 CSV rows over HTTP, then re-imports them as unchanged', async () => {
    const { app } = await testApp()
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((resolve) => server.once('listening', resolve))
    const t = await newTenant()
    try {
      const { port } = server.address() as AddressInfo
      const result = await benchEmployeeImport(`http://127.0.0.1:${port}`, t.key)
      expect(result).toMatchObject({ rows: 10_000, ms: expect.any(Number), rowsPerSecond: expect.any(Number) })
      expect((await roster(t)).size).toBe(10_000)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }

    const file = rosterCsv(10_000, 'R')
    expect(new TextEncoder().encode(file).length).toBeLessThan(1024 * 1024)
    expect((await postCsv(t, file)).body).toMatchObject({ rows: 10_000, created: 10_000 })
    const again = await postCsv(t, file)
    expect(again.body).toMatchObject({ rows: 10_000, created: 0, updated: 0, unchanged: 10_000 })
    expect((await roster(t)).size).toBe(20_000)
  })

  it('ends consistent when two overlapping imports run at once: no duplicates, no errors, one file wins the overlap', async () => {
    const t = await newTenant()
    const lines = (from: number, to: number, department: string) =>
      Array.from({ length: to - from + 1 }, (_, i) => `C${String(from + i).padStart(5, '0')},员工${from + i},${department}`)
    const a = ['employee_number,name,department', ...lines(1, 3000, '甲部')].join('\n')
    const b = ['employee_number,name,department', ...lines(2001, 5000, '乙部')].join('\n')
    const [ra, rb] = await Promise.all([postCsv(t, a), postCsv(t, b)])
    expect([ra.status, rb.status], `${ra.text}\n${rb.text}`).toEqual([200, 200])
    expect(ra.body.created + rb.body.created).toBe(5000)
    expect(ra.body.updated + rb.body.updated).toBe(1000)

    const after = await roster(t)
    expect(after.size).toBe(5000)
    const overlap = new Set(Array.from({ length: 1000 }, (_, i) => after.get(`C${String(2001 + i).padStart(5, '0')}`)?.department))
    expect(overlap.size).toBe(1)
    expect(after.get('C00001')?.department).toBe('甲部')
    expect(after.get('C05000')?.department).toBe('乙部')
  })
})
