import { isUniqueViolation } from '../../db/errors'
import type { TenantData, TenantScope } from '../../db/tenant'
import { recordAudit } from '../../lib/audit'
import { ApiError } from '../../lib/errors'
import { appendFeedEvents, type NewFeedEvent } from '../../lib/feed'
import { newId, prefixes, toApiId } from '../../lib/ids'
import { localDateOf } from '../../lib/time'
import * as repo from './absences.repo'
import { mayWithdraw, planAbsences } from './absences.rules'

export type ReportRequest = { childId: string; dates: string[]; reason: string }

export const toAbsence = (row: repo.AbsenceView) => ({
  id: toApiId(prefixes.absence, row.id),
  object: 'absence' as const,
  child_id: toApiId(prefixes.child, row.child_id),
  enrollment_id: toApiId(prefixes.enrollment, row.enrollment_id),
  program_id: toApiId(prefixes.program, row.program_id),
  date: row.date,
  reason: row.reason,
  reported_at: row.reported_at.toISOString(),
  withdrawn_at: row.withdrawn_at?.toISOString() ?? null,
})

const absenceEvent = (type: 'absence.reported' | 'absence.withdrawn', row: repo.AbsenceView): NewFeedEvent => ({
  type,
  programId: row.program_id,
  payload: {
    absence_id: toApiId(prefixes.absence, row.id),
    enrollment_id: toApiId(prefixes.enrollment, row.enrollment_id),
    program_id: toApiId(prefixes.program, row.program_id),
    group_id: row.group_id === null ? null : toApiId(prefixes.group, row.group_id),
    child_id: toApiId(prefixes.child, row.child_id),
    date: row.date,
    ...(type === 'absence.reported' ? { reason: row.reason } : {}),
  },
})

const today = async (scope: TenantData) => localDateOf(new Date(), await scope.timeZone())

const alreadyReported = (paths: { path: string; message: string }[]) =>
  new ApiError(
    'conflict',
    `The child is already reported absent on ${paths.map((p) => p.message).join(', ')}; withdraw that report first or leave the date out.`,
    paths,
  )

/**
 * Reports the child absent on the dates: every date must be today or later and a service day of a
 * program the child is confirmed in. All or nothing; each absence is audited and sent to the feed.
 * Undefined when the employee has no such child.
 */
export const reportAbsences = async (scope: TenantScope, employeeId: string, req: ReportRequest) => {
  if (!(await repo.childBelongsTo(scope, employeeId, req.childId))) return undefined
  const enrolled = await repo.confirmedEnrollments(scope, employeeId, req.childId)
  const { problems, planned } = planAbsences(
    req.dates,
    await today(scope),
    enrolled.flatMap((e) =>
      e.starts_on && e.ends_on
        ? [
            {
              enrollmentId: e.id,
              schedule: { starts_on: e.starts_on, ends_on: e.ends_on, operating_weekdays: e.operating_weekdays, closure_dates: e.closure_dates },
            },
          ]
        : [],
    ),
  )
  if (problems.length)
    throw new ApiError(
      problems.some((p) => p.kind === 'not_a_service_day') ? 'not_a_service_day' : 'invalid_request',
      `No absence was recorded: ${problems.map((p) => p.message).join('; ')}.`,
      problems.map(({ path, message }) => ({ path, message })),
    )
  const taken = await repo.liveAbsences(scope, [...new Set(planned.map((p) => p.enrollmentId))], req.dates)
  const clash = req.dates.flatMap((date, i) => (taken.some((t) => t.date === date) ? [{ path: `dates.${i}`, message: date }] : []))
  if (clash.length) throw alreadyReported(clash)

  const rows = planned.map((p) => ({
    tenant_id: scope.tenantId,
    id: newId(prefixes.absence).uuid,
    enrollment_id: p.enrollmentId,
    date: p.date,
    reason: req.reason,
  }))
  const inserted = await repo.insertAbsences(scope, rows).catch((error) => {
    throw isUniqueViolation(error) ? alreadyReported(req.dates.map((date, i) => ({ path: `dates.${i}`, message: date }))) : error
  })
  const views = await repo.findAbsences(
    scope,
    employeeId,
    inserted.map((r) => r.id),
  )
  for (const view of views)
    await recordAudit(scope, {
      action: 'absence.reported',
      objectType: 'absence',
      objectId: toApiId(prefixes.absence, view.id),
      details: { child_id: toApiId(prefixes.child, view.child_id), date: view.date },
    })
  await appendFeedEvents(
    scope,
    views.map((v) => absenceEvent('absence.reported', v)),
  )
  return views
}

/** Withdraws a report before its day; undefined when the employee has no such absence. */
export const withdrawAbsence = async (scope: TenantScope, employeeId: string, id: string) => {
  const found = await repo.findAbsence(scope, employeeId, id, true)
  if (!found) return undefined
  const apiId = toApiId(prefixes.absence, id)
  if (found.withdrawn_at !== null) throw new ApiError('invalid_state', `Absence ${apiId} was already withdrawn.`)
  const now = await today(scope)
  if (!mayWithdraw(found.date, now))
    throw new ApiError('invalid_state', `Absence ${apiId} is for ${found.date}; a report can be withdrawn only before its day (today is ${now}).`)
  await repo.markWithdrawn(scope, id)
  const row = { ...found, withdrawn_at: new Date() }
  await recordAudit(scope, { action: 'absence.withdrawn', objectType: 'absence', objectId: apiId, details: { date: found.date } })
  await appendFeedEvents(scope, [absenceEvent('absence.withdrawn', row)])
  return row
}

export { listAbsences } from './absences.repo'
