import { z } from '@hono/zod-openapi'
import { isoDate, text } from '../../lib/fields'
import { ChildId, EmployeeId, EnrollmentId, GroupId, ProgramId } from '../../lib/id-schemas'
import { timestamp } from '../../lib/openapi'
import { EnrollmentPayment } from '../billing'
import {
  ActivitySchema as Activity,
  AgeRuleSchema as AgeRule,
  DailyHoursSchema as DailyHours,
  RegistrationWindowSchema as RegistrationWindow,
  WeekdaySchema as Weekday,
} from '../programs'
import { REASON_CODES } from './enrollments.rules'

export { EnrollmentId }

const CalendarDate = isoDate().openapi({ example: '2027-07-05' })

export const EnrollmentStatus = z.enum(['confirmed', 'waitlisted', 'awaiting_payment', 'cancelled', 'withdrawn', 'completed']).openapi('EnrollmentStatus', {
  description:
    '`confirmed`: holds a seat. `waitlisted`: waits in line (`waitlist_position`). `awaiting_payment`: a seat held until the employee pays their share (`payment.checkout_url`, until `payment.hold_expires_at`). `withdrawn` by the guardian, `cancelled` by HR (with `end_reason`), `completed` after the program.',
})

export const Enrollment = z
  .object({
    id: EnrollmentId,
    object: z.literal('enrollment'),
    program_id: ProgramId,
    group_id: GroupId.nullable().openapi({ description: 'The group (class) the child is placed in or asked for; null in a program without groups.' }),
    child_id: ChildId,
    child_name: z.string().openapi({ example: '张小明' }),
    employee_id: EmployeeId,
    status: EnrollmentStatus,
    waitlist_position: z
      .number()
      .int()
      .positive()
      .nullable()
      .openapi({ example: null, description: 'While waitlisted: the place in line, 1 = next to be promoted. Null otherwise.' }),
    waitlisted_at: timestamp().nullable(),
    confirmed_at: timestamp().nullable().openapi({ description: 'When the seat was given: at enrollment, or at promotion from the waitlist.' }),
    ended_at: timestamp().nullable(),
    end_reason: z.string().nullable().openapi({ example: null, description: 'Why HR cancelled (or a program change withdrew) the enrollment.' }),
    payment: z.union([EnrollmentPayment, z.null()]).openapi({
      description: "The employee's co-payment, in a program whose fee is not fully subsidised; null otherwise.",
    }),
    created_at: timestamp(),
    updated_at: timestamp(),
  })
  .openapi('Enrollment', {
    example: {
      id: 'enr_01jd7k3m5n6p7q8r9s0t1v2w3x',
      object: 'enrollment',
      program_id: 'prg_01jd7k3m5n6p7q8r9s0t1v2w3x',
      group_id: null,
      child_id: 'chd_01jd7k3m5n6p7q8r9s0t1v2w3x',
      child_name: '张小明',
      employee_id: 'emp_01jd7k3m5n6p7q8r9s0t1v2w3x',
      status: 'waitlisted',
      waitlist_position: 3,
      waitlisted_at: '2027-06-01T01:00:02.000Z',
      confirmed_at: null,
      ended_at: null,
      end_reason: null,
      payment: null,
      created_at: '2027-06-01T01:00:02.000Z',
      updated_at: '2027-06-01T01:00:02.000Z',
    },
  })

export const CreateEnrollment = z
  .object({
    program_id: ProgramId,
    child_id: ChildId,
    group_id: GroupId.optional().openapi({
      description: 'A group of the program to join. Without one, the child is placed in the first group of their age that has a seat (youngest band first).',
    }),
  })
  .strict()
  .openapi('CreateEnrollment', { example: { program_id: 'prg_01jd7k3m5n6p7q8r9s0t1v2w3x', child_id: 'chd_01jd7k3m5n6p7q8r9s0t1v2w3x' } })

