import type { NewFeedEvent } from '../../lib/feed'
import { prefixes, toApiId } from '../../lib/ids'
import type { EnrollmentRow } from './enrollments.repo'

/** The feed events of enrollments; docs/enrollments.md describes each. */
export type EnrollmentEventType =
  | 'enrollment.confirmed'
  | 'enrollment.waitlisted'
  | 'enrollment.promoted'
  | 'enrollment.withdrawn'
  | 'enrollment.cancelled'
  /** (billing, issue 7) A seat held until the employee's co-payment arrives. */
  | 'enrollment.awaiting_payment'

type Dates = { starts_on: string | null; ends_on: string | null }
export type EventExtras = { waitlist_position?: number | null; previous_status?: string; reason?: string | null }

/** What a provider needs to act on an enrollment change: the ids, the status, the program's dates. */
export const enrollmentEvent = (type: EnrollmentEventType, row: EnrollmentRow, program: Dates, extras: EventExtras = {}): NewFeedEvent => ({
  type,
  programId: row.program_id,
  payload: {
    enrollment_id: toApiId(prefixes.enrollment, row.id),
    program_id: toApiId(prefixes.program, row.program_id),
    group_id: row.group_id === null ? null : toApiId(prefixes.group, row.group_id),
    child_id: toApiId(prefixes.child, row.child_id),
    status: row.status,
    starts_on: program.starts_on,
    ends_on: program.ends_on,
    ...extras,
  },
})
