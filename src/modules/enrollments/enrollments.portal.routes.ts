import { createRoute, z } from '@hono/zod-openapi'
import { ChildId, ProgramId } from '../../lib/id-schemas'
import { conflictResponse, errorResponses, IdempotencyKeyHeader, json, jsonBody } from '../../lib/openapi'
import { ListQuery, listOf } from '../../lib/pagination'
import { CreateEnrollment, Enrollment, EnrollmentId, EnrollmentQuery, PortalProgram } from './enrollments.schemas'

const portal = { security: [{ portalToken: [] }] }
const programsTag = { ...portal, tags: ['Portal: programs'] }
const enrollmentsTag = { ...portal, tags: ['Portal: enrollments'] }

export const listPortalPrograms = createRoute({
  ...programsTag,
  method: 'get',
  path: '/programs',
  operationId: 'listPortalPrograms',
  summary: 'Programs you can enroll in',
  description:
    "The tenant's published programs, newest first, each with seats left and, for every child of the signed-in employee, whether they may enroll and otherwise every reason, by code and in words: too young or too old (with the age on the measuring date), registration not open yet or closed, the per-employee limit reached, already enrolled, employee not active. The same rules decide `POST /v1/portal/enrollments`.",
  request: { query: ListQuery },
  responses: { 200: json(listOf(PortalProgram, 'PortalProgramList'), 'A page of programs.'), ...errorResponses },
})

export const getPortalProgram = createRoute({
  ...programsTag,
  method: 'get',
  path: '/programs/{program_id}',
  operationId: 'getPortalProgram',
  summary: 'A program and your children’s eligibility',
  description: 'One published program as in the list. Programs that are not published answer 404 on the portal.',
  request: { params: z.object({ program_id: ProgramId }) },
  responses: { 200: json(PortalProgram, 'The program.'), ...errorResponses },
})

export const createEnrollment = createRoute({
  ...enrollmentsTag,
  method: 'post',
  path: '/enrollments',
  operationId: 'createEnrollment',
  summary: 'Enroll a child',
  description:
    "Enrolls one of your children in a published program during its registration window. `201` with status `confirmed` when a seat is free (in the requested group, or the first group of the child's age), else `waitlisted` with `waitlist_position`. A rule that fails answers `422 not_eligible` naming every failed rule (`errors[].message` starts with its code; see `Ineligibility`). A child who already holds a seat or waitlist place in the program answers `409 already_enrolled`. Another employee's child, or a group outside the program, answers 404. Capacity is never oversold, whatever the concurrency. Honours `Idempotency-Key`.",
  request: { headers: IdempotencyKeyHeader, body: jsonBody(CreateEnrollment) },
  responses: { 201: json(Enrollment, 'The enrollment: confirmed or waitlisted.'), ...errorResponses, ...conflictResponse },
})

export const listMyEnrollments = createRoute({
  ...enrollmentsTag,
  method: 'get',
  path: '/enrollments',
  operationId: 'listMyEnrollments',
  summary: "List your children's enrollments",
  description: "The signed-in employee's enrollments, newest first, with waitlist positions as they stand now.",
  request: {
    query: ListQuery.extend(EnrollmentQuery.shape).extend({
      child_id: ChildId.optional().openapi({ description: 'Only this child’s enrollments.' }),
      program_id: ProgramId.optional().openapi({ description: 'Only enrollments in this program.' }),
    }),
  },
  responses: { 200: json(listOf(Enrollment, 'EnrollmentList'), 'A page of enrollments.'), ...errorResponses },
})

const EnrollmentParams = z.object({ enrollment_id: EnrollmentId })

export const getMyEnrollment = createRoute({
  ...enrollmentsTag,
  method: 'get',
  path: '/enrollments/{enrollment_id}',
  operationId: 'getMyEnrollment',
  summary: 'Read an enrollment',
  description: "One of the signed-in employee's enrollments; another employee's answers 404.",
  request: { params: EnrollmentParams },
  responses: { 200: json(Enrollment, 'The enrollment.'), ...errorResponses },
})

export const withdrawEnrollment = createRoute({
  ...enrollmentsTag,
  method: 'delete',
  path: '/enrollments/{enrollment_id}',
  operationId: 'withdrawEnrollment',
  summary: 'Withdraw an enrollment',
  description:
    'Withdraws the child from the program (or from its waitlist). A freed seat goes, in the same transaction, to the first waitlisted child it can take, and the providers’ feed records both. An enrollment that already ended, or whose program has ended, answers `409 invalid_state`.',
  request: { params: EnrollmentParams },
  responses: { 200: json(Enrollment, 'The enrollment, now withdrawn.'), ...errorResponses, ...conflictResponse },
})
