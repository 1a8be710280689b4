import type { FieldError } from '../../lib/errors'
import { isInDateRange, MAX_DATE, MIN_DATE } from '../../lib/fields'
import { daysBetween, localDateOf } from '../../lib/time'
import { MAX_PROGRAM_DAYS, serviceDays } from './programs.rules'
import type { ProgramState } from './programs.state'

/**
 * Rules across fields that every saved program obeys, draft or not. Each names the rule and the
 * field path; an empty list means the state may be stored.
 */
export const programProblems = (s: ProgramState, timeZone: string): FieldError[] => {
  const problems: FieldError[] = []
  const add = (path: string, message: string) => problems.push({ path, message })

  if (s.ends_on !== null && s.starts_on === null) add('starts_on', 'starts_on is required with ends_on')
  if (s.starts_on !== null && s.ends_on !== null) {
    const days = daysBetween(s.starts_on, s.ends_on)
    if (days < 0) add('ends_on', `ends_on ${s.ends_on} is before starts_on ${s.starts_on}`)
    else if (days + 1 > MAX_PROGRAM_DAYS)
      add(s.length_weeks !== null ? 'length_weeks' : 'ends_on', `a program runs at most ${MAX_PROGRAM_DAYS} days; this one runs ${days + 1}`)
  }

  // A derived ends_on (starts_on + length_weeks) obeys the same range as a given one.
  if (s.ends_on !== null && !isInDateRange(s.ends_on))
    add(s.length_weeks !== null ? 'length_weeks' : 'ends_on', `the program would end on ${s.ends_on}; dates run from ${MIN_DATE} to ${MAX_DATE}`)

  s.closure_dates.forEach((day, i) => {
    if (s.starts_on === null || s.ends_on === null) add(`closure_dates.${i}`, `closure ${day} needs the program's dates (starts_on and ends_on) first`)
    else if (day < s.starts_on || day > s.ends_on) add(`closure_dates.${i}`, `closure ${day} is outside the program's dates ${s.starts_on} to ${s.ends_on}`)
  })

  if (s.employer_subsidy !== null) {
    if (s.fee === null) add('employer_subsidy', 'an employer subsidy needs a fee')
    else if (s.employer_subsidy.currency !== s.fee.currency)
      add('employer_subsidy.currency', `the subsidy's currency ${s.employer_subsidy.currency} differs from the fee's ${s.fee.currency}`)
    else if (s.employer_subsidy.amount > s.fee.amount)
      add('employer_subsidy.amount', `the subsidy ${s.employer_subsidy.amount} exceeds the fee ${s.fee.amount}`)
  }

  if (s.capacity !== null && s.max_children_per_employee !== null && s.max_children_per_employee > s.capacity)
    add('max_children_per_employee', `max_children_per_employee ${s.max_children_per_employee} exceeds the capacity ${s.capacity}`)

  if (s.registration_window !== null && s.ends_on !== null) {
    const closesOn = localDateOf(s.registration_window.closes_at, timeZone)
    if (closesOn > s.ends_on)
      add('registration_window.closes_at', `registration must close by the program's last day ${s.ends_on} (${timeZone}); it closes on ${closesOn}`)
  }
  return problems
}

/** What a published program must have, missing pieces all at once (providers and dates in the past are checked at publishing). */
export const incompleteness = (s: ProgramState): FieldError[] => {
  const missing: FieldError[] = []
  const add = (path: string, message: string) => missing.push({ path, message })
  if (s.site_id === null) add('site_id', 'a site is required')
  if (s.starts_on === null) add('starts_on', 'starts_on is required')
  if (s.ends_on === null) add('ends_on', 'ends_on or length_weeks is required')
  if (s.capacity === null) add('capacity', 'a capacity is required')
  if (s.age_rule === null) add('age_rule', 'an age rule is required')
  if (s.daily_hours === null) add('daily_hours', 'daily hours are required')
  if (s.registration_window === null) add('registration_window', 'a registration window is required')
  if (s.starts_on !== null && s.ends_on !== null && s.ends_on >= s.starts_on && serviceDays({ ...s, starts_on: s.starts_on, ends_on: s.ends_on }).length === 0)
    add('operating_weekdays', `no service day between ${s.starts_on} and ${s.ends_on}: no operating weekday falls there outside the closures`)
  return missing
}

/** Everything that keeps a draft from being published, at once. */
export const publishProblems = (s: ProgramState, context: { today: string; providerAssigned: boolean }): FieldError[] => {
  const problems = incompleteness(s)
  if (s.ends_on !== null && s.ends_on < context.today) problems.push({ path: 'ends_on', message: `the program ended on ${s.ends_on}` })
  if (!context.providerAssigned)
    problems.push({ path: 'provider_assignment', message: 'no provider is assigned: create a contract that covers this program (POST /v1/contracts)' })
  return problems
}

/**
 * (billing, issue 7) A program whose employee share (fee minus subsidy) is above zero needs co-payments,
 * which need Stripe: without it such a program cannot be published (nor a published one changed to ask for one).
 */
export const copaymentProblems = (s: ProgramState, copaymentsConfigured: boolean): FieldError[] => {
  if (copaymentsConfigured || s.fee === null) return []
  const share = s.fee.amount - (s.employer_subsidy?.amount ?? 0)
  if (share <= 0) return []
  return [
    {
      path: 'employer_subsidy',
      message: `employees would pay ${share} (minor units of ${s.fee.currency}) and co-payments are not configured on this platform (billing_not_configured): subsidise the whole fee or ask the operator to connect Stripe`,
    },
  ]
}

/** Groups that no longer fit a program's age band or capacity. */
export const groupConflicts = (
  s: Pick<ProgramState, 'age_rule' | 'capacity'>,
  groups: { name: string; min_age: number; max_age: number; capacity: number }[],
): FieldError[] => {
  const problems: FieldError[] = []
  for (const g of groups) {
    if (s.age_rule === null)
      problems.push({ path: 'age_rule', message: `group ${g.name} takes ages ${g.min_age}–${g.max_age}; a program with groups needs an age rule` })
    else if (g.min_age < s.age_rule.min_age || g.max_age > s.age_rule.max_age)
      problems.push({
        path: 'age_rule',
        message: `group ${g.name} takes ages ${g.min_age}–${g.max_age}, outside the program's ${s.age_rule.min_age}–${s.age_rule.max_age}`,
      })
    if (s.capacity !== null && g.capacity > s.capacity)
      problems.push({ path: 'capacity', message: `group ${g.name} has capacity ${g.capacity}, more than the program's ${s.capacity}` })
  }
  return problems
}
