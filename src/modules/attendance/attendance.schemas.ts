import { z } from '@hono/zod-openapi'
import { isoDate, text } from '../../lib/fields'
import { ChildId, ContractId, ProgramId } from '../../lib/id-schemas'
import { timestamp } from '../../lib/openapi'
import { AttendanceId, EnrollmentRef } from '../roster'

const Text = (max: number) => text({ max })
const Phone = z.string().regex(/^\+?[0-9][0-9 ()-]{4,30}$/, 'must be a phone number such as +86 138 0000 0000')

/** Who brings or takes the child, as the door sends it. */
export const PersonInput = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('guardian') }).strict(),
    z
      .object({
        kind: z.literal('authorized_pickup'),
        phone: Phone.openapi({ example: '+86 139 0000 0001', description: "The phone of one of the child's authorized pickups (as on the roster)." }),
      })
      .strict(),
    z
      .object({ kind: z.literal('other'), name: Text(100).openapi({ example: '王强' }), relation: Text(50).optional().openapi({ example: 'neighbour' }) })
      .strict(),
  ])
  .openapi('PersonInput', {
    description:
      "`guardian`: the child's parent (the employee). `authorized_pickup`: one of the child's authorized pickups, by phone. `other`: anyone else, by name: may drop a child off, never pick one up.",
    example: { kind: 'authorized_pickup', phone: '+86 139 0000 0001' },
  })

/** Who brought or took the child, as recorded. */
export const RecordedPerson = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('guardian') }),
    z.object({
      kind: z.literal('authorized_pickup'),
      name: z.string().openapi({ example: '李娜' }),
      relation: z.string().openapi({ example: 'grandmother' }),
      phone: z.string().openapi({ example: '+86 139 0000 0001' }),
    }),
    z.object({ kind: z.literal('other'), name: z.string().openapi({ example: '王强' }), relation: z.string().optional() }),
  ])
  .openapi('RecordedPerson', { description: 'The person as recorded at the time: an authorized pickup keeps the name and relation the list had then.' })

const at = timestamp('2027-07-05T08:12:00+08:00').optional().openapi({
  description:
    'When it happened, RFC 3339 with an offset; default now. Not in the future (2 minutes of clock skew allowed); its local date must be a service day.',
})
const staff = Text(100).optional().openapi({ description: 'The carer who recorded it (name or initials), for the record.', example: '张老师' })

export const CheckIn = z
  .object({
    program_id: ProgramId,
    child_id: ChildId,
    at,
    dropped_off_by: PersonInput.optional().openapi({ description: 'Who brought the child, if known.' }),
    staff,
  })
  .strict()
  .openapi('CheckIn', {
    example: {
      program_id: 'prg_01jd7k3m5n6p7q8r9s0t1v2w3x',
      child_id: 'chd_01jd7k3m5n6p7q8r9s0t1v2w3x',
      dropped_off_by: { kind: 'guardian' },
      staff: '张老师',
    },
  })

export const CheckOut = z
  .object({
    program_id: ProgramId,
    child_id: ChildId,
    at,
    picked_up_by: PersonInput.openapi({ description: 'The guardian, or an authorized pickup valid on that day.' }),
    staff,
  })
  .strict()
  .openapi('CheckOut', {
    example: {
      program_id: 'prg_01jd7k3m5n6p7q8r9s0t1v2w3x',
      child_id: 'chd_01jd7k3m5n6p7q8r9s0t1v2w3x',
      picked_up_by: { kind: 'authorized_pickup', phone: '+86 139 0000 0001' },
      staff: '张老师',
    },
  })

export const MAX_BATCH = 100

const batchOf = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      items: z
        .array(item)
        .min(1)
        .max(MAX_BATCH)
        .openapi({ description: `1 to ${MAX_BATCH} items, applied in order.` }),
    })
    .strict()
    .openapi(name)

export const CheckInBatch = batchOf(CheckIn, 'CheckInBatch')
export const CheckOutBatch = batchOf(CheckOut, 'CheckOutBatch')

const RecordedBy = z.object({ contract_id: ContractId, staff: z.string().nullable().openapi({ example: '张老师' }) })

export const Attendance = z
  .object({
    id: AttendanceId,
    object: z.literal('attendance'),
    program_id: ProgramId,
    child_id: ChildId,
    enrollment_id: EnrollmentRef,
    date: isoDate().openapi({ example: '2027-07-05', description: 'The service day, on the tenant’s calendar.' }),
    status: z.enum(['present', 'picked_up']),
    checked_in_at: timestamp('2027-07-05T00:12:00.000Z'),
    dropped_off_by: RecordedPerson.nullable(),
    checked_in_by: RecordedBy,
    checked_out_at: timestamp('2027-07-05T09:31:00.000Z').nullable(),
    picked_up_by: RecordedPerson.nullable(),
    checked_out_by: RecordedBy.nullable(),
    created_at: timestamp(),
    updated_at: timestamp(),
  })
  .openapi('Attendance', {
    example: {
      id: 'att_01jd7k3m5n6p7q8r9s0t1v2w3x',
      object: 'attendance',
      program_id: 'prg_01jd7k3m5n6p7q8r9s0t1v2w3x',
      child_id: 'chd_01jd7k3m5n6p7q8r9s0t1v2w3x',
      enrollment_id: 'enr_01jd7k3m5n6p7q8r9s0t1v2w3x',
      date: '2027-07-05',
      status: 'picked_up',
      checked_in_at: '2027-07-05T00:12:00.000Z',
      dropped_off_by: { kind: 'guardian' },
      checked_in_by: { contract_id: 'ctr_01jd7k3m5n6p7q8r9s0t1v2w3x', staff: '张老师' },
      checked_out_at: '2027-07-05T09:31:00.000Z',
      picked_up_by: { kind: 'authorized_pickup', name: '李娜', relation: 'grandmother', phone: '+86 139 0000 0001' },
      checked_out_by: { contract_id: 'ctr_01jd7k3m5n6p7q8r9s0t1v2w3x', staff: '李老师' },
      created_at: '2027-07-05T00:12:03.000Z',
      updated_at: '2027-07-05T09:31:02.000Z',
    },
  })

export const ItemError = z
  .object({
    code: z.string().openapi({ example: 'pickup_not_authorized' }),
    status: z.number().int().openapi({ example: 422 }),
    detail: z.string().openapi({ example: '王强 is not an authorized pickup of chd_01jd7k3m5n6p7q8r9s0t1v2w3x on 2027-07-05; nothing was recorded.' }),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('BatchItemError', { description: 'Why an item was rejected: the problem a single request would have answered.' })

export const BatchResult = z
  .object({
    object: z.literal('batch_result'),
    recorded: z.number().int().openapi({ example: 1 }),
    unchanged: z.number().int().openapi({ example: 0 }),
    rejected: z.number().int().openapi({ example: 1 }),
    items: z.array(
      z.object({
        index: z.number().int().openapi({ example: 0 }),
        outcome: z.enum(['recorded', 'unchanged', 'rejected']).openapi({
          description: '`recorded`: done now. `unchanged`: the same was already recorded (a retry). `rejected`: nothing changed; `error` says why.',
        }),
        attendance: Attendance.nullable(),
        error: ItemError.nullable(),
      }),
    ),
  })
  .openapi('AttendanceBatchResult', { description: 'Each item’s outcome, in the order sent. A rejected item changed nothing; the others stand.' })
