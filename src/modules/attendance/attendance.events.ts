import type { RecordedPerson } from '../../db/tables/attendance'
import type { NewFeedEvent } from '../../lib/feed'
import { prefixes, toApiId } from '../../lib/ids'
import type { AttendanceRow } from './attendance.repo'

export type AttendanceEventType = 'attendance.checked_in' | 'attendance.checked_out'

/** The feed payload of a check-in or check-out: the ids, the service day, the times and the people. */
export const attendanceEvent = (type: AttendanceEventType, row: AttendanceRow): NewFeedEvent => ({
  type,
  programId: row.program_id,
  payload: {
    attendance_id: toApiId(prefixes.attendance, row.id),
    program_id: toApiId(prefixes.program, row.program_id),
    child_id: toApiId(prefixes.child, row.child_id),
    enrollment_id: toApiId(prefixes.enrollment, row.enrollment_id),
    date: row.date,
    checked_in_at: row.checked_in_at.toISOString(),
    dropped_off_by: row.dropped_off_by satisfies RecordedPerson | null,
    ...(type === 'attendance.checked_out' ? { checked_out_at: row.checked_out_at?.toISOString() ?? null, picked_up_by: row.picked_up_by } : {}),
  },
})
