import { createRoute, z } from '@hono/zod-openapi'
import { conflictResponse, errorResponses, IdempotencyKeyHeader, json, jsonBody } from '../../lib/openapi'
import { ListQuery, listOf } from '../../lib/pagination'
import { Absence, AbsenceBatch, AbsenceId, AbsenceQuery, ReportAbsences } from './absences.schemas'

const portal = { tags: ['Portal: absences'], security: [{ portalToken: [] }] }

export const reportAbsences = createRoute({
  ...portal,
  method: 'post',
  path: '/absences',
  operationId: 'reportAbsences',
  summary: 'Report a child absent',
  description:
    "Reports one of your children absent on the given dates. Each date must be today or later (in the tenant's time zone: a past day answers 422) and a service day of a program the child is confirmed in (otherwise `422 not_a_service_day`, naming the date's index). A date already reported answers 409. All or nothing. The providers' feed gets an `absence.reported` event per absence. Honours `Idempotency-Key`.",
  request: { headers: IdempotencyKeyHeader, body: jsonBody(ReportAbsences) },
  responses: { 201: json(AbsenceBatch, 'The absences recorded.'), ...errorResponses, ...conflictResponse },
})

export const listAbsences = createRoute({
  ...portal,
  method: 'get',
  path: '/absences',
  operationId: 'listAbsences',
  summary: "List your children's absences",
  description: 'Reported absences of the signed-in employee’s children, newest report first, withdrawn ones included (`withdrawn_at`).',
  request: { query: ListQuery.extend(AbsenceQuery.shape) },
  responses: { 200: json(listOf(Absence, 'AbsenceList'), 'A page of absences.'), ...errorResponses },
})

export const withdrawAbsence = createRoute({
  ...portal,
  method: 'delete',
  path: '/absences/{absence_id}',
  operationId: 'withdrawAbsence',
  summary: 'Withdraw an absence report',
  description:
    'Withdraws a report before its day (on the day itself or later answers `409 invalid_state`: the provider has planned without the child). The report is kept with `withdrawn_at`, and the feed gets `absence.withdrawn`.',
  request: { params: z.object({ absence_id: AbsenceId }) },
  responses: { 200: json(Absence, 'The absence, now withdrawn.'), ...errorResponses, ...conflictResponse },
})
