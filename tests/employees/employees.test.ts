import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { parseApiId } from '../../src/lib/ids'
import { testApp } from '../helpers/app'
import { expectProblem, newTenant } from '../helpers/harness'
import { allEmployees, court } from './fixtures'

describe('employees: single changes', () => {
  it('adds, reads, changes and lists an employee, with ETags and audit entries', async () => {
    const t = await newTenant()
    const created = await t.post('/v1/employees', court)
    expect(created.status, created.text).toBe(201)
    expect(created.body).toEqual({
      id: expect.stringMatching(/^emp_[0-7][0-9a-z]{25}$/),
      object: 'employee',
      ...court,
      status: 'active',
      created_at: expect.any(String),
      updated_at: expect.any(String),
    })
    expect(created.headers.get('etag')).toBe('"1"')

    const read = await t.get(`/v1/employees/${created.body.id}`)
    expect(read.body).toEqual(created.body)

    const changed = await t.patch(
      `/v1/employees/${created.body.id}`,
      { department: '执行局', phone: null, status: 'on_leave' },
      { headers: { 'If-Match': '"1"' } },
    )
    expect(changed.status, changed.text).toBe(200)
    expect(changed.body).toMatchObject({ department: '执行局', phone: null, status: 'on_leave', email: court.email })
    expect(changed.headers.get('etag')).toBe('"2"')

    const stale = await t.patch(`/v1/employees/${created.body.id}`, { status: 'left' }, { headers: { 'If-Match': '"1"' } })
    expectProblem(stale, 412, 'precondition_failed')
    expect((await t.get(`/v1/employees/${created.body.id}`)).body.status).toBe('on_leave')

    const audit = await t.get(`/v1/audit-events?object_id=${created.body.id}`)
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual(['employee.updated', 'employee.created'])
    expect(audit.body.data[0].details).toEqual({ fields: ['phone', 'department', 'status'], status: 'on_leave' })
  })

  it('trims values and refuses bad fields with 422 naming each, storing nothing', async () => {
    const t = await newTenant()
    const trimmed = await t.post('/v1/employees', { employee_number: ' FY1 ', name: ' 张敏 ', email: ' zhang.min@court.example.cn ' })
    expect(trimmed.body).toMatchObject({ employee_number: 'FY1', name: '张敏', email: 'zhang.min@court.example.cn', phone: null, department: null })

    const bad = await t.post('/v1/employees', { employee_number: 'has space', name: '', email: 'nope', phone: 'call me', status: 'retired', age: 40 })
    expectProblem(bad, 422, 'invalid_request')
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['age', 'email', 'employee_number', 'name', 'phone', 'status'])
    expectProblem(await t.patch(`/v1/employees/${trimmed.body.id}`, {}), 422, 'invalid_request')
    expect(await allEmployees(t)).toHaveLength(1)
  })

  it('refuses a taken employee number or e-mail (any case) with 409 naming the field', async () => {
    const t = await newTenant()
    const first = await t.post('/v1/employees', court)
    const sameNumber = await t.post('/v1/employees', { ...court, email: 'other@court.example.cn' })
    expectProblem(sameNumber, 409, 'conflict')
    expect(sameNumber.body.errors).toEqual([{ path: 'employee_number', message: 'already used by another employee' }])
    const sameEmail = await t.post('/v1/employees', { ...court, employee_number: 'FY2', email: court.email.toUpperCase() })
    expectProblem(sameEmail, 409, 'conflict')
    expect(sameEmail.body.errors).toEqual([{ path: 'email', message: 'already used by another employee' }])

    const second = await t.post('/v1/employees', { employee_number: 'FY2', name: '李建国' })
    const renumber = await t.patch(`/v1/employees/${second.body.id}`, { employee_number: court.employee_number })
    expectProblem(renumber, 409, 'conflict')
    expect((await t.get(`/v1/employees/${first.body.id}`)).body.employee_number).toBe(court.employee_number)
    expect((await t.get(`/v1/employees/${second.body.id}`)).body.employee_number).toBe('FY2')
  })

  it("keeps each tenant's roster apart: the same number in two tenants, and 404 for another tenant's employee", async () => {
    const [a, b] = await Promise.all([newTenant(), newTenant()])
    const mine = await a.post('/v1/employees', court)
    expect((await b.post('/v1/employees', court)).status).toBe(201)
    expectProblem(await b.get(`/v1/employees/${mine.body.id}`), 404, 'not_found')
    expectProblem(await b.patch(`/v1/employees/${mine.body.id}`, { status: 'left' }), 404, 'not_found')
    expectProblem(await b.delete(`/v1/employees/${mine.body.id}`), 404, 'not_found')
    expect((await a.get(`/v1/employees/${mine.body.id}`)).body.status).toBe('active')
    expectProblem(await a.get('/v1/employees/emp_01jd7k3m5n6p7q8r9s0t1v2w3x'), 404, 'not_found')
  })

  it('filters by status, department and search, and pages newest first without repeats', async () => {
    const t = await newTenant()
    const people = [
      { employee_number: 'B001', name: '王丽华', department: '个人金融部', email: 'wlh@bank.example.com' },
      { employee_number: 'B002', name: '李建国', department: '个人金融部', status: 'on_leave' },
      { employee_number: 'B003', name: '张敏', department: '风险管理部', email: 'zm@bank.example.com' },
      { employee_number: 'B004', name: '王强', department: '风险管理部', status: 'left' },
      { employee_number: 'B_05', name: '赵 100%', department: '营业部' },
    ]
    for (const p of people) expect((await t.post('/v1/employees', p)).status).toBe(201)
    const numbers = async (query: string) => (await allEmployees(t, query)).map((e) => e.employee_number)

    expect(await numbers('')).toEqual(['B_05', 'B004', 'B003', 'B002', 'B001'])
    expect(await numbers('&status=left')).toEqual(['B004'])
    expect(await numbers(`&department=${encodeURIComponent('个人金融部')}`)).toEqual(['B002', 'B001'])
    expect(await numbers(`&search=${encodeURIComponent('王')}`)).toEqual(['B004', 'B001'])
    expect(await numbers('&search=ZM%40BANK')).toEqual(['B003'])
    expect(await numbers('&search=b00')).toEqual(['B004', 'B003', 'B002', 'B001'])
    expect(await numbers(`&search=${encodeURIComponent('%')}`)).toEqual(['B_05'])
    expect(await numbers('&search=_')).toEqual(['B_05'])

    const first = await t.get('/v1/employees?limit=2')
    expect(first.body).toMatchObject({ object: 'list', has_more: true })
    const rest = await t.get(`/v1/employees?limit=10&cursor=${first.body.next_cursor}`)
    expect([...first.body.data, ...rest.body.data].map((e: { employee_number: string }) => e.employee_number)).toEqual(await numbers(''))
    expectProblem(await t.get('/v1/employees?status=retired'), 422, 'invalid_request')
    expectProblem(await t.get('/v1/employees?cursor=nonsense'), 422, 'invalid_cursor')
  })

  it('deletes an employee nothing refers to, and refuses (409) one that records refer to', async () => {
    const t = await newTenant()
    const mistake = await t.post('/v1/employees', { employee_number: 'TYPO1', name: '误录' })
    expectProblem(await t.delete(`/v1/employees/${mistake.body.id}`, { headers: { 'If-Match': '"7"' } }), 412, 'precondition_failed')
    const gone = await t.delete(`/v1/employees/${mistake.body.id}`, { headers: { 'If-Match': '"1"' } })
    expect(gone.body).toEqual({ id: mistake.body.id, object: 'employee', deleted: true })
    expectProblem(await t.get(`/v1/employees/${mistake.body.id}`), 404, 'not_found')
    const audit = await t.get(`/v1/audit-events?object_id=${mistake.body.id}`)
    expect(audit.body.data[0]).toMatchObject({ action: 'employee.deleted', details: { employee_number: 'TYPO1' } })

    // A record that refers to the employee (as children and enrollments will) makes the delete refuse.
    const { db } = await testApp()
    const kept = await t.post('/v1/employees', court)
    const probe = sql.table(`employee_ref_probe_${Date.now()}`)
    await sql`create table ${probe} (probe_tenant uuid not null, probe_employee uuid not null,
      foreign key (probe_tenant, probe_employee) references employees (tenant_id, id))`.execute(db)
    try {
      await sql`insert into ${probe} values (${parseApiId('ten', t.id)}, ${parseApiId('emp', kept.body.id)})`.execute(db)
      const refused = await t.delete(`/v1/employees/${kept.body.id}`)
      expectProblem(refused, 409, 'conflict')
      expect(refused.body.detail).toMatch(/set their status to left/)
      expect((await t.get(`/v1/employees/${kept.body.id}`)).status).toBe(200)
    } finally {
      await sql`drop table ${probe}`.execute(db)
    }
  })
})
