import { createRoute, z } from '@hono/zod-openapi'
import { ProgramId } from '../../lib/id-schemas'
import { conflictResponse, errorResponses, IdempotencyKeyHeader, json, jsonBody } from '../../lib/openapi'
import { ListQuery, listOf } from '../../lib/pagination'
import { CancelEnrollment, Enrollment, EnrollmentId, EnrollmentQuery } from './enrollments.schemas'

const admin = { tags: ['Enrollments'], security: [{ apiKey: [] }] }
const ProgramParams = z.object({ program_id: ProgramId })
const EnrollmentParams = z.object({ enrollment_id: EnrollmentId })

export const listProgramEnrollments = createRoute({
  ...admin,
  method: 'get',
  path: '/programs/{program_id}/enrollments',
  operationId: 'listProgramEnrollments',
  summary: "List a program's enrollments",
  description: 'The enrollments of a program, newest first, optionally in one status (e.g. `confirmed` for the roster).',
  request: { params: ProgramParams, query: ListQuery.extend(EnrollmentQuery.shape) },
  responses: { 200: json(listOf(Enrollment, 'ProgramEnrollmentList'), 'A page of enrollments.'), ...errorResponses },
})

export const listProgramWaitlist = createRoute({
  ...admin,
  method: 'get',
  path: '/programs/{program_id}/waitlist',
  operationId: 'listProgramWaitlist',
  summary: "Read a program's waitlist",
  description:
    'The waitlisted enrollments in order: `waitlist_position` 1 is promoted first when a seat frees (in a program with groups, the first the freed seat can take). Positions run 1..n without gaps.',
  request: { params: ProgramParams, query: ListQuery },
  responses: { 200: json(listOf(Enrollment, 'WaitlistPage'), 'A page of the waitlist, in order.'), ...errorResponses },
})

export const getEnrollment = createRoute({
  ...admin,
  method: 'get',
  path: '/enrollments/{enrollment_id}',
  operationId: 'getEnrollment',
  summary: 'Read an enrollment',
  request: { params: EnrollmentParams },
  description: 'One enrollment of the tenant, with its waitlist position when waitlisted.',
  responses: { 200: json(Enrollment, 'The enrollment.'), ...errorResponses },
})

export const cancelEnrollment = createRoute({
  ...admin,
  method: 'post',
  path: '/enrollments/{enrollment_id}/cancel',
  operationId: 'cancelEnrollment',
  summary: 'Cancel an enrollment',
  description:
    'HR cancels an enrollment, saying why (`reason`, kept as `end_reason` and sent to the providers’ feed). A freed seat goes, in the same transaction, to the first waitlisted child it can take. An enrollment that already ended, or whose program has ended, answers `409 invalid_state`. Honours `Idempotency-Key`.',
  request: { params: EnrollmentParams, headers: IdempotencyKeyHeader, body: jsonBody(CancelEnrollment) },
  responses: { 200: json(Enrollment, 'The enrollment, now cancelled.'), ...errorResponses, ...conflictResponse },
})
