import { z } from '@hono/zod-openapi'
import { isoDate } from '../../lib/fields'
import { ChildId, GroupId, ProgramId } from '../../lib/id-schemas'
import { idPattern, prefixes } from '../../lib/ids'
import { timestamp } from '../../lib/openapi'
import { RecordedPerson } from '../attendance'
import { AuthorizedPickup } from '../children'
import { AttendanceId, EnrollmentRef } from '../roster'

const EventId = z.string().regex(idPattern(prefixes.feedEvent)).openapi({ example: 'evt_01jd7k3m5n6p7q8r9s0t1v2w3x' })
const AbsenceId = z.string().regex(idPattern(prefixes.absence)).openapi({ example: 'abs_01jd7k3m5n6p7q8r9s0t1v2w3x' })
const CalendarDate = isoDate().openapi({ example: '2027-07-05' })

/** The envelope of every event: `type` decides the payload. */
const event = <T extends readonly [string, ...string[]], P extends z.ZodType>(types: T, payload: P, name: string, description: string) =>
  z
    .object({
      id: EventId,
      object: z.literal('event'),
      type: types.length === 1 ? z.literal(types[0]) : z.enum(types),
      occurred_at: timestamp().openapi({ description: 'When the change was committed.' }),
      program_id: ProgramId,
      payload,
    })
    .openapi(name, { description })

const EnrollmentPayload = z
  .object({
    enrollment_id: EnrollmentRef,
    program_id: ProgramId,
    group_id: GroupId.nullable(),
    child_id: ChildId,
    status: z.string().openapi({ example: 'confirmed', description: 'The enrollment status after the change.' }),
    starts_on: CalendarDate.nullable(),
    ends_on: CalendarDate.nullable(),
    waitlist_position: z.number().int().nullable().optional().openapi({ description: 'Waitlisted and promoted: the place in line (before promotion).' }),
    previous_status: z.string().optional().openapi({ example: 'waitlisted' }),
    reason: z.string().nullable().optional().openapi({ description: 'Cancelled: why.' }),
  })
  .openapi('EnrollmentEventPayload')

const AbsencePayload = z.object({
  absence_id: AbsenceId,
  enrollment_id: EnrollmentRef,
  program_id: ProgramId,
  group_id: GroupId.nullable(),
  child_id: ChildId,
  date: CalendarDate,
})

const CheckedInPayload = z.object({
  attendance_id: AttendanceId,
  program_id: ProgramId,
  child_id: ChildId,
  enrollment_id: EnrollmentRef,
  date: CalendarDate,
  checked_in_at: timestamp('2027-07-05T00:12:00.000Z'),
  dropped_off_by: RecordedPerson.nullable(),
})

const ChildPayload = z.object({ child_id: ChildId, program_id: ProgramId, enrollment_id: EnrollmentRef })

