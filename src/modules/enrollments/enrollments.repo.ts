import { type InferResult, type Insertable, type Selectable, sql, type Updateable } from 'kysely'
import type { EnrollmentStatus, EnrollmentsTable } from '../../db/tables/enrollments'
import type { TenantData } from '../../db/tenant'
import { PAYMENT_VIEW_COLUMNS } from '../billing'
import { LIVE_STATUSES, SEAT_STATUSES } from './enrollments.rules'

export type EnrollmentRow = Selectable<EnrollmentsTable>

/**
 * The program; with `lock`, its row stays locked (FOR NO KEY UPDATE) until the transaction ends.
 * Every change to the program's seats takes this lock first: that is what keeps capacity from
 * being oversold and waitlist ranks from repeating.
 */
export const programQuery = (scope: TenantData, programId: string, options: { lock?: boolean } = {}) =>
  scope.tx
    .selectFrom('programs')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', programId)
    .$if(options.lock === true, (q) => q.forNoKeyUpdate())

export const findProgram = (scope: TenantData, programId: string, options: { lock?: boolean } = {}) =>
  programQuery(scope, programId, options).executeTakeFirst()

export type ProgramRow = NonNullable<Awaited<ReturnType<typeof findProgram>>>

/** The groups of (at least one of) the programs, each with the seats its enrollments hold; `seatsOfGroups` reads the rows. */
export const groupSeatsQuery = (scope: TenantData, programIds: string[]) =>
  scope.tx
    .selectFrom('program_groups as g')
    .select(['g.id', 'g.program_id', 'g.name', 'g.min_age', 'g.max_age', 'g.capacity'])
    .select((eb) =>
      eb
        .selectFrom('enrollments as e')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('e.tenant_id', '=', 'g.tenant_id')
        .whereRef('e.program_id', '=', 'g.program_id')
        .whereRef('e.group_id', '=', 'g.id')
        .where('e.status', 'in', SEAT_STATUSES)
        .as('taken'),
    )
    .where('g.tenant_id', '=', scope.tenantId)
    .where('g.program_id', 'in', programIds)
    .orderBy('g.id')

export const seatsOfGroups = (rows: InferResult<ReturnType<typeof groupSeatsQuery>>) => rows.map((r) => ({ ...r, taken: Number(r.taken ?? 0) }))

/** The groups of the programs, each with the seats its enrollments hold. */
export const groupSeats = async (scope: TenantData, programIds: string[]) =>
  programIds.length === 0 ? [] : seatsOfGroups(await groupSeatsQuery(scope, programIds).execute())

export type ProgramCounts = { taken: number; waiting: number; maxRank: number | null; minRank: number | null }

type CountRow = { program_id: string; taken: number; waiting: number; max_rank: number | null; min_rank: number | null }

/** The seat and waitlist counts of (at least one of) the programs; `countsOf` reads the rows. */
export const programCountsQuery = (scope: TenantData, programIds: string[]) =>
  sql<CountRow>`
    select program_id,
           count(*) filter (where status in ('confirmed', 'awaiting_payment')) as taken,
           count(*) filter (where status = 'waitlisted') as waiting,
           max(waitlist_rank) as max_rank,
           min(waitlist_rank) as min_rank
    from enrollments
    where tenant_id = ${scope.tenantId} and program_id in (${sql.join(programIds)}) and status in ('confirmed', 'waitlisted', 'awaiting_payment')
    group by program_id`

export const countsOf = (programIds: string[], rows: CountRow[]) => {
  const counts = new Map<string, ProgramCounts>()
  for (const id of programIds) counts.set(id, { taken: 0, waiting: 0, maxRank: null, minRank: null })
  for (const r of rows)
    counts.set(r.program_id, {
      taken: Number(r.taken),
      waiting: Number(r.waiting),
      maxRank: r.max_rank === null ? null : Number(r.max_rank),
      minRank: r.min_rank === null ? null : Number(r.min_rank),
    })
  return counts
}

/** Seats held, children waiting and the waitlist's rank bounds of each program. */
export const programCounts = async (scope: TenantData, programIds: string[]) =>
  programIds.length === 0 ? new Map<string, ProgramCounts>() : countsOf(programIds, (await programCountsQuery(scope, programIds).execute(scope.tx)).rows)

export const employeeStatusQuery = (scope: TenantData, employeeId: string) =>
  scope.tx.selectFrom('employees').select('status').where('tenant_id', '=', scope.tenantId).where('id', '=', employeeId)

