import { createRoute, z } from '@hono/zod-openapi'
import { ProgramId } from '../../lib/id-schemas'
import { errorResponses, json } from '../../lib/openapi'
import { AttendanceDay, AttendanceDayQuery } from './attendance.admin.schemas'

export const getProgramAttendance = createRoute({
  tags: ['Attendance'],
  security: [{ apiKey: [] }],
  method: 'get',
  path: '/programs/{program_id}/attendance',
  operationId: 'getProgramAttendance',
  summary: "Read a program's attendance on a day",
  description:
    "Every child holding a confirmed seat on a service day, with their standing (`not_yet_arrived`, `present`, `picked_up`, `absent`: reported absent and not checked in), their check-in and check-out, and the day's summary (enrolled, expected = enrolled − absent, not yet arrived, present, picked up, absent). `Accept: text/csv` gives the same lines as CSV (UTF-8 with a byte-order mark), as the provider's export. A day that is not a service day answers 422 `not_a_service_day` naming why.",
  request: {
    params: z.object({ program_id: ProgramId }),
    query: AttendanceDayQuery,
    headers: z.object({ accept: z.string().optional().openapi({ description: '`application/json` (default) or `text/csv`.', example: 'text/csv' }) }),
  },
  responses: {
    200: {
      ...json(AttendanceDay, 'The day.'),
      content: {
        'application/json': { schema: AttendanceDay },
        'text/csv': {
          schema: z.string().openapi({
            example:
              'date,program_id,program_name,group,child_id,child_name,status,absence_reported,checked_in_at,dropped_off_by,checked_out_at,picked_up_by,attendance_id\r\n2027-07-05,prg_01jd7k3m5n6p7q8r9s0t1v2w3x,2027 暑期托管班,,chd_01jd7k3m5n6p7q8r9s0t1v2w3x,张小明,present,false,2027-07-05T08:12:00+08:00,guardian,,,att_01jd7k3m5n6p7q8r9s0t1v2w3x\r\n',
          }),
        },
      },
    },
    ...errorResponses,
  },
})
