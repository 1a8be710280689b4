import type { ColumnType } from 'kysely'
import type { CreatedAt, DefaultedTimestamp, Timestamp } from '../types'

/** Who brought or took a child, as recorded: the guardian (the employee), one of the child's authorized pickups, or someone else. */
export type RecordedPerson =
  | { kind: 'guardian' }
  | { kind: 'authorized_pickup'; name: string; relation: string; phone: string }
  | { kind: 'other'; name: string; relation?: string }

export interface AttendanceTable {
  tenant_id: string
  id: string
  enrollment_id: string
  program_id: string
  child_id: string
  /** `YYYY-MM-DD`, the service day in the tenant's time zone. */
  date: string
  checked_in_at: Timestamp
  dropped_off_by: ColumnType<RecordedPerson | null, RecordedPerson | null | undefined, RecordedPerson | null>
  check_in_contract_id: string
  check_in_staff: string | null
  checked_out_at: Timestamp | null
  picked_up_by: ColumnType<RecordedPerson | null, RecordedPerson | null | undefined, RecordedPerson | null>
  check_out_contract_id: string | null
  check_out_staff: string | null
  created_at: CreatedAt
  updated_at: DefaultedTimestamp
}

export interface AttendanceTables {
  attendance: AttendanceTable
}
