import { type AgeRule, checkAge } from '../programs'
import type { ProgramCounts, ProgramRow } from './enrollments.repo'
import type { GroupSeats, ProgramFacts, Seats } from './enrollments.rules'

/** The program's age rule as the rules read it; null while it has none (drafts). */
export const ageRuleOf = (p: ProgramRow): AgeRule | null =>
  p.min_age !== null && p.max_age !== null && p.age_measured_on !== null
    ? { min_age: p.min_age, max_age: p.max_age, measured_on: p.age_measured_on, cutoff_date: p.age_cutoff_date }
    : null

/** What the eligibility rules need of a program row. */
export const programFacts = (p: ProgramRow): ProgramFacts => ({
  status: p.status,
  starts_on: p.starts_on,
  age_rule: ageRuleOf(p),
  registration: p.registration_opens_at && p.registration_closes_at ? { opens_at: p.registration_opens_at, closes_at: p.registration_closes_at } : null,
  max_children_per_employee: p.max_children_per_employee,
})

/** The child's age on the program's measuring date, or null when the program cannot measure it yet. */
export const childAge = (p: ProgramRow, dateOfBirth: string) => {
  const rule = ageRuleOf(p)
  return rule ? (checkAge(dateOfBirth, rule, p.starts_on)?.age ?? null) : null
}

/** The program's seats as counted under its lock. A program without a capacity (a draft) has none. */
export const seatsOf = (p: ProgramRow, counts: ProgramCounts, groups: GroupSeats[]): Seats => {
  const rule = ageRuleOf(p)
  return { capacity: p.capacity ?? 0, taken: counts.taken, groups, band: rule && { min_age: rule.min_age, max_age: rule.max_age } }
}
