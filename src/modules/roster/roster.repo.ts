import { type InferResult, sql } from 'kysely'
import type { TenantData } from '../../db/tenant'

/** What a program's days need: its calendar and hours. */
export const programScheduleQuery = (scope: TenantData, programId: string) =>
  scope.tx
    .selectFrom('programs')
    .select(['id', 'name', 'starts_on', 'ends_on', 'operating_weekdays', 'closure_dates', 'opens_at', 'closes_at'])
    .where('tenant_id', '=', scope.tenantId)
    .where('id', '=', programId)

export const findProgramSchedule = (scope: TenantData, programId: string) => programScheduleQuery(scope, programId).executeTakeFirst()

export type ProgramSchedule = NonNullable<Awaited<ReturnType<typeof findProgramSchedule>>>

export const findGroup = (scope: TenantData, programId: string, groupId: string) =>
  scope.tx
    .selectFrom('program_groups')
    .select(['id', 'name'])
    .where('tenant_id', '=', scope.tenantId)
    .where('program_id', '=', programId)
    .where('id', '=', groupId)
    .executeTakeFirst()

const localDate = (column: 'e.confirmed_at' | 'e.ended_at', timeZone: string) => sql<string | null>`(${sql.ref(column)} at time zone ${timeZone})::date`

export type SheetFilter = { programId: string; from: string; to: string; timeZone: string; groupId?: string }

/**
 * The program's enrollments that may be expected on some day from `from` to `to` (confirmed by
 * `to`, not ended before `from`), with the child's name, group and the local dates that decide
 * the days they are expected.
 */
const sheetQuery = (scope: TenantData, f: SheetFilter) =>
  scope.tx
    .selectFrom('enrollments as e')
    .innerJoin('children as c', (j) => j.onRef('c.tenant_id', '=', 'e.tenant_id').onRef('c.id', '=', 'e.child_id'))
    .leftJoin('program_groups as g', (j) => j.onRef('g.tenant_id', '=', 'e.tenant_id').onRef('g.id', '=', 'e.group_id'))
    .select([
      'e.id',
      'e.status',
      'e.group_id',
      'e.employee_id',
      'e.child_id',
      'c.name',
      'c.date_of_birth',
      'g.name as group_name',
      'g.min_age as group_min_age',
    ])
    .select([localDate('e.confirmed_at', f.timeZone).as('confirmed_on'), localDate('e.ended_at', f.timeZone).as('ended_on')])
    .where('e.tenant_id', '=', scope.tenantId)
    .where('e.program_id', '=', f.programId)
    .where('e.confirmed_at', 'is not', null)
    .where(localDate('e.confirmed_at', f.timeZone), '<=', f.to)
    .where((eb) => eb.or([eb('e.status', 'in', ['confirmed', 'completed']), eb(localDate('e.ended_at', f.timeZone), '>', f.from)]))
    .$if(f.groupId !== undefined, (q) => q.where('e.group_id', '=', f.groupId as string))
    .orderBy('e.id')

export const sheetEnrollmentsQuery = sheetQuery

/** The same enrollments with what care needs of each child (the roster). */
export const rosterEnrollmentsQuery = (scope: TenantData, f: SheetFilter) =>
  sheetQuery(scope, f).select(['c.allergies', 'c.medical_notes', 'c.dietary_needs', 'c.emergency_contacts', 'c.authorized_pickups'])

export type SheetEnrollment = InferResult<ReturnType<typeof sheetQuery>>[number]
export type RosterEnrollment = InferResult<ReturnType<typeof rosterEnrollmentsQuery>>[number]

/** Reported absences (not withdrawn) in the program from `from` to `to`. */
export const sheetAbsencesQuery = (scope: TenantData, f: SheetFilter) =>
  scope.tx
    .selectFrom('absences as a')
    .innerJoin('enrollments as e', (j) => j.onRef('e.tenant_id', '=', 'a.tenant_id').onRef('e.id', '=', 'a.enrollment_id'))
    .select(['a.enrollment_id', 'a.date'])
    .where('a.tenant_id', '=', scope.tenantId)
    .where('e.program_id', '=', f.programId)
    .where('a.date', '>=', f.from)
    .where('a.date', '<=', f.to)
    .where('a.withdrawn_at', 'is', null)

/** Attendance recorded in the program from `from` to `to`. */
export const sheetAttendanceQuery = (scope: TenantData, f: SheetFilter) =>
  scope.tx
    .selectFrom('attendance')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where('program_id', '=', f.programId)
    .where('date', '>=', f.from)
    .where('date', '<=', f.to)

/** The child's enrollments in the program (any status), the latest confirmed first, with the local dates that decide the days they are expected. */
export const enrollmentsOfChildQuery = (scope: TenantData, programId: string, childId: string, timeZone: string) =>
  scope.tx
    .selectFrom('enrollments as e')
    .select(['e.id', 'e.status', 'e.child_id'])
    .select([localDate('e.confirmed_at', timeZone).as('confirmed_on'), localDate('e.ended_at', timeZone).as('ended_on')])
    .where('e.tenant_id', '=', scope.tenantId)
    .where('e.program_id', '=', programId)
    .where('e.child_id', '=', childId)
    .orderBy('e.confirmed_at', (ob) => ob.desc().nullsLast())

export const enrollmentsOfChild = (scope: TenantData, programId: string, childId: string, timeZone: string) =>
  enrollmentsOfChildQuery(scope, programId, childId, timeZone).execute()
