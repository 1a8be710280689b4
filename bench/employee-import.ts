/**
 * The roster import at full size: one 10 000-row CSV over HTTP, timed from request to answer.
 * Each run uses fresh employee numbers, so every row is created (the costly path).
 */
export const IMPORT_BENCH_ROWS = 10_000

const DEPARTMENTS = ['个人金融部', '公司业务部', '风险管理部', '营业部', '办公室', '财务会计部', '信息科技部']

/** A UTF-8 CSV roster: `<prefix>-00001` ... with names, e-mails, phones and departments (about 0.8 MB for 10 000 rows). */
export const rosterCsv = (rows: number, prefix: string) => {
  const lines = ['employee_number,name,email,phone,department,status']
  for (let i = 1; i <= rows; i++) {
    const n = String(i).padStart(5, '0')
    lines.push(`${prefix}-${n},员工${n},${prefix.toLowerCase()}.${n}@bench.example.com,138${n.padStart(8, '0')},${DEPARTMENTS[i % DEPARTMENTS.length]},active`)
  }
  return `${lines.join('\n')}\n`
}

export const benchEmployeeImport = async (baseUrl: string, apiKey: string) => {
  const rows = IMPORT_BENCH_ROWS
  const body = rosterCsv(rows, `B${Date.now().toString(36).toUpperCase()}`)
  const started = performance.now()
  const res = await fetch(`${baseUrl}/v1/employees/import`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'text/csv; charset=utf-8' },
    body,
  })
  const text = await res.text()
  const ms = performance.now() - started
  if (!res.ok) throw new Error(`POST /v1/employees/import: ${res.status} ${text}`)
  const result = JSON.parse(text) as { created: number }
  if (result.created !== rows) throw new Error(`the import created ${result.created} of ${rows} employees`)
  return { rows, ms: Math.round(ms), rowsPerSecond: Math.round(rows / (ms / 1000)) }
}