export const EnrollmentEvent = event(
  ['enrollment.confirmed', 'enrollment.waitlisted', 'enrollment.promoted', 'enrollment.withdrawn', 'enrollment.cancelled'],
  EnrollmentPayload,
  'EnrollmentEvent',
  'A child got a seat (`confirmed`), joined the waitlist (`waitlisted`), was promoted from it (`promoted`), was withdrawn by the guardian (`withdrawn`) or cancelled by HR (`cancelled`).',
)
export const AbsenceReportedEvent = event(
  ['absence.reported'],
  AbsencePayload.extend({ reason: z.string().openapi({ example: 'Family trip' }) }).openapi('AbsenceReportedPayload'),
  'AbsenceReportedEvent',
  'The guardian reported the child absent on a day: the child leaves that day’s roster.',
)
export const AbsenceWithdrawnEvent = event(
  ['absence.withdrawn'],
  AbsencePayload.openapi('AbsenceWithdrawnPayload'),
  'AbsenceWithdrawnEvent',
  'The guardian withdrew an absence report: the child is expected that day again.',
)
export const CheckedInEvent = event(['attendance.checked_in'], CheckedInPayload.openapi('CheckedInPayload'), 'CheckedInEvent', 'A child was checked in.')
export const CheckedOutEvent = event(
  ['attendance.checked_out'],
  CheckedInPayload.extend({ checked_out_at: timestamp('2027-07-05T09:31:00.000Z'), picked_up_by: RecordedPerson }).openapi('CheckedOutPayload'),
  'CheckedOutEvent',
  'A child was checked out to the guardian or an authorized pickup.',
)
export const PickupsChangedEvent = event(
  ['child.pickups_changed'],
  ChildPayload.extend({
    authorized_pickups: z
      .array(AuthorizedPickup)
      .openapi({ description: 'The whole new list, with each person’s window; the roster of a day shows those valid that day.' }),
  }).openapi('PickupsChangedPayload'),
  'PickupsChangedEvent',
  'The guardian changed who may pick the child up. One event per program the child is enrolled (or waitlisted) in.',
)
export const AllergiesChangedEvent = event(
  ['child.allergies_changed'],
  ChildPayload.extend({
    allergies: z.array(z.string()).openapi({ example: ['peanuts', 'eggs'] }),
    medical_notes: z.string().nullable(),
    dietary_needs: z.array(z.string()),
  }).openapi('AllergiesChangedPayload'),
  'AllergiesChangedEvent',
  "The guardian changed the child's allergies, medical notes or dietary needs (the payload carries all three). A feed page carrying one is written to the audit log as a read of medical data. One event per program the child is enrolled (or waitlisted) in.",
)

export const FeedEvent = z
  .discriminatedUnion('type', [
    EnrollmentEvent,
    AbsenceReportedEvent,
    AbsenceWithdrawnEvent,
    CheckedInEvent,
    CheckedOutEvent,
    PickupsChangedEvent,
    AllergiesChangedEvent,
  ])
  .openapi('FeedEvent', {
    description: 'One change a provider must know, discriminated by `type`. New types may be added within v1: skip types you do not know.',
  })

export const FeedPage = z
  .object({
    object: z.literal('feed_page'),
    data: z.array(FeedEvent).openapi({ description: 'Events in commit order.' }),
    has_more: z.boolean().openapi({ description: 'More events are waiting: ask again at once with `next_cursor`.' }),
    next_cursor: z
      .string()
      .openapi({ description: 'Where to resume, even when `data` is empty: keep it and pass it as `cursor` next time.', example: 'ZjoxMjM0' }),
  })
  .openapi('FeedPage', {
    example: {
      object: 'feed_page',
      data: [
        {
          id: 'evt_01jd7k3m5n6p7q8r9s0t1v2w3x',
          object: 'event',
          type: 'attendance.checked_in',
          occurred_at: '2027-07-05T00:12:03.000Z',
          program_id: 'prg_01jd7k3m5n6p7q8r9s0t1v2w3x',
          payload: {
            attendance_id: 'att_01jd7k3m5n6p7q8r9s0t1v2w3x',
            program_id: 'prg_01jd7k3m5n6p7q8r9s0t1v2w3x',
            child_id: 'chd_01jd7k3m5n6p7q8r9s0t1v2w3x',
            enrollment_id: 'enr_01jd7k3m5n6p7q8r9s0t1v2w3x',
            date: '2027-07-05',
            checked_in_at: '2027-07-05T00:12:00.000Z',
            dropped_off_by: { kind: 'guardian' },
          },
        },
      ],
      has_more: false,
      next_cursor: 'ZjoxMjM0',
    },
  })

export const FEED_PAGE_MAX = 500

export const FeedQuery = z.object({
  cursor: z.string().max(64).optional().openapi({ description: 'The `next_cursor` of the last page; without it the feed starts at `start`.' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(FEED_PAGE_MAX)
    .default(100)
    .openapi({ description: `Events per page, 1 to ${FEED_PAGE_MAX}.`, example: 100 }),
  start: z.enum(['oldest', 'latest']).default('oldest').openapi({
    description:
      'Without a cursor: `oldest` starts at the oldest event kept (30 days), `latest` answers no events and a cursor at the head of the feed (to follow from now on, e.g. right before reading the rosters).',
    example: 'oldest',
  }),
})