export const employeeStatus = async (scope: TenantData, employeeId: string) => (await employeeStatusQuery(scope, employeeId).executeTakeFirstOrThrow()).status

export const ownChildQuery = (scope: TenantData, employeeId: string, childId: string) =>
  scope.tx
    .selectFrom('children')
    .select(['id', 'name', 'date_of_birth'])
    .where('tenant_id', '=', scope.tenantId)
    .where('employee_id', '=', employeeId)
    .where('id', '=', childId)

/** The employee's children, oldest registration first (an employee has a handful). */
export const ownChildren = (scope: TenantData, employeeId: string) =>
  scope.tx
    .selectFrom('children')
    .select(['id', 'name', 'date_of_birth'])
    .where('tenant_id', '=', scope.tenantId)
    .where('employee_id', '=', employeeId)
    .orderBy('id')
    .limit(100)
    .execute()

/** A waitlisted enrollment's place in line: 1 + how many of the program wait before it. Null when not waitlisted. */
const waitlistPosition = sql<number | null>`case when e.status = 'waitlisted' then (
    select count(*) from enrollments w
    where w.tenant_id = e.tenant_id and w.program_id = e.program_id and w.status = 'waitlisted' and w.waitlist_rank <= e.waitlist_rank) end`

/** Enrollments as the API shows them: with the child's name, the waitlist position and (billing, issue 7) the co-payment. */
const enrollmentViews = (scope: TenantData) =>
  scope.tx
    .selectFrom('enrollments as e')
    .innerJoin('children as c', (join) => join.onRef('c.tenant_id', '=', 'e.tenant_id').onRef('c.id', '=', 'e.child_id'))
    .leftJoin('enrollment_payments as pay', (join) => join.onRef('pay.tenant_id', '=', 'e.tenant_id').onRef('pay.enrollment_id', '=', 'e.id'))
    .selectAll('e')
    .select(['c.name as child_name', waitlistPosition.as('waitlist_position'), ...PAYMENT_VIEW_COLUMNS])
    .where('e.tenant_id', '=', scope.tenantId)

export type EnrollmentView = NonNullable<Awaited<ReturnType<typeof findEnrollmentView>>>

export const findEnrollmentView = (scope: TenantData, id: string, employeeId?: string) =>
  enrollmentViews(scope)
    .where('e.id', '=', id)
    .$if(employeeId !== undefined, (q) => q.where('e.employee_id', '=', employeeId as string))
    .executeTakeFirst()

export const findEnrollmentViews = (scope: TenantData, ids: string[]) =>
  ids.length === 0 ? Promise.resolve([]) : enrollmentViews(scope).where('e.id', 'in', ids).execute()

export type EnrollmentFilter = { employeeId?: string; programId?: string; childId?: string; status?: EnrollmentStatus }

/** A page of enrollments, newest first (keyset on the UUIDv7 id). */
export const listEnrollmentViews = (scope: TenantData, filter: EnrollmentFilter, limit: number, after?: string) =>
  enrollmentViews(scope)
    .$if(filter.employeeId !== undefined, (q) => q.where('e.employee_id', '=', filter.employeeId as string))
    .$if(filter.programId !== undefined, (q) => q.where('e.program_id', '=', filter.programId as string))
    .$if(filter.childId !== undefined, (q) => q.where('e.child_id', '=', filter.childId as string))
    .$if(filter.status !== undefined, (q) => q.where('e.status', '=', filter.status as EnrollmentStatus))
    .$if(after !== undefined, (q) => q.where('e.id', '<', after as string))
    .orderBy('e.id', 'desc')
    .limit(limit + 1)
    .execute()

/** A page of the program's waitlist in order, each with its position, after the rank `afterRank`. */
export const waitlistPage = (scope: TenantData, programId: string, limit: number, afterRank?: number) =>
  scope.tx
    .selectFrom(
      scope.tx
        .selectFrom('enrollments as e')
        .innerJoin('children as c', (join) => join.onRef('c.tenant_id', '=', 'e.tenant_id').onRef('c.id', '=', 'e.child_id'))
        .leftJoin('enrollment_payments as pay', (join) => join.onRef('pay.tenant_id', '=', 'e.tenant_id').onRef('pay.enrollment_id', '=', 'e.id'))
        .selectAll('e')
        .select(['c.name as child_name', sql<number>`row_number() over (order by e.waitlist_rank)`.as('waitlist_position'), ...PAYMENT_VIEW_COLUMNS])
        .where('e.tenant_id', '=', scope.tenantId)
        .where('e.program_id', '=', programId)
        .where('e.status', '=', 'waitlisted')
        .as('w'),
    )
    .selectAll()
    .$if(afterRank !== undefined, (q) => q.where('w.waitlist_rank', '>', afterRank as number))
    .orderBy('w.waitlist_rank')
    .limit(limit + 1)
    .execute()

