import type { Selectable } from 'kysely'
import type { ProgramsTable } from '../../db/tables/programs'
import { prefixes, toApiId } from '../../lib/ids'
import { weekdayName } from '../../lib/time'
import { lengthWeeksOf } from './programs.rules'
import { stateOf } from './programs.state'

/** A program as the API shows it, in its tenant's time zone. */
export const toProgram = (row: Selectable<ProgramsTable>, timeZone: string) => {
  const s = stateOf(row)
  return {
    id: toApiId(prefixes.program, row.id),
    object: 'program' as const,
    name: s.name,
    description: s.description,
    status: row.status,
    site_id: s.site_id === null ? null : toApiId(prefixes.site, s.site_id),
    time_zone: timeZone,
    starts_on: s.starts_on,
    ends_on: s.ends_on,
    length_weeks: s.length_weeks ?? (s.starts_on && s.ends_on ? lengthWeeksOf(s.starts_on, s.ends_on) : null),
    operating_weekdays: s.operating_weekdays.map(weekdayName),
    daily_hours: s.daily_hours,
    closure_dates: s.closure_dates,
    age_rule: s.age_rule && { ...s.age_rule, cutoff_date: s.age_rule.cutoff_date ?? null },
    capacity: s.capacity,
    max_children_per_employee: s.max_children_per_employee,
    registration_window: s.registration_window && {
      opens_at: s.registration_window.opens_at.toISOString(),
      closes_at: s.registration_window.closes_at.toISOString(),
    },
    fee: s.fee,
    employer_subsidy: s.employer_subsidy,
    employee_share: s.fee && { amount: s.fee.amount - (s.employer_subsidy?.amount ?? 0), currency: s.fee.currency },
    activities: s.activities,
    published_at: row.published_at?.toISOString() ?? null,
    closed_at: row.closed_at?.toISOString() ?? null,
    archived_at: row.archived_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  }
}

export type ProgramView = ReturnType<typeof toProgram>
