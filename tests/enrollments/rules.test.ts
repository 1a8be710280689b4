import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mayWithdraw, planAbsences } from '../../src/modules/absences/absences.rules'
import { type EligibilityInput, eligibility, type GroupSeats, place, promotions, type Seats } from '../../src/modules/enrollments/enrollments.rules'

const program: EligibilityInput['program'] = {
  status: 'published',
  starts_on: '2027-07-05',
  age_rule: { min_age: 3, max_age: 7, measured_on: 'program_start', cutoff_date: null },
  registration: { opens_at: new Date('2027-06-01T01:00:00Z'), closes_at: new Date('2027-06-25T10:00:00Z') },
  max_children_per_employee: 2,
}
const base: EligibilityInput = {
  program,
  groups: [],
  requestedGroup: null,
  child: { date_of_birth: '2022-03-01' },
  employeeStatus: 'active',
  otherChildrenEnrolled: 0,
  childEnrolled: false,
  now: new Date('2027-06-10T00:00:00Z'),
}
const codes = (input: Partial<EligibilityInput>) => eligibility({ ...base, ...input }).reasons.map((r) => r.code)

describe('eligibility', () => {
  it('admits a child of the right age while registration is open', () => {
    expect(eligibility(base)).toEqual({ eligible: true, age: { age: 5, measured_on: '2027-07-05', eligible: true }, reasons: [] })
  })

  it('measures age in full years on the measuring date, at both ends of the band', () => {
    expect(codes({ child: { date_of_birth: '2024-07-05' } })).toEqual([])
    expect(codes({ child: { date_of_birth: '2024-07-06' } })).toEqual(['too_young'])
    expect(codes({ child: { date_of_birth: '2019-07-06' } })).toEqual([])
    expect(codes({ child: { date_of_birth: '2019-07-05' } })).toEqual(['too_old'])
    expect(eligibility({ ...base, child: { date_of_birth: '2019-07-05' } }).reasons[0]?.message).toBe('child is 8 on 2027-07-05; this program takes ages 3–7')
  })

  it('follows the registration window to the instant, and the program status', () => {
    expect(codes({ now: new Date('2027-06-01T00:59:59Z') })).toEqual(['registration_not_open'])
    expect(codes({ now: new Date('2027-06-01T01:00:00Z') })).toEqual([])
    expect(codes({ now: new Date('2027-06-25T10:00:00Z') })).toEqual(['registration_closed'])
    expect(codes({ program: { ...program, status: 'draft' } })).toEqual(['program_not_published'])
    expect(codes({ program: { ...program, status: 'closed' } })).toEqual(['program_closed'])
  })

  it('counts the employee’s other children against the limit, and names every reason at once', () => {
    expect(codes({ otherChildrenEnrolled: 1 })).toEqual([])
    expect(codes({ otherChildrenEnrolled: 2 })).toEqual(['per_employee_limit'])
    expect(codes({ program: { ...program, max_children_per_employee: null }, otherChildrenEnrolled: 50 })).toEqual([])
    expect(
      codes({
        employeeStatus: 'on_leave',
        now: new Date('2027-07-01T00:00:00Z'),
        child: { date_of_birth: '2026-01-01' },
        otherChildrenEnrolled: 2,
        childEnrolled: true,
      }),
    ).toEqual(['employee_not_active', 'registration_closed', 'too_young', 'per_employee_limit', 'already_enrolled'])
  })

  it('checks a requested group’s band, or that some group takes the child’s age', () => {
    const small = { id: 'g1', name: '小班', min_age: 3, max_age: 4 }
    const big = { id: 'g2', name: '大班', min_age: 6, max_age: 7 }
    expect(codes({ groups: [small, big], requestedGroup: small })).toEqual(['group_age'])
    expect(codes({ groups: [small, big] })).toEqual(['no_group_for_age'])
    expect(codes({ groups: [small, big], child: { date_of_birth: '2021-01-01' } })).toEqual([])
    // A child outside the program's band is not also told that no group fits.
    expect(codes({ groups: [small], child: { date_of_birth: '2026-01-01' } })).toEqual(['too_young'])
  })
})

const group = (id: string, min_age: number, max_age: number, capacity: number, taken = 0): GroupSeats => ({ id, name: id, min_age, max_age, capacity, taken })

describe('placement', () => {
  it('gives a seat while the program has one, else the waitlist', () => {
    expect(place({ capacity: 2, taken: 1, groups: [], band: null }, 5, null)).toEqual({ status: 'confirmed', group_id: null })
    expect(place({ capacity: 2, taken: 2, groups: [], band: null }, 5, null)).toEqual({ status: 'waitlisted', group_id: null })
  })

  it('uses the requested group, or the youngest band of the child’s age with a seat', () => {
    const seats: Seats = { capacity: 10, taken: 3, groups: [group('b', 5, 7, 2, 2), group('a', 3, 5, 2, 1), group('c', 5, 6, 3)], band: null }
    expect(place(seats, 4, null)).toEqual({ status: 'confirmed', group_id: 'a' })
    expect(place(seats, 5, null)).toEqual({ status: 'confirmed', group_id: 'a' })
    expect(place(seats, 7, null)).toEqual({ status: 'waitlisted', group_id: null })
    expect(place(seats, 6, 'b')).toEqual({ status: 'waitlisted', group_id: 'b' })
    expect(place(seats, 6, null)).toEqual({ status: 'confirmed', group_id: 'c' })
  })
})

