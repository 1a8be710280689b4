import type { ColumnType, Generated } from 'kysely'
import type { CreatedAt, DefaultedTimestamp, Timestamp } from '../types'

export interface SitesTable {
  tenant_id: string
  id: string
  name: string
  address: string
  capacity_note: string | null
  contact_phone: string | null
  version: Generated<number>
  created_at: CreatedAt
  updated_at: DefaultedTimestamp
}

export type ProgramStatus = 'draft' | 'published' | 'closed' | 'archived'

export type ActivityKind = 'homework_help' | 'crafts' | 'music' | 'dance' | 'sport' | 'safety_education' | 'career_day' | 'outing' | 'meals' | 'other'

export interface Activity {
  kind: ActivityKind
  title: string
  schedule_note?: string
}

export interface ProgramsTable {
  tenant_id: string
  id: string
  site_id: string | null
  name: string
  description: Generated<string>
  status: Generated<ProgramStatus>
  /** Calendar dates, `YYYY-MM-DD`, in the tenant's time zone. */
  starts_on: string | null
  ends_on: string | null
  /** Set when the length was given in weeks (then `ends_on` follows `starts_on`). */
  length_weeks: number | null
  /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
  operating_weekdays: ColumnType<number[], number[] | undefined, number[]>
  /** Local wall-clock times, read as `HH:MM:SS`. */
  opens_at: string | null
  closes_at: string | null
  closure_dates: ColumnType<string[], string[] | undefined, string[]>
  min_age: number | null
  max_age: number | null
  age_measured_on: 'program_start' | 'cutoff_date' | null
  age_cutoff_date: string | null
  capacity: number | null
  max_children_per_employee: number | null
  registration_opens_at: Timestamp | null
  registration_closes_at: Timestamp | null
  fee_amount: number | null
  fee_currency: string | null
  subsidy_amount: number | null
  subsidy_currency: string | null
  activities: ColumnType<Activity[], Activity[] | undefined, Activity[]>
  version: Generated<number>
  published_at: Timestamp | null
  closed_at: Timestamp | null
  archived_at: Timestamp | null
  created_at: CreatedAt
  updated_at: DefaultedTimestamp
}

export interface ProgramGroupsTable {
  tenant_id: string
  id: string
  program_id: string
  name: string
  min_age: number
  max_age: number
  capacity: number
  children_per_staff: number | null
  version: Generated<number>
  created_at: CreatedAt
  updated_at: DefaultedTimestamp
}

export interface ProgramsTables {
  sites: SitesTable
  programs: ProgramsTable
  program_groups: ProgramGroupsTable
}
