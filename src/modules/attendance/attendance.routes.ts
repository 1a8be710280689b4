import { createRoute, z } from '@hono/zod-openapi'
import { isoDate } from '../../lib/fields'
import { ProgramId } from '../../lib/id-schemas'
import { errorResponses, IdempotencyKeyHeader, json, Problem } from '../../lib/openapi'
import { Attendance, BatchResult, CheckIn, CheckInBatch, CheckOut, CheckOutBatch, MAX_BATCH } from './attendance.schemas'
import { MAX_EXPORT_DAYS } from './attendance.sheets.service'

const provider = { tags: ['Provider'], security: [{ providerToken: [] }] }
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } })

const ONE_OR_BATCH = `Send one item, or \`{"items": [...]}\` with up to ${MAX_BATCH}. One item answers 201 with the attendance (200 when the same was already recorded: a retry is safe) or a problem. A batch answers 200 with each item's outcome in order (\`recorded\`, \`unchanged\` or \`rejected\` with the problem); a rejected item changes nothing and the others stand. A body that breaks the schema is refused whole (422, paths under \`items.N\`). \`Idempotency-Key\` replays the first answer.`

const TIME_RULES =
  '`at` defaults to now, may not be in the future, and its local date (tenant time zone) must be a service day of the program (422 `not_a_service_day`, reason first in `errors`) within the contract (422 `outside_contract`). The child must hold a confirmed seat that day; a program the contract does not cover, or a child never enrolled in it, answers 404.'

const OneAnswer = z.discriminatedUnion('object', [Attendance, BatchResult])

export const createCheckIns = createRoute({
  ...provider,
  method: 'post',
  path: '/check-ins',
  operationId: 'createCheckIns',
  summary: 'Check children in',
  description: `Records arrivals. ${ONE_OR_BATCH}

${TIME_RULES} A child checks in once a day per program: a different check-in of a child already checked in is 409 \`already_checked_in\`. \`dropped_off_by\` is optional; anyone may drop a child off. Each check-in is audited and appends \`attendance.checked_in\` to the feed in the same transaction.`,
  request: {
    headers: IdempotencyKeyHeader,
    body: { required: true, content: { 'application/json': { schema: z.union([CheckIn, CheckInBatch]) } } },
  },
  responses: {
    201: json(Attendance, 'The check-in, recorded.'),
    200: json(OneAnswer, 'One item: the check-in already recorded (a retry). A batch: each item’s outcome.'),
    ...errorResponses,
    409: problem('`already_checked_in`: the child was checked in that day at another time or by another person.'),
  },
})

export const createCheckOuts = createRoute({
  ...provider,
  method: 'post',
  path: '/check-outs',
  operationId: 'createCheckOuts',
  summary: 'Check children out',
  description: `Records departures. ${ONE_OR_BATCH}

${TIME_RULES} \`picked_up_by\` must be the guardian or one of the child's authorized pickups valid on that day (one-off and dated pickups only inside their window); anyone else answers 422 \`pickup_not_authorized\`, records nothing, and the refusal is written to the audit log. A child not checked in that day answers 409 \`not_checked_in\`; one already checked out at another time or to another person 409 \`already_checked_out\`; a time before the check-in 422. Each check-out is audited and appends \`attendance.checked_out\` to the feed in the same transaction.`,
  request: {
    headers: IdempotencyKeyHeader,
    body: { required: true, content: { 'application/json': { schema: z.union([CheckOut, CheckOutBatch]) } } },
  },
  responses: {
    201: json(Attendance, 'The check-out, recorded.'),
    200: json(OneAnswer, 'One item: the check-out already recorded (a retry). A batch: each item’s outcome.'),
    ...errorResponses,
    409: problem('`not_checked_in` or `already_checked_out`.'),
  },
})

export const ExportQuery = z.object({
  from: isoDate().openapi({ description: 'First day, `YYYY-MM-DD`.', example: '2027-07-05' }),
  to: isoDate().openapi({ description: `Last day, included; at most ${MAX_EXPORT_DAYS} days after \`from\`.`, example: '2027-07-30' }),
  program_id: ProgramId.optional().openapi({ description: 'Only this program of the contract.' }),
})

export const exportAttendance = createRoute({
  ...provider,
  method: 'get',
  path: '/attendance.csv',
  operationId: 'exportProviderAttendance',
  summary: 'Export attendance as CSV',
  description: `Attendance in the contract's programs from \`from\` to \`to\` (at most ${MAX_EXPORT_DAYS} days), clipped to the contract's dates and to today: one line per child per service day, with the day's status (\`not_yet_arrived\`, \`present\`, \`picked_up\`, \`absent\`), whether an absence was reported, local check-in and check-out times with their offset, and who dropped off and picked up. UTF-8 with a byte-order mark (spreadsheets read it as such), CRLF line ends.`,
  request: { query: ExportQuery },
  responses: {
    200: {
      description: 'The CSV.',
      content: {
        'text/csv': {
          schema: z.string().openapi({
            example:
              'date,program_id,program_name,group,child_id,child_name,status,absence_reported,checked_in_at,dropped_off_by,checked_out_at,picked_up_by,attendance_id\r\n2027-07-05,prg_01jd7k3m5n6p7q8r9s0t1v2w3x,2027 暑期托管班,大班（5–7 岁）,chd_01jd7k3m5n6p7q8r9s0t1v2w3x,张小明,picked_up,false,2027-07-05T08:12:00+08:00,guardian,2027-07-05T17:31:00+08:00,李娜 (grandmother),att_01jd7k3m5n6p7q8r9s0t1v2w3x\r\n',
          }),
        },
      },
    },
    ...errorResponses,
  },
})
