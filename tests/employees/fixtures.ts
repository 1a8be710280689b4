import type { TestTenant } from '../helpers/harness'

export const CSV_HEADER = 'employee_number,name,email,phone,department,status'

/** A CSV body from a header and rows of cells (cells are written as given: quote them yourself). */
export const csv = (...lines: string[]) => `${lines.join('\n')}\n`

/** Rows E00001... with distinct names and e-mails, as CSV lines. */
export const rosterLines = (count: number, options: { prefix?: string; department?: (i: number) => string } = {}) =>
  Array.from({ length: count }, (_, i) => {
    const n = `${options.prefix ?? 'E'}${String(i + 1).padStart(5, '0')}`
    return `${n},员工${i + 1},${n.toLowerCase()}@corp.example.com,,${options.department?.(i) ?? `部门${i % 7}`},active`
  })

export const postCsv = (tenant: TestTenant, body: string, query = '', headers: Record<string, string> = {}) =>
  tenant.send('POST', `/v1/employees/import${query}`, { raw: body, headers: { 'Content-Type': 'text/csv', ...headers } })

export const postJson = (tenant: TestTenant, rows: unknown, query = '', headers: Record<string, string> = {}) =>
  tenant.post(`/v1/employees/import${query}`, rows, { headers })

export const court = {
  employee_number: 'FY2019-042',
  name: '王丽华',
  email: 'wang.lihua@court.example.cn',
  phone: '138 0359 0042',
  department: '民事审判第一庭',
}

/** Every employee of the tenant, through the list API. */
export const allEmployees = async (tenant: TestTenant, query = '') => {
  const all: any[] = []
  let cursor: string | null = null
  do {
    const res: any = await tenant.get(`/v1/employees?limit=100${query}${cursor ? `&cursor=${cursor}` : ''}`)
    if (res.status !== 200) throw new Error(res.text)
    all.push(...res.body.data)
    cursor = res.body.next_cursor
  } while (cursor)
  return all
}
