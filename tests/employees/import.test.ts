import { describe, expect, it } from 'vitest'
import { MAX_IMPORT_BODY_BYTES } from '../../src/modules/employees'
import { expectProblem, newTenant } from '../helpers/harness'
import { allEmployees, CSV_HEADER, csv, postCsv, postJson } from './fixtures'

const byNumber = (employees: any[]): Record<string, any> => Object.fromEntries(employees.map((e) => [e.employee_number, e]))

describe('employee import', () => {
  it('creates from CSV, then updates only what changed; an identical re-import reports everything unchanged', async () => {
    const t = await newTenant()
    const file = csv(
      CSV_HEADER,
      'FY2019-042,王丽华,wang.lihua@court.example.cn,138 0359 0042,民事审判第一庭,active',
      'FY2021-007,"李建国, 副庭长",,,执行局,on_leave',
      'FY2024-113,张敏,,0359-2288113,立案庭,',
    )
    const first = await postCsv(t, file)
    expect(first.status, first.text).toBe(200)
    expect(first.body).toMatchObject({
      object: 'employee_import',
      dry_run: false,
      mode: 'upsert',
      format: 'csv',
      rows: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
    })
    expect(first.body.id).toMatch(/^imp_/)
    expect(first.body.samples.created).toEqual(['FY2019-042', 'FY2021-007', 'FY2024-113'])
    const roster = byNumber(await allEmployees(t))
    expect(roster['FY2021-007']).toMatchObject({ name: '李建国, 副庭长', email: null, department: '执行局', status: 'on_leave' })
    expect(roster['FY2024-113']).toMatchObject({ phone: '0359-2288113', status: 'active' })

    const again = await postCsv(t, file)
    expect(again.body).toMatchObject({ rows: 3, created: 0, updated: 0, unchanged: 3 })
    const versions = await Promise.all(Object.values(roster).map(async (e: any) => (await t.get(`/v1/employees/${e.id}`)).headers.get('etag')))
    expect(versions).toEqual(['"1"', '"1"', '"1"'])

    const changed = await postCsv(t, file.replace('民事审判第一庭', '民事审判第二庭').replace('执行局,on_leave', '执行局,active'))
    expect(changed.body).toMatchObject({ created: 0, updated: 2, unchanged: 1 })
    expect(changed.body.samples.updated).toEqual([
      { employee_number: 'FY2019-042', fields: ['department'] },
      { employee_number: 'FY2021-007', fields: ['status'] },
    ])
    expect((await t.get(`/v1/employees/${roster['FY2019-042'].id}`)).headers.get('etag')).toBe('"2"')
  })

  it('takes a JSON array, where absent keys keep values and null or empty clears them', async () => {
    const t = await newTenant()
    await postJson(t, [
      { employee_number: 'B1', name: '王丽华', email: 'wlh@bank.example.com', phone: '13800138000', department: '营业部', status: 'on_leave' },
    ])
    const res = await postJson(t, [
      { employee_number: 'B1', name: '王丽华' },
      { employee_number: 'B2', name: '李建国', department: '' },
    ])
    expect(res.status, res.text).toBe(200)
    expect(res.body).toMatchObject({ format: 'json', created: 1, unchanged: 1 })
    const kept = await postJson(t, [{ employee_number: 'B1', name: '王丽华', phone: null, department: '', status: null }])
    expect(kept.body.samples.updated).toEqual([{ employee_number: 'B1', fields: ['phone', 'department'] }])
    const roster = byNumber(await allEmployees(t))
    expect(roster.B1).toMatchObject({ email: 'wlh@bank.example.com', phone: null, department: null, status: 'on_leave' })
    expect(roster.B2).toMatchObject({ department: null, status: 'active' })
  })

  it('keeps the columns a CSV leaves out', async () => {
    const t = await newTenant()
    await postCsv(t, csv(CSV_HEADER, 'U1,张伟,zw@unicom.example.com,13900000001,网络运维部,on_leave'))
    const res = await postCsv(t, csv('name,employee_number,department', '张伟,U1,市场营销部'))
    expect(res.body).toMatchObject({ updated: 1, samples: { updated: [{ employee_number: 'U1', fields: ['department'] }] } })
    expect((await allEmployees(t))[0]).toMatchObject({ email: 'zw@unicom.example.com', phone: '13900000001', department: '市场营销部', status: 'on_leave' })
  })

  it('refuses a file with bad rows with 422 listing every one with line and field, and writes nothing', async () => {
    const t = await newTenant()
    await t.post('/v1/employees', { employee_number: 'K1', name: '已有', email: 'taken@corp.example.com' })
    const res = await postCsv(
      t,
      csv(
        CSV_HEADER,
        'N1,新人一,,,,',
        'N2,,not-an-email,,,',
        'N3,新人三,,,,retired',
        'N4,新人四,TAKEN@corp.example.com,,,',
        'N1,新人五,,,,',
        'N6,"新人',
        '六",,,,active',
        'N7,新人七,,12,,',
      ),
    )
    expectProblem(res, 422, 'invalid_request')
    expect(res.body.errors.map((e: any) => [e.line, e.field, e.row])).toEqual([
      [2, 'employee_number', 1],
      [3, 'name', 2],
      [3, 'email', 2],
      [4, 'status', 3],
      [5, 'email', 4],
      [6, 'employee_number', 5],
      [9, 'phone', 7],
    ])
    expect(res.body.errors[4].message).toBe('line 5: email: TAKEN@corp.example.com belongs to employee K1')
    expect(res.body.detail).toMatch(/^6 of 7 rows are invalid; nothing was imported\./)
    expect((await allEmployees(t)).map((e) => e.employee_number)).toEqual(['K1'])
    const audit = await t.get('/v1/audit-events')
    expect(audit.body.data.map((e: { action: string }) => e.action)).not.toContain('employee.imported')
  })

  it('is all or nothing: one bad row after many good ones writes none of them', async () => {
    const t = await newTenant()
    const good = Array.from({ length: 500 }, (_, i) => ({ employee_number: `G${i}`, name: `员工${i}` }))
    const res = await postJson(t, [...good, { employee_number: 'G-bad', name: '' }])
    expectProblem(res, 422, 'invalid_request')
    expect(res.body.errors).toEqual([{ path: '500.name', field: 'name', row: 501, message: 'row 501: name: must not be empty' }])
    expect(await allEmployees(t)).toEqual([])
  })

  it('accepts an e-mail that moves from one employee to another in the same file', async () => {
    const t = await newTenant()
    await postJson(t, [{ employee_number: 'A', name: '甲', email: 'shared@corp.example.com' }])
    const res = await postJson(t, [
      { employee_number: 'A', name: '甲', email: null },
      { employee_number: 'B', name: '乙', email: 'Shared@corp.example.com' },
    ])
    expect(res.status, res.text).toBe(200)
    const refused = await postJson(t, [{ employee_number: 'C', name: '丙', email: 'SHARED@corp.example.com' }])
    expectProblem(refused, 422, 'invalid_request')
    expect(refused.body.errors[0].message).toBe('row 1: email: SHARED@corp.example.com belongs to employee B')
  })

  it('answers a dry run with what would change, writing nothing', async () => {
    const t = await newTenant()
    await postCsv(t, csv(CSV_HEADER, 'D1,甲,,,财务部,', 'D2,乙,,,财务部,', 'D3,丙,,,财务部,'))
    const before = await allEmployees(t)
    const auditBefore = (await t.get('/v1/audit-events?limit=100')).body.data.length
    const file = csv(CSV_HEADER, 'D1,甲,,,财务部,', 'D2,乙,,,人事部,left', 'D4,丁,,,,')
    const dry = await postCsv(t, file, '?dry_run=true&mode=sync')
    expect(dry.status, dry.text).toBe(200)
    expect(dry.body).toEqual({
      id: null,
      object: 'employee_import',
      dry_run: true,
      mode: 'sync',
      format: 'csv',
      rows: 3,
      created: 1,
      updated: 1,
      unchanged: 1,
      marked_left: 1,
      samples: { created: ['D4'], updated: [{ employee_number: 'D2', fields: ['department', 'status'] }], marked_left: ['D3'] },
    })
    expect(await allEmployees(t)).toEqual(before)
    expect((await t.get('/v1/audit-events?limit=100')).body.data.length).toBe(auditBefore)
    const bad = await postCsv(t, csv(CSV_HEADER, 'D1,,,,,'), '?dry_run=true')
    expectProblem(bad, 422, 'invalid_request')

    const real = await postCsv(t, file, '?mode=sync')
    const { id: _id, dry_run: _dry, ...counts } = real.body
    const { id: _none, dry_run: _wet, ...predicted } = dry.body
    expect(counts).toEqual(predicted)
  })

  it('in sync mode marks employees missing from the file as left, once, and refuses an empty file', async () => {
    const t = await newTenant()
    await postCsv(t, csv(CSV_HEADER, 'S1,甲,,,,', 'S2,乙,,,,on_leave', 'S3,丙,,,,', 'S4,丁,,,,left'))
    const res = await postCsv(t, csv('employee_number,name', 'S1,甲', 'S5,戊'), '?mode=sync')
    expect(res.body).toMatchObject({ mode: 'sync', created: 1, unchanged: 1, marked_left: 2, samples: { marked_left: ['S2', 'S3'] } })
    const roster = byNumber(await allEmployees(t))
    expect(Object.fromEntries(Object.entries(roster).map(([n, e]) => [n, e.status]))).toEqual({
      S1: 'active',
      S2: 'left',
      S3: 'left',
      S4: 'left',
      S5: 'active',
    })
    expect((await t.get(`/v1/employees/${roster.S4.id}`)).headers.get('etag')).toBe('"1"')

    const again = await postCsv(t, csv('employee_number,name', 'S1,甲', 'S5,戊'), '?mode=sync')
    expect(again.body).toMatchObject({ unchanged: 2, marked_left: 0 })
    const empty = await postCsv(t, csv(CSV_HEADER), '?mode=sync')
    expectProblem(empty, 422, 'invalid_request')
    expect(empty.body.detail).toMatch(/mark every employee as left/)
    expect((await postCsv(t, csv(CSV_HEADER))).body).toMatchObject({ rows: 0, created: 0, unchanged: 0 })
  })

  it('records one audit entry per import with its counts', async () => {
    const t = await newTenant()
    const res = await postCsv(t, csv(CSV_HEADER, 'A1,甲,,,,', 'A2,乙,,,,'))
    const audit = await t.get(`/v1/audit-events?object_id=${res.body.id}`)
    expect(audit.body.data).toHaveLength(1)
    expect(audit.body.data[0]).toMatchObject({
      action: 'employee.imported',
      object_type: 'employee_import',
      actor: { kind: 'api_key', id: t.keyId },
      details: { format: 'csv', mode: 'upsert', rows: 2, created: 2, updated: 0, unchanged: 0, marked_left: 0 },
    })
  })

  it('answers problems for a body it cannot read', async () => {
    const t = await newTenant()
    expectProblem(await t.send('POST', '/v1/employees/import', { raw: 'x', headers: { 'Content-Type': 'application/xml' } }), 415, 'unsupported_media_type')
    expectProblem(await postCsv(t, 'employee_number,name\nE1,x\n', '', { 'Content-Type': 'text/csv; charset=gbk' }), 415, 'unsupported_media_type')
    expectProblem(await t.send('POST', '/v1/employees/import', { raw: '[{', headers: { 'Content-Type': 'application/json' } }), 400, 'malformed_request')
    const header = await postCsv(t, csv('工号,name', 'E1,甲'))
    expectProblem(header, 422, 'invalid_request')
    expect(header.body.errors.map((e: any) => e.path)).toEqual(['header', 'header'])
    expectProblem(await postJson(t, { rows: [] }), 422, 'invalid_request')
    expectProblem(await postCsv(t, csv(CSV_HEADER, 'E1,甲'), '?mode=replace'), 422, 'invalid_request')
  })

  it('refuses a body over the size limit with 413, before reading it', async () => {
    const t = await newTenant()
    const huge = csv(CSV_HEADER, ...Array.from({ length: 90_000 }, (_, i) => `H${i},${'很长的名字'.repeat(6)},,,,`))
    expect(new TextEncoder().encode(huge).length).toBeGreaterThan(MAX_IMPORT_BODY_BYTES)
    expectProblem(await postCsv(t, huge), 413, 'payload_too_large')
    expect(await allEmployees(t)).toEqual([])
  })

  it('replays a retried import with the same Idempotency-Key', async () => {
    const t = await newTenant()
    const file = csv(CSV_HEADER, 'I1,甲,,,,')
    const first = await postCsv(t, file, '', { 'Idempotency-Key': 'import-2027-06-01' })
    const retry = await postCsv(t, file, '', { 'Idempotency-Key': 'import-2027-06-01' })
    expect(retry.body).toEqual(first.body)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect(first.body.created).toBe(1)
  })
})
