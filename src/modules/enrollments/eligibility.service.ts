import type { TenantData } from '../../db/tenant'
import { prefixes, toApiId } from '../../lib/ids'
import { weekdayName } from '../../lib/time'
import { employeeShare } from '../billing'
import { ageRuleOf, programFacts, seatsOf } from './enrollments.facts'
import * as repo from './enrollments.repo'
import { eligibility, type GroupSeats, place, placementOrder } from './enrollments.rules'

type ProgramWithSite = Awaited<ReturnType<typeof repo.publishedPrograms>>[number]
type Child = { id: string; name: string; date_of_birth: string }
type Live = Awaited<ReturnType<typeof repo.liveEnrollmentsOf>>[number]
type Context = { timeZone: string; employeeStatus: 'active' | 'on_leave' | 'left'; children: Child[]; now: Date }

const money = (amount: number | null, currency: string | null) => (amount === null || currency === null ? null : { amount, currency: currency.trim() })

/** As `enroll` decides: a free seat in a program with an employee share is held until paid. */
const expectedStatus = (p: ProgramWithSite, placed: 'confirmed' | 'waitlisted'): 'confirmed' | 'awaiting_payment' | 'waitlisted' =>
  placed === 'confirmed' && employeeShare(p) ? 'awaiting_payment' : placed

const childView = (p: ProgramWithSite, groups: GroupSeats[], counts: repo.ProgramCounts, mine: Live[], ctx: Context) => (child: Child) => {
  const enrolled = mine.find((e) => e.child_id === child.id)
  const verdict = eligibility({
    program: programFacts(p),
    groups,
    requestedGroup: null,
    child,
    employeeStatus: ctx.employeeStatus,
    otherChildrenEnrolled: mine.filter((e) => e.child_id !== child.id).length,
    childEnrolled: enrolled !== undefined,
    now: ctx.now,
  })
  return {
    child_id: toApiId(prefixes.child, child.id),
    name: child.name,
    eligible: verdict.eligible,
    expected_status: verdict.eligible ? expectedStatus(p, place(seatsOf(p, counts, groups), verdict.age?.age ?? null, null).status) : null,
    age: verdict.age && { years: verdict.age.age, measured_on: verdict.age.measured_on },
    reasons: verdict.reasons.map(({ code, message }) => ({ code, message })),
    enrollment: enrolled
      ? {
          id: toApiId(prefixes.enrollment, enrolled.id),
          status: enrolled.status,
          group_id: enrolled.group_id === null ? null : toApiId(prefixes.group, enrolled.group_id),
          waitlist_position: enrolled.waitlist_position === null ? null : Number(enrolled.waitlist_position),
        }
      : null,
  }
}

/** A published program as an employee sees it: what it offers, seats left, and each child's eligibility. */
const toPortalProgram = (p: ProgramWithSite, groups: GroupSeats[], counts: repo.ProgramCounts, mine: Live[], ctx: Context) => {
  const fee = money(p.fee_amount, p.fee_currency)
  const subsidy = money(p.subsidy_amount, p.subsidy_currency)
  const rule = ageRuleOf(p)
  const capacity = p.capacity ?? 0
  const window = { opens_at: p.registration_opens_at as Date, closes_at: p.registration_closes_at as Date }
  return {
    id: toApiId(prefixes.program, p.id),
    object: 'portal_program' as const,
    name: p.name,
    description: p.description,
    site: p.site_name !== null && p.site_address !== null ? { name: p.site_name, address: p.site_address } : null,
    time_zone: ctx.timeZone,
    starts_on: p.starts_on as string,
    ends_on: p.ends_on as string,
    operating_weekdays: [...p.operating_weekdays].sort((a, b) => a - b).map(weekdayName),
    daily_hours: { opens_at: (p.opens_at ?? '').slice(0, 5), closes_at: (p.closes_at ?? '').slice(0, 5) },
    closure_dates: [...p.closure_dates].sort(),
    age_rule: {
      min_age: rule?.min_age ?? 0,
      max_age: rule?.max_age ?? 0,
      measured_on: rule?.measured_on ?? 'program_start',
      cutoff_date: rule?.cutoff_date ?? null,
    },
    registration_window: { opens_at: window.opens_at.toISOString(), closes_at: window.closes_at.toISOString() },
    registration_open: ctx.now >= window.opens_at && ctx.now < window.closes_at,
    capacity,
    seats_available: Math.max(0, capacity - counts.taken),
    waitlist_length: counts.waiting,
    max_children_per_employee: p.max_children_per_employee,
    fee,
    employer_subsidy: subsidy,
    employee_share: fee && { amount: fee.amount - (subsidy?.amount ?? 0), currency: fee.currency },
    activities: p.activities,
    groups: placementOrder(groups).map((g) => ({
      id: toApiId(prefixes.group, g.id),
      name: g.name,
      min_age: g.min_age,
      max_age: g.max_age,
      seats_available: Math.max(0, g.capacity - g.taken),
    })),
    children: ctx.children.map(childView(p, groups, counts, mine, ctx)),
  }
}

/**
 * The eligibility preview: published programs (newest first), each with every child of the employee
 * judged by the same rules as `POST /v1/portal/enrollments`. With `onlyId`, that one program.
 */
export const previewPrograms = async (scope: TenantData, employeeId: string, limit: number, options: { after?: string; onlyId?: string }) => {
  const rows = await repo.publishedPrograms(scope, limit, options)
  const ids = rows.slice(0, limit).map((p) => p.id)
  const [groups, counts, mine] = [await repo.groupSeats(scope, ids), await repo.programCounts(scope, ids), await repo.liveEnrollmentsOf(scope, employeeId, ids)]
  const ctx: Context = {
    timeZone: await scope.timeZone(),
    employeeStatus: await repo.employeeStatus(scope, employeeId),
    children: await repo.ownChildren(scope, employeeId),
    now: new Date(),
  }
  const present = (p: ProgramWithSite) =>
    toPortalProgram(
      p,
      groups.filter((g) => g.program_id === p.id),
      counts.get(p.id) ?? { taken: 0, waiting: 0, maxRank: null, minRank: null },
      mine.filter((e) => e.program_id === p.id),
      ctx,
    )
  return { rows, present }
}
