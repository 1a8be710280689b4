import { describe, expect, it } from 'vitest'
import { newTenant } from './client'

describe('workerd: the employee roster', () => {
  it('adds an employee and imports a CSV roster', async () => {
    const t = await newTenant()
    const one = await t.post('/v1/employees', { employee_number: 'FY2019-042', name: '王丽华', email: 'wang.lihua@court.example.cn' })
    expect(one.status, one.text).toBe(201)
    const csv = [
      'employee_number,name,email,phone,department,status',
      'FY2019-042,王丽华,wang.lihua@court.example.cn,138 0359 0042,民事审判第一庭,active',
      'FY2021-007,"李建国, 副庭长",,,执行局,on_leave',
    ].join('\n')
    const imported = await t.send('POST', '/v1/employees/import', { raw: `${csv}\n`, headers: { 'Content-Type': 'text/csv' } })
    expect(imported.status, imported.text).toBe(200)
    expect(imported.body).toMatchObject({ rows: 2, created: 1, updated: 1, unchanged: 0 })
    const list = await t.get('/v1/employees?limit=10')
    expect(list.body.data.map((e: { name: string }) => e.name).sort()).toEqual(['李建国, 副庭长', '王丽华'])
  })
})