export const CancelEnrollment = z
  .object({ reason: text({ max: 500, multiline: true }).openapi({ example: 'Family moved away; confirmed by phone with the guardian.' }) })
  .strict()
  .openapi('CancelEnrollment')

export const EnrollmentQuery = z.object({
  status: EnrollmentStatus.optional().openapi({ description: 'Only enrollments in this status.' }),
})

const Ineligibility = z
  .object({
    code: z.enum(REASON_CODES).openapi({ example: 'too_young' }),
    message: z.string().openapi({ example: 'child is 2 on 2027-07-05; this program takes ages 3–7' }),
  })
  .openapi('Ineligibility', {
    description:
      'Why a child may not enroll. Codes: `employee_not_active`, `program_not_published`, `program_closed`, `registration_not_open`, `registration_closed`, `too_young`, `too_old` (with the age on the measuring date), `group_age`, `no_group_for_age`, `per_employee_limit`, `already_enrolled`.',
  })

export const ChildEligibility = z
  .object({
    child_id: ChildId,
    name: z.string().openapi({ example: '张小明' }),
    eligible: z.boolean().openapi({ description: 'Whether enrolling now would be accepted (with a seat or on the waitlist).' }),
    expected_status: z.enum(['confirmed', 'awaiting_payment', 'waitlisted']).nullable().openapi({
      description:
        'What enrolling now would give, seats as they are at this moment: `awaiting_payment` when a seat is free and the program has an employee share (the seat is held until paid); null when not eligible.',
    }),
    age: z
      .object({ years: z.number().int().openapi({ example: 5 }), measured_on: CalendarDate })
      .nullable()
      .openapi({ description: "The child's age in full years on the program's measuring date." }),
    reasons: z.array(Ineligibility).openapi({ description: 'Every reason the child may not enroll; empty when eligible.' }),
    enrollment: z
      .object({ id: EnrollmentId, status: EnrollmentStatus, group_id: GroupId.nullable(), waitlist_position: z.number().int().nullable() })
      .nullable()
      .openapi({ description: "The child's live enrollment in the program (a seat or a waitlist place), if any." }),
  })
  .openapi('ChildEligibility')

const Money = z.object({ amount: z.number().int().openapi({ example: 120000 }), currency: z.string().openapi({ example: 'CNY' }) })

export const PortalProgram = z
  .object({
    id: ProgramId,
    object: z.literal('portal_program'),
    name: z.string().openapi({ example: '2027 暑期托管班（3–7 岁）' }),
    description: z.string(),
    site: z
      .object({ name: z.string(), address: z.string() })
      .nullable()
      .openapi({ example: { name: '托管室', address: '综合楼一层' } }),
    time_zone: z.string().openapi({ example: 'Asia/Shanghai' }),
    starts_on: CalendarDate,
    ends_on: CalendarDate.openapi({ example: '2027-08-13' }),
    operating_weekdays: z.array(Weekday),
    daily_hours: DailyHours,
    closure_dates: z.array(CalendarDate),
    age_rule: AgeRule,
    registration_window: RegistrationWindow,
    registration_open: z.boolean(),
    capacity: z.number().int().openapi({ example: 60 }),
    seats_available: z.number().int().openapi({ example: 12 }),
    waitlist_length: z.number().int().openapi({ example: 0 }),
    max_children_per_employee: z.number().int().nullable().openapi({ example: 2 }),
    fee: Money.nullable(),
    employer_subsidy: Money.nullable(),
    employee_share: Money.nullable().openapi({ description: 'What the employee pays per child: the fee minus the subsidy.' }),
    activities: z.array(Activity),
    groups: z.array(
      z.object({
        id: GroupId,
        name: z.string().openapi({ example: '小班' }),
        min_age: z.number().int(),
        max_age: z.number().int(),
        seats_available: z.number().int(),
      }),
    ),
    children: z.array(ChildEligibility).openapi({ description: "Each of the signed-in employee's children: may they enroll, and if not, why." }),
  })
  .openapi('PortalProgram', { description: 'A published program as an employee sees it, with the eligibility of each of their children.' })