/** The program's waitlist in order, with what placing each child needs. */
export const waitlist = (scope: TenantData, programId: string) =>
  scope.tx
    .selectFrom('enrollments as e')
    .innerJoin('children as c', (join) => join.onRef('c.tenant_id', '=', 'e.tenant_id').onRef('c.id', '=', 'e.child_id'))
    .select(['e.id', 'e.group_id', 'c.date_of_birth'])
    .where('e.tenant_id', '=', scope.tenantId)
    .where('e.program_id', '=', programId)
    .where('e.status', '=', 'waitlisted')
    .orderBy('e.waitlist_rank')
    .execute()

/** The employee's live enrollments (seat or waitlist) in (at least one of) the programs. */
export const liveEnrollmentsOfQuery = (scope: TenantData, employeeId: string, programIds: string[]) =>
  enrollmentViews(scope).where('e.employee_id', '=', employeeId).where('e.program_id', 'in', programIds).where('e.status', 'in', LIVE_STATUSES)

export const liveEnrollmentsOf = async (scope: TenantData, employeeId: string, programIds: string[]) =>
  programIds.length === 0 ? [] : liveEnrollmentsOfQuery(scope, employeeId, programIds).execute()

export const insertEnrollment = (scope: TenantData, values: Insertable<EnrollmentsTable>) =>
  scope.tx.insertInto('enrollments').values(values).returningAll().executeTakeFirstOrThrow()

export const findEnrollment = (scope: TenantData, id: string, options: { employeeId?: string; lock?: boolean } = {}) =>
  scope.tx
    .selectFrom('enrollments')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .$if(options.employeeId !== undefined, (q) => q.where('employee_id', '=', options.employeeId as string))
    .$if(options.lock === true, (q) => q.forUpdate())
    .executeTakeFirst()

export const updateEnrollment = (scope: TenantData, id: string, changes: Updateable<EnrollmentsTable>) =>
  scope.tx
    .updateTable('enrollments')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()

/** Published programs with their site, newest first (keyset on id); or the one published program `onlyId`. */
export const publishedPrograms = (scope: TenantData, limit: number, options: { after?: string; onlyId?: string } = {}) =>
  scope.tx
    .selectFrom('programs as p')
    .leftJoin('sites as s', (join) => join.onRef('s.tenant_id', '=', 'p.tenant_id').onRef('s.id', '=', 'p.site_id'))
    .selectAll('p')
    .select(['s.name as site_name', 's.address as site_address'])
    .where('p.tenant_id', '=', scope.tenantId)
    .where('p.status', '=', 'published')
    .$if(options.onlyId !== undefined, (q) => q.where('p.id', '=', options.onlyId as string))
    .$if(options.after !== undefined, (q) => q.where('p.id', '<', options.after as string))
    .orderBy('p.id', 'desc')
    .limit(limit + 1)
    .execute()

/** The child's live enrollments, in the order they were made. */
export const liveEnrollmentsOfChild = (scope: TenantData, childId: string) =>
  scope.tx
    .selectFrom('enrollments')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('child_id', '=', childId)
    .where('status', 'in', LIVE_STATUSES)
    .orderBy('id')
    .execute()

/** Live enrollments of the program (or of one group of it), with what stranding rules read. */
export const liveInScope = (scope: TenantData, programId: string, groupId?: string) =>
  scope.tx
    .selectFrom('enrollments as e')
    .innerJoin('children as c', (join) => join.onRef('c.tenant_id', '=', 'e.tenant_id').onRef('c.id', '=', 'e.child_id'))
    .select(['e.id', 'e.status', 'e.confirmed_at', 'e.waitlist_rank', 'c.date_of_birth'])
    .where('e.tenant_id', '=', scope.tenantId)
    .where('e.program_id', '=', programId)
    .where('e.status', 'in', LIVE_STATUSES)
    .$if(groupId !== undefined, (q) => q.where('e.group_id', '=', groupId as string))
    .execute()

export type StrandedRow = Awaited<ReturnType<typeof liveInScope>>[number]
