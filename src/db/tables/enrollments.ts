import type { Generated } from 'kysely'
import type { CreatedAt, DefaultedTimestamp, Timestamp } from '../types'

export type EnrollmentStatus = 'confirmed' | 'waitlisted' | 'awaiting_payment' | 'cancelled' | 'withdrawn' | 'completed'

export interface EnrollmentsTable {
  tenant_id: string
  id: string
  program_id: string
  group_id: string | null
  employee_id: string
  child_id: string
  status: EnrollmentStatus
  /** The waitlist order in the program; set exactly while `waitlisted`. */
  waitlist_rank: number | null
  waitlisted_at: Timestamp | null
  confirmed_at: Timestamp | null
  ended_at: Timestamp | null
  end_reason: string | null
  version: Generated<number>
  created_at: CreatedAt
  updated_at: DefaultedTimestamp
}

export interface AbsencesTable {
  tenant_id: string
  id: string
  enrollment_id: string
  /** `YYYY-MM-DD`, a service day in the tenant's time zone. */
  date: string
  reason: string
  reported_at: CreatedAt
  withdrawn_at: Timestamp | null
}

export interface CalendarFeedsTable {
  tenant_id: string
  employee_id: string
  token_hash: string
  created_at: DefaultedTimestamp
  rotated_at: Timestamp | null
  last_used_at: Timestamp | null
}

export interface EnrollmentsTables {
  enrollments: EnrollmentsTable
  absences: AbsencesTable
  calendar_feeds: CalendarFeedsTable
}
