import { z } from '@hono/zod-openapi'
import { isoDate } from '../../lib/fields'
import { ChildId, GroupId, ProgramId } from '../../lib/id-schemas'
import { idPattern, prefixes } from '../../lib/ids'
import { DayStatusSchema, DaySummarySchema, EnrollmentRef, GroupRef } from '../roster'
import { Attendance } from './attendance.schemas'

export const AttendanceDayChild = z
  .object({
    child_id: ChildId,
    enrollment_id: EnrollmentRef,
    employee_id: z.string().regex(idPattern(prefixes.employee)).openapi({ example: 'emp_01jd7k3m5n6p7q8r9s0t1v2w3x' }),
    name: z.string().openapi({ example: '张小明' }),
    group: GroupRef.nullable(),
    status: DayStatusSchema,
    absence_reported: z.boolean().openapi({ description: 'The guardian reported the child absent that day (a child who came anyway is still `present`).' }),
    attendance: Attendance.nullable(),
  })
  .openapi('AttendanceDayChild')

export const AttendanceDay = z
  .object({
    object: z.literal('attendance_day'),
    program_id: ProgramId,
    date: isoDate().openapi({ example: '2027-07-05' }),
    group_id: GroupId.nullable(),
    time_zone: z.string().openapi({ example: 'Asia/Shanghai' }),
    summary: DaySummarySchema,
    children: z.array(AttendanceDayChild).openapi({ description: 'Every child holding a seat that day, by group then name.' }),
  })
  .openapi('AttendanceDay')

export const AttendanceDayQuery = z.object({
  date: isoDate().openapi({ description: 'A service day of the program.', example: '2027-07-05' }),
  group_id: GroupId.optional().openapi({ description: 'Only this group of the program.' }),
})
