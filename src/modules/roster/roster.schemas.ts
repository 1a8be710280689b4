import { z } from '@hono/zod-openapi'
import { isoDate } from '../../lib/fields'
import { ChildId, GroupId, ProgramId } from '../../lib/id-schemas'
import { idPattern, prefixes } from '../../lib/ids'
import { timestamp } from '../../lib/openapi'
import { AuthorizedPickup, EmergencyContact } from '../children'

export const EnrollmentRef = z.string().regex(idPattern(prefixes.enrollment)).openapi({ example: 'enr_01jd7k3m5n6p7q8r9s0t1v2w3x' })
export const AttendanceId = z.string().regex(idPattern(prefixes.attendance)).openapi({ example: 'att_01jd7k3m5n6p7q8r9s0t1v2w3x' })

export const DayStatus = z.enum(['not_yet_arrived', 'present', 'picked_up', 'absent']).openapi('DayStatus', {
  description:
    '`not_yet_arrived`: expected, not checked in. `present`: checked in. `picked_up`: checked out. `absent`: reported absent by the guardian and not checked in (a child who arrives anyway is `present`).',
  example: 'present',
})

export const DaySummary = z
  .object({
    enrolled: z.number().int().openapi({ description: 'Children holding a confirmed seat that day.', example: 24 }),
    expected: z.number().int().openapi({ description: 'enrolled − absent = not_yet_arrived + present + picked_up.', example: 22 }),
    not_yet_arrived: z.number().int().openapi({ example: 3 }),
    present: z.number().int().openapi({ example: 15 }),
    picked_up: z.number().int().openapi({ example: 4 }),
    absent: z.number().int().openapi({ example: 2 }),
  })
  .openapi('DaySummary', { description: "A day's counts of a program (or of one group)." })

export const GroupRef = z.object({ id: GroupId, name: z.string().openapi({ example: '大班（5–7 岁）' }) }).openapi('GroupRef')

export const RosterChild = z
  .object({
    child_id: ChildId,
    enrollment_id: EnrollmentRef,
    name: z.string().openapi({ example: '张小明' }),
    age: z.number().int().openapi({ description: 'Full years on the roster day.', example: 5 }),
    group: GroupRef.nullable(),
    allergies: z.array(z.string()).openapi({ example: ['peanuts'] }),
    medical_notes: z
      .string()
      .nullable()
      .openapi({ description: 'What carers must know (conditions, medication).', example: 'Mild asthma; inhaler in the blue bag.' }),
    dietary_needs: z.array(z.string()).openapi({ example: ['no pork'] }),
    emergency_contacts: z.array(EmergencyContact),
    authorized_pickups: z.array(AuthorizedPickup).openapi({
      description:
        'Only the people who may pick the child up on this day (one-off and dated pickups outside their window are left out). The guardian may always pick up.',
    }),
    attendance: z.object({
      status: DayStatus,
      attendance_id: AttendanceId.nullable(),
      checked_in_at: timestamp('2027-07-05T00:12:00.000Z').nullable(),
      checked_out_at: timestamp('2027-07-05T09:31:00.000Z').nullable(),
    }),
  })
  .openapi('RosterChild', { description: "What care needs of a child: never the guardian's (the employee's) HR data." })

export const AbsentChild = z
  .object({ child_id: ChildId, enrollment_id: EnrollmentRef, name: z.string().openapi({ example: '李小红' }), group: GroupRef.nullable() })
  .openapi('AbsentChild')

export const Roster = z
  .object({
    object: z.literal('roster'),
    program_id: ProgramId,
    date: isoDate().openapi({ example: '2027-07-05' }),
    group_id: GroupId.nullable().openapi({ description: 'The group asked for, or null for the whole program.' }),
    time_zone: z.string().openapi({ example: 'Asia/Shanghai' }),
    hours: z
      .object({ opens_at: z.string().openapi({ example: '08:00' }), closes_at: z.string().openapi({ example: '17:30' }) })
      .nullable()
      .openapi({ description: 'Local opening hours of the day.' }),
    summary: DaySummary,
    children: z.array(RosterChild).openapi({ description: 'The children expected (confirmed, not reported absent), by group then name.' }),
    absent: z.array(AbsentChild).openapi({ description: 'Children reported absent for the day (and not checked in).' }),
  })
  .openapi('Roster', {
    example: {
      object: 'roster',
      program_id: 'prg_01jd7k3m5n6p7q8r9s0t1v2w3x',
      date: '2027-07-05',
      group_id: null,
      time_zone: 'Asia/Shanghai',
      hours: { opens_at: '08:00', closes_at: '17:30' },
      summary: { enrolled: 2, expected: 1, not_yet_arrived: 0, present: 1, picked_up: 0, absent: 1 },
      children: [
        {
          child_id: 'chd_01jd7k3m5n6p7q8r9s0t1v2w3x',
          enrollment_id: 'enr_01jd7k3m5n6p7q8r9s0t1v2w3x',
          name: '张小明',
          age: 5,
          group: { id: 'grp_01jd7k3m5n6p7q8r9s0t1v2w3x', name: '大班（5–7 岁）' },
          allergies: ['peanuts'],
          medical_notes: 'Mild asthma; inhaler in the blue bag.',
          dietary_needs: ['no pork'],
          emergency_contacts: [{ name: '李娜', relation: 'grandmother', phone: '+86 139 0000 0001' }],
          authorized_pickups: [{ name: '李娜', relation: 'grandmother', phone: '+86 139 0000 0001' }],
          attendance: { status: 'present', attendance_id: 'att_01jd7k3m5n6p7q8r9s0t1v2w3x', checked_in_at: '2027-07-05T00:12:00.000Z', checked_out_at: null },
        },
      ],
      absent: [{ child_id: 'chd_01jd7k3m5n6p7q8r9s0t1v2w3y', enrollment_id: 'enr_01jd7k3m5n6p7q8r9s0t1v2w3y', name: '李小红', group: null }],
    },
  })

export const RosterQuery = z.object({
  program_id: ProgramId.openapi({ param: { description: 'A program the contract covers.' } }),
  date: isoDate().openapi({ description: 'A service day, `YYYY-MM-DD` on the tenant’s calendar.', example: '2027-07-05' }),
  group_id: GroupId.optional().openapi({ description: 'Only this group of the program.' }),
})
