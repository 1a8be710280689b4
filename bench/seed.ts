import postgres from 'postgres'
import { TypeID } from 'typeid-js'
import { encodeCursor } from '../src/lib/pagination'

/**
 * A realistic tenant for the benchmark: 50 programs running now under one contract, 5 000
 * employees (imported through the API), 4 000 children with confirmed seats and 30 days of
 * attendance (set-based SQL as the owner), portal employees with children still to enroll, and
 * a provider token. Everything the API can make cheaply goes through the API.
 */
export type BenchTenant = {
  tenantUuid: string
  hrKey: string
  providerToken: string
  programIds: string[]
  today: string
  /** For the enrollment POSTs: one portal token per employee, each with children not yet enrolled. */
  families: { token: string; childIds: string[] }[]
  /** For the check-in POSTs: seats with no attendance today. */
  seats: { programId: string; childId: string }[]
}

const PROGRAMS = 50
const EMPLOYEES = 5000
const CHILDREN = 4000
const DAYS_OF_ATTENDANCE = 30
const FAMILIES = 50
const CHILDREN_PER_FAMILY = 100
const TZ = 'Asia/Shanghai'

type Api = <T = any>(method: string, path: string, key: string, body?: unknown, contentType?: string) => Promise<T>

export const apiOf =
  (baseUrl: string): Api =>
  async (method, path, key, body, contentType = 'application/json') => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': contentType },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    })
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
    return res.json() as Promise<any>
  }

const localDate = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(d)
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
const toApi = (prefix: string, uuid: string) => TypeID.fromUUID(prefix, uuid).toString()
const first = <T>(rows: readonly unknown[]) => {
  if (rows.length === 0) throw new Error('expected a row')
  return rows[0] as T
}

