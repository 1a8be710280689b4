import type { Insertable } from 'kysely'
import type { AbsencesTable } from '../../db/tables/enrollments'
import type { TenantData } from '../../db/tenant'

/** The child's confirmed enrollments with their programs' schedules; the child must be the employee's. */
export const confirmedEnrollments = (scope: TenantData, employeeId: string, childId: string) =>
  scope.tx
    .selectFrom('enrollments as e')
    .innerJoin('programs as p', (join) => join.onRef('p.tenant_id', '=', 'e.tenant_id').onRef('p.id', '=', 'e.program_id'))
    .select(['e.id', 'e.program_id', 'e.group_id', 'e.child_id', 'p.starts_on', 'p.ends_on', 'p.operating_weekdays', 'p.closure_dates'])
    .where('e.tenant_id', '=', scope.tenantId)
    .where('e.employee_id', '=', employeeId)
    .where('e.child_id', '=', childId)
    .where('e.status', '=', 'confirmed')
    .orderBy('e.id')
    .execute()

export const childBelongsTo = async (scope: TenantData, employeeId: string, childId: string) =>
  (await scope.tx
    .selectFrom('children')
    .select('id')
    .where('tenant_id', '=', scope.tenantId)
    .where('employee_id', '=', employeeId)
    .where('id', '=', childId)
    .executeTakeFirst()) !== undefined

/** Absences already reported (not withdrawn) for these enrollments on these dates. */
export const liveAbsences = (scope: TenantData, enrollmentIds: string[], dates: string[]) =>
  enrollmentIds.length === 0 || dates.length === 0
    ? Promise.resolve([])
    : scope.tx
        .selectFrom('absences')
        .select(['enrollment_id', 'date'])
        .where('tenant_id', '=', scope.tenantId)
        .where('enrollment_id', 'in', enrollmentIds)
        .where('date', 'in', dates)
        .where('withdrawn_at', 'is', null)
        .execute()

export const insertAbsences = (scope: TenantData, rows: Insertable<AbsencesTable>[]) => scope.tx.insertInto('absences').values(rows).returningAll().execute()

/** Absences as the API shows them: with the enrollment's program, group and child. */
const absenceViews = (scope: TenantData, employeeId: string) =>
  scope.tx
    .selectFrom('absences as a')
    .innerJoin('enrollments as e', (join) => join.onRef('e.tenant_id', '=', 'a.tenant_id').onRef('e.id', '=', 'a.enrollment_id'))
    .selectAll('a')
    .select(['e.program_id', 'e.group_id', 'e.child_id'])
    .where('a.tenant_id', '=', scope.tenantId)
    .where('e.employee_id', '=', employeeId)

export type AbsenceView = Awaited<ReturnType<ReturnType<typeof absenceViews>['execute']>>[number]

export const findAbsence = (scope: TenantData, employeeId: string, id: string, lock = false) =>
  absenceViews(scope, employeeId)
    .where('a.id', '=', id)
    .$if(lock, (q) => q.forUpdate('a'))
    .executeTakeFirst()

export const findAbsences = (scope: TenantData, employeeId: string, ids: string[]) =>
  absenceViews(scope, employeeId).where('a.id', 'in', ids).orderBy('a.date').orderBy('a.id').execute()

export type AbsenceFilter = { childId?: string; programId?: string }

/** A page of the employee's absences, newest report first. */
export const listAbsences = (scope: TenantData, employeeId: string, filter: AbsenceFilter, limit: number, after?: string) =>
  absenceViews(scope, employeeId)
    .$if(filter.childId !== undefined, (q) => q.where('e.child_id', '=', filter.childId as string))
    .$if(filter.programId !== undefined, (q) => q.where('e.program_id', '=', filter.programId as string))
    .$if(after !== undefined, (q) => q.where('a.id', '<', after as string))
    .orderBy('a.id', 'desc')
    .limit(limit + 1)
    .execute()

export const markWithdrawn = (scope: TenantData, id: string) =>
  scope.tx.updateTable('absences').set({ withdrawn_at: new Date() }).where('tenant_id', '=', scope.tenantId).where('id', '=', id).execute()
