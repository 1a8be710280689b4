import { type RawBuilder, sql } from 'kysely'
import type { TenantData } from '../../db/tenant'
import type { ImportRow } from './employee-import.rules'

/**
 * Set-based SQL for imports: the rows travel as one jsonb parameter and every statement handles
 * all of them at once (PGlite and postgres.js alike). A key present in a row's object means the
 * file gives that field; absent, the employee keeps theirs.
 */
export type Payload = RawBuilder<unknown>

/**
 * A UUIDv7 (what `newId` stores) without the TypeID round trip, which costs about 10 µs an id:
 * an import may name 10 000 new employees. Ids made in one millisecond share their time prefix.
 */
const uuidV7 = (now: number) => {
  const time = now.toString(16).padStart(12, '0')
  return `${time.slice(0, 8)}-${time.slice(8)}-7${crypto.randomUUID().slice(15)}`
}

export const payloadOf = (rows: ImportRow[]): Payload => {
  const items = rows.map(({ index, line: _line, ...fields }) => ({ i: index, id: uuidV7(Date.now()), ...fields }))
  // Sent as text and cast here: each driver would otherwise pick its own encoding for a jsonb parameter.
  return sql`(${JSON.stringify(items)}::text::jsonb)`
}

const source = (payload: Payload) => sql`
  select (r->>'i')::int as i, (r->>'id')::uuid as new_id, r->>'employee_number' as employee_number, r->>'name' as name,
         r ? 'email' as has_email, r->>'email' as email,
         r ? 'phone' as has_phone, r->>'phone' as phone,
         r ? 'department' as has_department, r->>'department' as department,
         r->>'status' as status
  from jsonb_array_elements(${payload}) as r`

/** The rows as they will be after the import, beside the employees' current values. */
const merged = (scope: TenantData, payload: Payload, lock: boolean) => sql`
  src as (${source(payload)}),
  cur as (
    select e.id, e.employee_number, e.name, e.email, e.phone, e.department, e.status
    from employees e
    where e.tenant_id = ${scope.tenantId} and e.employee_number in (select employee_number from src)
    ${lock ? sql`order by e.employee_number for update` : sql``}
  ),
  merged as (
    select src.i, src.employee_number, coalesce(cur.id, src.new_id) as id, cur.id is null as is_new,
           src.name,
           case when src.has_email then src.email else cur.email end as email,
           case when src.has_phone then src.phone else cur.phone end as phone,
           case when src.has_department then src.department else cur.department end as department,
           coalesce(src.status, cur.status, 'active') as status,
           cur.name as old_name, cur.email as old_email, cur.phone as old_phone, cur.department as old_department, cur.status as old_status
    from src left join cur on cur.employee_number = src.employee_number
  )`

/** Imports of one tenant run one at a time: counts and e-mail checks then hold until commit. */
export const lockImports = (scope: TenantData) =>
  sql`select pg_advisory_xact_lock(hashtextextended(${`tuoguan:employees.import:${scope.tenantId}`}, 0))`.execute(scope.tx)

/** Rows whose e-mail another employee of the tenant keeps (one that the file does not give a new e-mail). */
export const emailClashes = async (scope: TenantData, payload: Payload) =>
  (
    await sql<{ i: number; taken_by: string }>`
      with src as (${source(payload)})
      select s.i, e.employee_number as taken_by
      from src s
      join employees e on e.tenant_id = ${scope.tenantId} and lower(e.email) = lower(s.email) and e.employee_number <> s.employee_number
      where s.email is not null
        and not exists (select 1 from src o where o.employee_number = e.employee_number and o.has_email)
      order by s.i`.execute(scope.tx)
  ).rows

export type ChangeKind = 'created' | 'updated' | 'unchanged'
export type Classified = { kind: ChangeKind; count: number; sample: { employee_number: string; fields: string[] }[] }

/**
 * What the import changes, per kind, with the first `sampleSize` rows of each (file order) and
 * the fields an update changes. With `lock`, the existing employees named are locked until commit.
 */
export const classify = async (scope: TenantData, payload: Payload, sampleSize: number, lock: boolean) =>
  (
    await sql<Classified>`
      with ${merged(scope, payload, lock)},
      changes as (
        select i, employee_number, is_new,
               array_remove(array[
                 case when old_name is distinct from name then 'name' end,
                 case when old_email is distinct from email then 'email' end,
                 case when old_phone is distinct from phone then 'phone' end,
                 case when old_department is distinct from department then 'department' end,
                 case when old_status is distinct from status then 'status' end
               ], null) as fields
        from merged
      ),
      kinds as (
        select *, case when is_new then 'created' when cardinality(fields) > 0 then 'updated' else 'unchanged' end as kind from changes
      ),
      ranked as (select *, row_number() over (partition by kind order by i) as rank from kinds)
      select kind, count(*)::int as count,
             coalesce(jsonb_agg(jsonb_build_object('employee_number', employee_number, 'fields', fields) order by i)
                        filter (where rank <= ${sampleSize}), '[]'::jsonb) as sample
      from ranked
      group by kind`.execute(scope.tx)
  ).rows

/** Inserts the new employees and updates the changed ones in one statement; unchanged rows are not touched (nor locked). */
export const upsertEmployees = async (scope: TenantData, payload: Payload) => {
  const { rows } = await sql<{ created: number; updated: number }>`
    with ${merged(scope, payload, false)},
    written as (
      insert into employees (tenant_id, id, employee_number, name, email, phone, department, status)
      select ${scope.tenantId}, id, employee_number, name, email, phone, department, status
      from merged
      where is_new or (old_name, old_email, old_phone, old_department, old_status) is distinct from (name, email, phone, department, status)
      order by employee_number
      on conflict (tenant_id, employee_number) do update
        set name = excluded.name, email = excluded.email, phone = excluded.phone, department = excluded.department,
            status = excluded.status, version = employees.version + 1, updated_at = now()
        where (employees.name, employees.email, employees.phone, employees.department, employees.status)
              is distinct from (excluded.name, excluded.email, excluded.phone, excluded.department, excluded.status)
      returning (xmax = 0) as inserted
    )
    select count(*) filter (where inserted)::int as created, count(*) filter (where not inserted)::int as updated from written`.execute(scope.tx)
  return rows[0] ?? { created: 0, updated: 0 }
}

type Missing = { count: number; sample: string[] }

/** `mode=sync`: the employees the file leaves out, marked `left` (or, for a dry run, only counted). */
export const markMissingLeft = async (scope: TenantData, payload: Payload, sampleSize: number, write: boolean) => {
  const missing = sql`e.tenant_id = ${scope.tenantId} and e.status <> 'left' and not exists (select 1 from file f where f.employee_number = e.employee_number)`
  const gone = write
    ? sql`update employees e set status = 'left', version = e.version + 1, updated_at = now() where ${missing} returning e.employee_number`
    : sql`select e.employee_number from employees e where ${missing}`
  const { rows } = await sql<Missing>`
    with file as (select r->>'employee_number' as employee_number from jsonb_array_elements(${payload}) as r),
    gone as (${gone})
    select (select count(*)::int from gone) as count,
           coalesce((select jsonb_agg(employee_number order by employee_number)
                     from (select employee_number from gone order by employee_number limit ${sampleSize}) s), '[]'::jsonb) as sample`.execute(scope.tx)
  return rows[0] ?? { count: 0, sample: [] }
}
