import type { Insertable, Selectable } from 'kysely'
import type { Activity, ProgramsTable } from '../../db/tables/programs'
import { type Weekday, weekdayNumber } from '../../lib/time'
import { type AgeRule, endsOnFor } from './programs.rules'

export type Money = { amount: number; currency: string }
export type DailyHours = { opens_at: string; closes_at: string }

/** A program's settable fields as the domain sees them (the site as its UUID, weekdays as ISO numbers). */
export type ProgramState = {
  name: string
  description: string
  site_id: string | null
  starts_on: string | null
  ends_on: string | null
  /** Set when the length was given in weeks; `ends_on` then follows `starts_on`. */
  length_weeks: number | null
  operating_weekdays: number[]
  daily_hours: DailyHours | null
  closure_dates: string[]
  age_rule: AgeRule | null
  capacity: number | null
  max_children_per_employee: number | null
  registration_window: { opens_at: Date; closes_at: Date } | null
  fee: Money | null
  employer_subsidy: Money | null
  activities: Activity[]
}

/** What a create or update request may set: API shapes, the site already resolved to its UUID; undefined leaves a field alone. */
export type ProgramInput = {
  name?: string
  description?: string
  site_id?: string | null
  starts_on?: string | null
  ends_on?: string | null
  length_weeks?: number
  operating_weekdays?: Weekday[]
  daily_hours?: DailyHours | null
  closure_dates?: string[]
  age_rule?: { min_age: number; max_age: number; measured_on: AgeRule['measured_on']; cutoff_date?: string | null } | null
  capacity?: number | null
  max_children_per_employee?: number | null
  registration_window?: { opens_at: string; closes_at: string } | null
  fee?: Money | null
  employer_subsidy?: Money | null
  activities?: Activity[]
}

export const MONDAY_TO_FRIDAY = [1, 2, 3, 4, 5]

export const emptyProgram = (name: string): ProgramState => ({
  name,
  description: '',
  site_id: null,
  starts_on: null,
  ends_on: null,
  length_weeks: null,
  operating_weekdays: MONDAY_TO_FRIDAY,
  daily_hours: null,
  closure_dates: [],
  age_rule: null,
  capacity: null,
  max_children_per_employee: null,
  registration_window: null,
  fee: null,
  employer_subsidy: null,
  activities: [],
})

/** The state after `input`, derived fields following (the end of a program given in weeks); lists keep the request's order so problems name its indexes. */
export const applyInput = (base: ProgramState, input: ProgramInput): ProgramState => {
  const next: ProgramState = { ...base }
  const { operating_weekdays, closure_dates, registration_window, age_rule, ends_on, length_weeks, ...plain } = input
  for (const [key, value] of Object.entries(plain)) if (value !== undefined) (next as Record<string, unknown>)[key] = value
  if (operating_weekdays !== undefined) next.operating_weekdays = [...new Set(operating_weekdays.map(weekdayNumber))].sort((a, b) => a - b)
  if (closure_dates !== undefined) next.closure_dates = closure_dates
  if (registration_window !== undefined)
    next.registration_window = registration_window && { opens_at: new Date(registration_window.opens_at), closes_at: new Date(registration_window.closes_at) }
  if (age_rule !== undefined) next.age_rule = age_rule && { ...age_rule, cutoff_date: age_rule.cutoff_date ?? null }
  if (ends_on !== undefined) {
    next.ends_on = ends_on
    next.length_weeks = null
  }
  if (length_weeks !== undefined) next.length_weeks = length_weeks
  if (next.length_weeks !== null) next.ends_on = next.starts_on === null ? null : endsOnFor(next.starts_on, next.length_weeks)
  return next
}

const money = (amount: number | null, currency: string | null): Money | null =>
  amount === null || currency === null ? null : { amount, currency: currency.trim() }

export const stateOf = (row: Selectable<ProgramsTable>): ProgramState => ({
  name: row.name,
  description: row.description,
  site_id: row.site_id,
  starts_on: row.starts_on,
  ends_on: row.ends_on,
  length_weeks: row.length_weeks,
  operating_weekdays: [...row.operating_weekdays].sort((a, b) => a - b),
  daily_hours: row.opens_at && row.closes_at ? { opens_at: row.opens_at.slice(0, 5), closes_at: row.closes_at.slice(0, 5) } : null,
  closure_dates: [...row.closure_dates].sort(),
  age_rule:
    row.min_age !== null && row.max_age !== null && row.age_measured_on !== null
      ? { min_age: row.min_age, max_age: row.max_age, measured_on: row.age_measured_on, cutoff_date: row.age_cutoff_date }
      : null,
  capacity: row.capacity,
  max_children_per_employee: row.max_children_per_employee,
  registration_window:
    row.registration_opens_at && row.registration_closes_at ? { opens_at: row.registration_opens_at, closes_at: row.registration_closes_at } : null,
  fee: money(row.fee_amount, row.fee_currency),
  employer_subsidy: money(row.subsidy_amount, row.subsidy_currency),
  activities: row.activities,
})

export type ProgramColumns = Omit<Insertable<ProgramsTable>, 'tenant_id' | 'id'>

export const columnsOf = (s: ProgramState): ProgramColumns => ({
  name: s.name,
  description: s.description,
  site_id: s.site_id,
  starts_on: s.starts_on,
  ends_on: s.ends_on,
  length_weeks: s.length_weeks,
  operating_weekdays: s.operating_weekdays,
  opens_at: s.daily_hours?.opens_at ?? null,
  closes_at: s.daily_hours?.closes_at ?? null,
  closure_dates: [...new Set(s.closure_dates)].sort(),
  min_age: s.age_rule?.min_age ?? null,
  max_age: s.age_rule?.max_age ?? null,
  age_measured_on: s.age_rule?.measured_on ?? null,
  age_cutoff_date: s.age_rule?.cutoff_date ?? null,
  capacity: s.capacity,
  max_children_per_employee: s.max_children_per_employee,
  registration_opens_at: s.registration_window?.opens_at ?? null,
  registration_closes_at: s.registration_window?.closes_at ?? null,
  fee_amount: s.fee?.amount ?? null,
  fee_currency: s.fee?.currency ?? null,
  subsidy_amount: s.employer_subsidy?.amount ?? null,
  subsidy_currency: s.employer_subsidy?.currency ?? null,
  activities: s.activities,
})