export const seedBenchTenant = async (baseUrl: string, databaseUrl: string, platformKey: string): Promise<BenchTenant> => {
  const api = apiOf(baseUrl)
  const owner = postgres(databaseUrl, { max: 4, onnotice: () => {} })
  const today = localDate(new Date())
  try {
    const tenant = await api('POST', '/v1/platform/tenants', platformKey, { slug: 'bench-corp', name: '基准测试公司', time_zone: TZ, locale: 'zh-CN' })
    const hrKey = (await api('POST', `/v1/platform/tenants/${tenant.id}/api-keys`, platformKey, { name: 'bench' })).secret as string
    const { id: tenantUuid } = first<{ id: string }>(await owner`select id from tenants where slug = 'bench-corp'`)

    const site = await api('POST', '/v1/sites', hrKey, { name: '职工之家', address: '总部一层' })
    const startsOn = addDays(today, -DAYS_OF_ATTENDANCE)
    const programIds: string[] = []
    for (let i = 0; i < PROGRAMS; i++) {
      const program = await api('POST', '/v1/programs', hrKey, {
        name: `托管班 ${i + 1}`,
        site_id: site.id,
        starts_on: startsOn,
        ends_on: addDays(today, 30),
        operating_weekdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        daily_hours: { opens_at: '00:00', closes_at: '23:59' },
        age_rule: { min_age: 3, max_age: 12, measured_on: 'program_start' },
        capacity: 100,
        registration_window: { opens_at: new Date(Date.now() - 86_400_000).toISOString(), closes_at: `${addDays(today, 29)}T12:00:00+08:00` },
      })
      programIds.push(program.id)
    }
    const providerOrg = await api('POST', '/v1/providers', hrKey, { name: '专业托育机构', kind: 'agency' })
    const contract = await api('POST', '/v1/contracts', hrKey, {
      provider_id: providerOrg.id,
      program_ids: programIds,
      starts_on: startsOn,
      ends_on: addDays(today, 30),
    })
    const credential = await api('POST', `/v1/contracts/${contract.id}/credentials`, hrKey, { name: 'bench' })
    for (const id of programIds) await api('POST', `/v1/programs/${id}/publish`, hrKey)
    const token = await fetch(`${baseUrl}/v1/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: credential.client_id, client_secret: credential.client_secret }),
    })
    const providerToken = ((await token.json()) as { access_token: string }).access_token

    const csv = [
      'employee_number,name,department',
      ...Array.from({ length: EMPLOYEES + FAMILIES }, (_, i) => `B${String(i).padStart(6, '0')},员工${i},部门${i % 20}`),
    ].join('\n')
    await api('POST', '/v1/employees/import', hrKey, csv, 'text/csv')

    // Children with confirmed seats, and 30 days of attendance, set-based.
    await owner.unsafe(
      `
      with emp as (select id, row_number() over (order by employee_number) - 1 as n from employees where tenant_id = $1),
           prg as (select id, row_number() over (order by id) - 1 as n from programs where tenant_id = $1)
      insert into children (tenant_id, id, employee_id, name, date_of_birth, allergies)
      select $1, gen_random_uuid(), emp.id, '孩子' || emp.n, (current_date - ((4 + emp.n % 6) * 365 + emp.n % 300)::int),
             case when emp.n % 10 = 0 then array['peanuts'] else '{}' end
      from emp where emp.n < $2`,
      [tenantUuid, CHILDREN],
    )
    await owner.unsafe(
      `
      with ch as (select c.id, c.employee_id, row_number() over (order by c.id) - 1 as n from children c where c.tenant_id = $1),
           prg as (select id, row_number() over (order by id) - 1 as n from programs where tenant_id = $1)
      insert into enrollments (tenant_id, id, program_id, employee_id, child_id, status, confirmed_at)
      select $1, gen_random_uuid(), prg.id, ch.employee_id, ch.id, 'confirmed', $2::date - 1
      from ch join prg on prg.n = ch.n % $3`,
      [tenantUuid, startsOn, PROGRAMS],
    )
    const { id: contractUuid } = first<{ id: string }>(await owner`select id from contracts where tenant_id = ${tenantUuid}`)
    await owner.unsafe(
      `
      insert into attendance (tenant_id, id, enrollment_id, program_id, child_id, date, checked_in_at, dropped_off_by, check_in_contract_id,
                              checked_out_at, picked_up_by, check_out_contract_id)
      select e.tenant_id, gen_random_uuid(), e.id, e.program_id, e.child_id, d::date,
             (d::date + time '08:10') at time zone $4, '{"kind":"guardian"}', $3,
             (d::date + time '17:20') at time zone $4, '{"kind":"guardian"}', $3
      from enrollments e, generate_series($2::date, current_date - 1, interval '1 day') d
      where e.tenant_id = $1`,
      [tenantUuid, startsOn, contractUuid, TZ],
    )

    // Families on the portal, with children still to enroll.
    const employees = await owner`select id, employee_number from employees where tenant_id = ${tenantUuid} order by employee_number desc limit ${FAMILIES}`
    const families: BenchTenant['families'] = []
    for (const e of employees) {
      const apiId = (await api('GET', `/v1/employees?search=${e.employee_number}`, hrKey)).data[0].id
      const { code } = await api('POST', `/v1/employees/${apiId}/invitations`, hrKey, {})
      const signIn = await fetch(`${baseUrl}/v1/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:tuoguan:params:oauth:grant-type:invitation-code', tenant: 'bench-corp', code }),
      })
      const familyToken = ((await signIn.json()) as { access_token: string }).access_token
      const kids = await owner`
        insert into children (tenant_id, id, employee_id, name, date_of_birth)
        select ${tenantUuid}, gen_random_uuid(), ${e.id}, '新孩子' || g, (current_date - (5 * 365 + g)) from generate_series(1, ${CHILDREN_PER_FAMILY}) g
        returning id`
      families.push({ token: familyToken, childIds: kids.map((k) => toApi('chd', k.id)) })
    }

    const seatRows = await owner`select program_id, child_id from enrollments where tenant_id = ${tenantUuid} order by id`
    const seats = seatRows.map((s) => ({ programId: toApi('prg', s.program_id), childId: toApi('chd', s.child_id) }))
    return { tenantUuid, hrKey, providerToken, programIds, today, families, seats }
  } finally {
    await owner.end()
  }
}

/**
 * Grows the tenant's feed to `total` events (copies of a real event, so pages present exactly as
 * in use; the tenant needs one event already) and answers a cursor in its middle.
 */
export const growFeed = async (databaseUrl: string, tenantUuid: string, total: number) => {
  const owner = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  try {
    // As the app appends: under the tenant's counter row lock, so late writers cannot collide.
    await owner.begin(async (tx) => {
      const { last } = first<{ last: number }>(await tx`select last_position::int as last from feed_counters where tenant_id = ${tenantUuid} for update`)
      if (last >= total) return
      await tx`
        insert into feed_events (tenant_id, position, id, type, program_id, payload, occurred_at)
        select t.tenant_id, p, gen_random_uuid(), t.type, t.program_id, t.payload, now()
        from (select * from feed_events where tenant_id = ${tenantUuid} order by position limit 1) t,
             generate_series(${last + 1}::bigint, ${total}::bigint) p`
      await tx`update feed_counters set last_position = ${total} where tenant_id = ${tenantUuid}`
    })
    await owner`analyze feed_events`
    return encodeCursor(`f:${Math.floor(total / 2)}`)
  } finally {
    await owner.end()
  }
}
