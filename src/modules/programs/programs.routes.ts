import { createRoute, z } from '@hono/zod-openapi'
import { SiteId } from '../../lib/id-schemas'
import { errorResponses, IdempotencyKeyHeader, IfMatchHeader, json, jsonBody, Problem, preconditionResponse } from '../../lib/openapi'
import { ListQuery, listOf } from '../../lib/pagination'
import { RESOLUTIONS } from './programs.guards'
import { CreateProgram, Program, ProgramId, ProgramStatus, ServiceCalendar, UpdateProgram } from './programs.schemas'

const admin = { tags: ['Programs'], security: [{ apiKey: [] }] }
export const ProgramParams = z.object({ program_id: ProgramId })
const withEtag = { headers: z.object({ ETag: z.string().openapi({ example: '"3"' }) }) }
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } })

export const STRANDING_RULE =
  'Once children are enrolled, a change that would strand them (narrowing the age rule or moving the date it is measured on, moving `starts_on` or `ends_on`, cutting capacity below the confirmed seats; for a group, narrowing its band, cutting its capacity or deleting it) is refused with `409 enrollments_affected`, whose `errors` name each part and how many enrollments it affects, unless `affected_enrollments` says how to resolve them: `keep` (they stay as they are; not for capacity cuts or removed groups), `waitlist` (they return to the head of the waitlist) or `withdraw` (they are withdrawn). Drafts have no enrollments.'

export const AffectedEnrollmentsQuery = z.object({
  affected_enrollments: z.enum(RESOLUTIONS).optional().openapi({
    description: 'How to resolve enrollments this change would strand (see the operation’s description). Without it such a change answers 409.',
    example: 'waitlist',
  }),
})

export const createProgram = createRoute({
  ...admin,
  method: 'post',
  path: '/programs',
  operationId: 'createProgram',
  summary: 'Create a program',
  description:
    'Creates a draft. Only `name` is required; every rule across fields is checked on what is given (dates in order, closures inside the dates, subsidy within the fee, registration closing by the last day, the tenant’s time zone) and a violation answers 422 naming each field, storing nothing. Give `ends_on` or `length_weeks`, not both: the other is derived and returned.',
  request: { headers: IdempotencyKeyHeader, body: jsonBody(CreateProgram) },
  responses: { 201: { ...json(Program, 'The draft program.'), ...withEtag }, ...errorResponses },
})

export const listPrograms = createRoute({
  ...admin,
  method: 'get',
  path: '/programs',
  operationId: 'listPrograms',
  summary: 'List programs',
  description: 'Newest first, optionally only one status or one site.',
  request: {
    query: ListQuery.extend({
      status: ProgramStatus.optional(),
      site_id: SiteId.optional().openapi({ description: 'Only programs at this site.' }),
    }),
  },
  responses: { 200: json(listOf(Program, 'ProgramList'), 'A page of programs.'), ...errorResponses },
})

export const getProgram = createRoute({
  ...admin,
  method: 'get',
  path: '/programs/{program_id}',
  operationId: 'getProgram',
  summary: 'Read a program',
  description: 'The `ETag` header names this version; send it as `If-Match` when you change the program.',
  request: { params: ProgramParams },
  responses: { 200: { ...json(Program, 'The program.'), ...withEtag }, ...errorResponses },
})

export const updateProgram = createRoute({
  ...admin,
  method: 'patch',
  path: '/programs/{program_id}',
  operationId: 'updateProgram',
  summary: 'Change a program',
  description: `Changes the fields given, in a draft or a published program (closed and archived programs answer 409 \`invalid_state\`). The whole result must obey the rules (422 naming each field, nothing stored); a published program must stay complete; the program's groups must still fit its age band and capacity (409 \`conflict\`). With \`If-Match\`, a stale version answers 412. ${STRANDING_RULE}`,
  request: { params: ProgramParams, query: AffectedEnrollmentsQuery, headers: IfMatchHeader, body: jsonBody(UpdateProgram) },
  responses: {
    200: { ...json(Program, 'The updated program.'), ...withEtag },
    ...errorResponses,
    409: problem('`invalid_state` (closed or archived), `conflict` (groups no longer fit) or `enrollments_affected` (enrolled children would be stranded).'),
    ...preconditionResponse,
  },
})

const lifecycle = (action: 'publish' | 'close' | 'archive', summary: string, description: string, extra: Record<number, ReturnType<typeof problem>> = {}) =>
  createRoute({
    ...admin,
    method: 'post',
    path: `/programs/{program_id}/${action}`,
    operationId: `${action}Program`,
    summary,
    description,
    request: { params: ProgramParams, headers: IdempotencyKeyHeader },
    responses: {
      200: { ...json(Program, 'The program in its new status.'), ...withEtag },
      ...errorResponses,
      409: problem('`invalid_state`: the program is not in a status this action starts from.'),
      ...extra,
    },
  })

export const publishProgram = lifecycle(
  'publish',
  'Publish a program',
  'Makes a draft visible to employees. The program must be complete: a site, `starts_on` and `ends_on`, capacity, an age rule, daily hours, a registration window, at least one service day, an end not in the past, and at least one provider assignment (a contract that is not revoked covers it). Otherwise 422 `program_incomplete` lists every missing piece in `errors` at once.',
  { 422: problem('`program_incomplete`: `errors` lists every missing piece; or another rule broken.') },
)
export const closeProgram = lifecycle('close', 'Close a program', 'Ends a published program: no new enrollments; it becomes read-only history.')
export const archiveProgram = lifecycle(
  'archive',
  'Archive a program',
  'Files away a closed program, or abandons a draft. Archived programs are read-only and keep their site.',
)

export const getProgramCalendar = createRoute({
  ...admin,
  method: 'get',
  path: '/programs/{program_id}/calendar',
  operationId: 'getProgramCalendar',
  summary: 'Read the service calendar',
  description:
    'The days care is given: operating weekdays between `starts_on` and `ends_on`, both included, minus closure dates, with the local hours and the instants they correspond to. Ask for `text/calendar` in `Accept` to get the same days as iCalendar (one event per day, in UTC, stable UIDs), to subscribe from a calendar app. A program without dates answers 409 `invalid_state`.',
  request: {
    params: ProgramParams,
    headers: z.object({
      accept: z.string().optional().openapi({ description: '`application/json` (default) or `text/calendar`.', example: 'text/calendar' }),
    }),
  },
  responses: {
    200: {
      description: 'The service calendar.',
      content: {
        'application/json': { schema: ServiceCalendar },
        'text/calendar': {
          schema: z.string().openapi({
            example:
              'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tuoguan//service-calendar//EN\r\nNAME:2027 暑期托管班（3–7 岁）\r\nBEGIN:VEVENT\r\nUID:2027-07-05.prg_01jd7k3m5n6p7q8r9s0t1v2w3x@tuoguan\r\nDTSTART:20270705T000000Z\r\nDTEND:20270705T093000Z\r\nSUMMARY:2027 暑期托管班（3–7 岁）\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
          }),
        },
      },
    },
    ...errorResponses,
    409: problem('`invalid_state`: the program has no dates yet.'),
  },
})