describe('promotions', () => {
  it('passes over a child outside the program’s band (after it narrowed)', () => {
    const waitlist = [
      { id: 'three', age: 3, group_id: null },
      { id: 'five', age: 5, group_id: null },
    ]
    expect(promotions({ capacity: 1, taken: 0, groups: [], band: { min_age: 4, max_age: 7 } }, waitlist)).toEqual([{ id: 'five', group_id: null }])
  })

  it('takes the head of the waitlist first, as many as there are free seats', () => {
    const waitlist = ['w1', 'w2', 'w3'].map((id) => ({ id, age: 5, group_id: null }))
    expect(promotions({ capacity: 3, taken: 1, groups: [], band: null }, waitlist).map((p) => p.id)).toEqual(['w1', 'w2'])
    expect(promotions({ capacity: 3, taken: 3, groups: [], band: null }, waitlist)).toEqual([])
  })

  it('skips a child the freed seat cannot take (another group, another age) for the next who fits', () => {
    const seats: Seats = { capacity: 4, taken: 3, groups: [group('a', 3, 4, 2, 2), group('b', 5, 7, 2, 1)], band: null }
    const waitlist = [
      { id: 'wants-a', age: 5, group_id: 'a' },
      { id: 'four', age: 4, group_id: null },
      { id: 'six', age: 6, group_id: null },
    ]
    expect(promotions(seats, waitlist)).toEqual([{ id: 'six', group_id: 'b' }])
  })

  it('never oversells the program or a group, and promotes in waitlist order', () => {
    const arbitrarySeats = fc
      .array(fc.record({ min: fc.integer({ min: 3, max: 7 }), span: fc.integer({ min: 0, max: 3 }), capacity: fc.integer({ min: 1, max: 5 }) }), {
        maxLength: 3,
      })
      .chain((gs) =>
        fc.record({
          groups: fc.constant(gs.map((g, i) => group(`g${i}`, g.min, g.min + g.span, g.capacity))),
          capacity: fc.integer({ min: 1, max: 12 }),
        }),
      )
    const arbitraryWaitlist = fc.array(fc.record({ age: fc.integer({ min: 3, max: 10 }), group: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }) }), {
      maxLength: 20,
    })
    fc.assert(
      fc.property(arbitrarySeats, arbitraryWaitlist, ({ groups, capacity }, raw) => {
        const seats: Seats = { capacity, taken: 0, groups, band: null }
        const waitlist = raw.map((w, i) => ({
          id: `w${i}`,
          age: w.age,
          group_id: w.group !== null && groups[w.group] ? (groups[w.group]?.id ?? null) : null,
        }))
        const promoted = promotions(seats, waitlist)
        expect(promoted.length).toBeLessThanOrEqual(capacity)
        for (const g of groups) expect(promoted.filter((p) => p.group_id === g.id).length).toBeLessThanOrEqual(g.capacity)
        const order = promoted.map((p) => Number(p.id.slice(1)))
        expect(order).toEqual([...order].sort((a, b) => a - b))
        for (const p of promoted) {
          const w = waitlist.find((x) => x.id === p.id)
          if (w?.group_id) expect(p.group_id).toBe(w.group_id)
          const g = groups.find((x) => x.id === p.group_id)
          if (g && w) expect((w.age >= g.min_age && w.age <= g.max_age) || w.group_id === g.id).toBe(true)
        }
        if (groups.length === 0) expect(promoted.map((p) => p.id)).toEqual(waitlist.slice(0, capacity).map((w) => w.id))
      }),
    )
  })
})

describe('absence rules', () => {
  const schedule = { starts_on: '2027-07-05', ends_on: '2027-07-16', operating_weekdays: [1, 2, 3, 4, 5], closure_dates: ['2027-07-07'] }
  it('plans one absence per service day and enrollment, refusing past days and days without care', () => {
    const { problems, planned } = planAbsences(['2027-07-06', '2027-07-07', '2027-07-10', '2027-07-04'], '2027-07-05', [
      { enrollmentId: 'e1', schedule },
      { enrollmentId: 'e2', schedule: { ...schedule, closure_dates: [] } },
    ])
    expect(planned).toEqual([
      { date: '2027-07-06', enrollmentId: 'e1' },
      { date: '2027-07-06', enrollmentId: 'e2' },
      { date: '2027-07-07', enrollmentId: 'e2' },
    ])
    expect(problems).toEqual([
      { kind: 'not_a_service_day', path: 'dates.2', message: '2027-07-10 is not a service day of any program the child is confirmed in' },
      { kind: 'past', path: 'dates.3', message: '2027-07-04 is in the past (today is 2027-07-05); absences are reported from today on' },
    ])
    expect(planAbsences(['2027-07-05'], '2027-07-05', [{ enrollmentId: 'e1', schedule }]).problems).toEqual([])
  })

  it('lets a report be withdrawn only before its day', () => {
    expect(mayWithdraw('2027-07-06', '2027-07-05')).toBe(true)
    expect(mayWithdraw('2027-07-05', '2027-07-05')).toBe(false)
    expect(mayWithdraw('2027-07-04', '2027-07-05')).toBe(false)
  })
})
