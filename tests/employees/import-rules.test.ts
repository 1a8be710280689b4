import { describe, expect, it } from 'vitest'
import { ApiError } from '../../src/lib/errors'
import { importFormatOf, readCsv, readImportBody, readJson } from '../../src/modules/employees/employee-import.parse'
import { checkImportRows } from '../../src/modules/employees/employee-import.rules'

const refusal = (work: () => unknown) => {
  try {
    work()
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

describe('reading CSV', () => {
  it('numbers each row by the line it starts on, across quoted line breaks, CRLF, BOM and empty lines', () => {
    const text = '\uFEFFemployee_number,Name\r\nE1,"王\r\n丽华"\r\n\r\n,\r\nE2,"李 ""建国"""\r\n'
    const rows = readCsv(text)
    expect(rows.map((r) => [r.line, r.fields])).toEqual([
      [2, { employee_number: 'E1', name: '王\n丽华' }],
      [6, { employee_number: 'E2', name: '李 "建国"' }],
    ])
  })

  it('refuses a header with unknown, repeated or missing columns, naming each', () => {
    const error = refusal(() => readCsv('employee_number,e-mail,employee_number\nE1,a@b.example.com,E1\n'))
    expect(error.status).toBe(422)
    expect(error.errors?.map((e) => e.message)).toEqual([
      'line 1: column 2 "e-mail" is not one of employee_number, name, email, phone, department, status',
      'line 1: column employee_number appears more than once',
      'line 1: the name column is missing',
    ])
  })

  it('refuses an empty file and an unclosed quote with its line', () => {
    expect(refusal(() => readCsv('')).errors).toEqual([{ path: 'header', line: 1, message: 'line 1: no header row' }])
    const unclosed = refusal(() => readCsv('employee_number,name\nE1,ok\nE2,"broken\n'))
    expect(unclosed.errors?.[0]).toMatchObject({ path: 'body', line: 3 })
  })

  it('marks a row with the wrong number of fields as unreadable', () => {
    const [row] = readCsv('employee_number,name\nE1,张,三\n')
    expect(row?.unreadable).toMatch(/has 3 fields; the header names 2/)
  })

  it('takes only UTF-8 JSON or CSV', () => {
    expect(importFormatOf('text/csv; charset=UTF-8')).toBe('csv')
    expect(importFormatOf('application/json')).toBe('json')
    expect(refusal(() => importFormatOf('text/csv; charset=gbk')).status).toBe(415)
    expect(refusal(() => importFormatOf('application/xml')).status).toBe(415)
    expect(refusal(() => readImportBody('csv', 'employee_number,name\nE1,\uFFFD\n')).errors).toEqual([{ path: 'body', message: 'is not valid UTF-8' }])
  })
})

describe('checking rows', () => {
  it('lists every bad field of every row, with row, line and field, in file order', () => {
    const rows = readCsv(
      [
        'employee_number,name,email,phone,department,status',
        'E1,张三,zhang@corp.example.com,,,',
        ' E2 ,,not-an-email,12,,retired',
        'E3,王五,,,,',
        '-E4,赵六,,,,active',
      ].join('\n'),
    )
    const { rows: ok, errors } = checkImportRows(rows)
    expect(ok.map((r) => r.employee_number)).toEqual(['E1', 'E3'])
    expect(errors.map((e) => [e.path, e.line, e.field])).toEqual([
      ['1.name', 3, 'name'],
      ['1.email', 3, 'email'],
      ['1.phone', 3, 'phone'],
      ['1.status', 3, 'status'],
      ['3.employee_number', 5, 'employee_number'],
    ])
    expect(errors[0]?.message).toBe('line 3: name: must not be empty')
  })

  it('flags every occurrence of an employee number or e-mail that appears twice, even on otherwise bad rows', () => {
    const rows = readJson(
      JSON.stringify([
        { employee_number: 'E1', name: '甲', email: 'Same@corp.example.com' },
        { employee_number: 'E2', name: '乙', email: 'same@corp.example.com' },
        { employee_number: 'E1', name: '', email: null },
      ]),
    )
    const { errors } = checkImportRows(rows)
    expect(errors.map((e) => [e.path, e.row])).toEqual([
      ['0.employee_number', 1],
      ['0.email', 1],
      ['1.email', 2],
      ['2.employee_number', 3],
      ['2.name', 3],
    ])
    expect(errors[0]?.message).toBe('row 1: employee_number: E1 appears more than once in the file (rows 1, 3); each employee needs one row')
  })

  it('tells omitted fields (kept) from empty ones (cleared), and an empty status from a given one', () => {
    const { rows, errors } = checkImportRows(readCsv('employee_number,name,email,status\nE1,张三,,\nE2,李四, li@corp.example.com ,on_leave\n'))
    expect(errors).toEqual([])
    expect(rows).toEqual([
      { index: 0, line: 2, employee_number: 'E1', name: '张三', email: null },
      { index: 1, line: 3, employee_number: 'E2', name: '李四', email: 'li@corp.example.com', status: 'on_leave' },
    ])
  })

  it('refuses JSON rows that are not objects, carry unknown keys or wrong types', () => {
    const { errors } = checkImportRows(readJson(JSON.stringify(['E1', { employee_number: 42, name: '甲', mail: 'x' }])))
    expect(errors.map((e) => e.message)).toEqual([
      'row 1: must be an object',
      'row 2: employee_number: employee_number must be a string',
      'row 2: mail: is not a field of an employee row (employee_number, name, email, phone, department, status)',
    ])
  })

  it('refuses more than 10 000 rows before checking any', () => {
    const lines = ['employee_number,name', ...Array.from({ length: 10_001 }, (_, i) => `E${i},x`)]
    expect(refusal(() => readCsv(lines.join('\n'))).detail).toMatch(/at most 10000 rows; this one has 10001/)
    expect(refusal(() => readJson(JSON.stringify(Array.from({ length: 10_001 }, () => ({}))))).status).toBe(422)
    expect(refusal(() => readJson('{"rows": []}')).errors).toEqual([{ path: 'body', message: 'must be an array of employee rows' }])
  })
})

describe('hostile JSON keys', () => {
  it('treats __proto__ as an unknown field, not as a prototype', () => {
    const { errors } = checkImportRows(readJson('[{"employee_number":"E1","name":"甲","__proto__":{"status":"left"}}]'))
    expect(errors.map((e) => e.path)).toEqual(['0.__proto__'])
  })
})
