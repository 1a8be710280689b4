import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays, daysBetween, isoWeekday, localDateOf, zonedInstant } from '../../src/lib/time'
import { groupConflicts, incompleteness, programProblems, publishProblems } from '../../src/modules/programs/programs.checks'
import { groupStrandingChanges, programStrandingChanges } from '../../src/modules/programs/programs.guards'
import { endsOnFor, lengthWeeksOf, serviceDays } from '../../src/modules/programs/programs.rules'
import { applyInput, emptyProgram, type ProgramState } from '../../src/modules/programs/programs.state'

const court = (): ProgramState =>
  applyInput(emptyProgram('Court summer care'), {
    site_id: '01900000-0000-7000-8000-000000000001',
    starts_on: '2027-07-05',
    length_weeks: 6,
    operating_weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'],
    daily_hours: { opens_at: '08:00', closes_at: '17:30' },
    age_rule: { min_age: 3, max_age: 7, measured_on: 'program_start' },
    capacity: 60,
    registration_window: { opens_at: '2027-06-01T09:00:00+08:00', closes_at: '2027-06-25T18:00:00+08:00' },
  })

describe('dates and weeks', () => {
  it('derives the court’s six weeks from Monday 2027-07-05 to Sunday 2027-08-15, and back', () => {
    expect(endsOnFor('2027-07-05', 6)).toBe('2027-08-15')
    expect(lengthWeeksOf('2027-07-05', '2027-08-15')).toBe(6)
    expect(lengthWeeksOf('2027-07-05', '2027-08-13')).toBe(6)
    expect(lengthWeeksOf('2027-07-05', '2027-07-05')).toBe(1)
  })

  it('round-trips any length in weeks', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2050-01-01'), noInvalidDate: true }), fc.integer({ min: 1, max: 52 }), (d, weeks) => {
        const start = d.toISOString().slice(0, 10)
        const end = endsOnFor(start, weeks)
        expect(daysBetween(start, end)).toBe(7 * weeks - 1)
        expect(isoWeekday(end)).toBe(((isoWeekday(start) + 5) % 7) + 1)
        expect(lengthWeeksOf(start, end)).toBe(weeks)
      }),
    )
  })

  it('lists operating weekdays between the dates minus closures', () => {
    const days = serviceDays({ starts_on: '2027-07-05', ends_on: '2027-08-15', operating_weekdays: [1, 2, 3, 4, 5], closure_dates: ['2027-08-02'] })
    expect(days).toHaveLength(29)
    expect(days[0]).toBe('2027-07-05')
    expect(days.at(-1)).toBe('2027-08-13')
    expect(days).not.toContain('2027-08-02')
    expect(days.every((d) => isoWeekday(d) <= 5)).toBe(true)
  })

  it('has every service day on an operating weekday, inside the dates, not closed, in order', () => {
    const day = fc.date({ min: new Date('2026-01-01'), max: new Date('2028-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 0, max: 120 }),
        fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }),
        fc.array(fc.integer({ min: 0, max: 120 })),
        (start, span, weekdays, closureOffsets) => {
          const end = addDays(start, span)
          const closures = closureOffsets.map((o) => addDays(start, o))
          const days = serviceDays({ starts_on: start, ends_on: end, operating_weekdays: weekdays, closure_dates: closures })
          for (const d of days) {
            expect(d >= start && d <= end).toBe(true)
            expect(weekdays).toContain(isoWeekday(d))
            expect(closures).not.toContain(d)
          }
          expect([...days].sort()).toEqual(days)
          const expected = Array.from({ length: span + 1 }, (_, i) => addDays(start, i)).filter(
            (d) => weekdays.includes(isoWeekday(d)) && !closures.includes(d),
          )
          expect(days).toHaveLength(expected.length)
        },
      ),
    )
  })
})

describe('wall-clock time in a time zone', () => {
  it('converts local opening hours to instants and instants to local dates', () => {
    expect(zonedInstant('2027-07-05', '08:00', 'Asia/Shanghai').toISOString()).toBe('2027-07-05T00:00:00.000Z')
    expect(zonedInstant('2027-07-05', '08:00', 'Europe/Berlin').toISOString()).toBe('2027-07-05T06:00:00.000Z')
    expect(zonedInstant('2027-01-05', '08:00', 'Europe/Berlin').toISOString()).toBe('2027-01-05T07:00:00.000Z')
    expect(localDateOf(new Date('2027-06-25T16:30:00Z'), 'Asia/Shanghai')).toBe('2027-06-26')
    expect(localDateOf(new Date('2027-06-25T15:59:59Z'), 'Asia/Shanghai')).toBe('2027-06-25')
  })
})

describe('program checks', () => {
  it('accepts the court’s program and finds nothing missing but a provider', () => {
    const s = court()
    expect(programProblems(s, 'Asia/Shanghai')).toEqual([])
    expect(incompleteness(s)).toEqual([])
    expect(publishProblems(s, { today: '2026-11-28', providerAssigned: false }).map((p) => p.path)).toEqual(['provider_assignment'])
    expect(publishProblems(s, { today: '2026-11-28', providerAssigned: true })).toEqual([])
  })

  it('lists every missing piece of an empty draft at once', () => {
    expect(publishProblems(emptyProgram('x'), { today: '2026-11-28', providerAssigned: false }).map((p) => p.path)).toEqual([
      'site_id',
      'starts_on',
      'ends_on',
      'capacity',
      'age_rule',
      'daily_hours',
      'registration_window',
      'provider_assignment',
    ])
  })

  it('refuses a program that ended, or has no service day', () => {
    const past = applyInput(court(), { starts_on: '2026-07-06' })
    expect(publishProblems(past, { today: '2026-11-28', providerAssigned: true })).toEqual([{ path: 'ends_on', message: 'the program ended on 2026-08-16' }])
    const weekendOnly = applyInput(court(), { ends_on: '2027-07-09', operating_weekdays: ['sat', 'sun'] })
    expect(incompleteness(weekendOnly).map((p) => p.path)).toEqual(['operating_weekdays'])
  })

  it('names each broken rule with its field path', () => {
    const s = applyInput(court(), {
      ends_on: '2027-07-01',
      closure_dates: ['2027-07-02'],
      fee: { amount: 100000, currency: 'CNY' },
      employer_subsidy: { amount: 150000, currency: 'CNY' },
      max_children_per_employee: 99,
    })
    expect(programProblems(s, 'Asia/Shanghai')).toEqual([
      { path: 'ends_on', message: 'ends_on 2027-07-01 is before starts_on 2027-07-05' },
      { path: 'closure_dates.0', message: "closure 2027-07-02 is outside the program's dates 2027-07-05 to 2027-07-01" },
      { path: 'employer_subsidy.amount', message: 'the subsidy 150000 exceeds the fee 100000' },
      { path: 'max_children_per_employee', message: 'max_children_per_employee 99 exceeds the capacity 60' },
    ])
  })

  it('reads the registration deadline in the tenant’s time zone', () => {
    const closesLate = applyInput(court(), { registration_window: { opens_at: '2027-06-01T09:00:00+08:00', closes_at: '2027-08-15T16:30:00Z' } })
    expect(programProblems(closesLate, 'Asia/Shanghai')).toEqual([
      {
        path: 'registration_window.closes_at',
        message: "registration must close by the program's last day 2027-08-15 (Asia/Shanghai); it closes on 2027-08-16",
      },
    ])
    expect(programProblems(closesLate, 'Europe/Berlin')).toEqual([])
  })

  it('finds groups that no longer fit', () => {
    const narrowed = applyInput(court(), { age_rule: { min_age: 4, max_age: 7, measured_on: 'program_start' }, capacity: 15 })
    expect(groupConflicts(narrowed, [{ name: '小班', min_age: 3, max_age: 4, capacity: 20 }])).toEqual([
      { path: 'age_rule', message: "group 小班 takes ages 3–4, outside the program's 4–7" },
      { path: 'capacity', message: "group 小班 has capacity 20, more than the program's 15" },
    ])
  })
})

describe('changes that could strand enrolled children', () => {
  it('sees narrowing, moved dates and capacity cuts, and not widening', () => {
    const before = court()
    expect(programStrandingChanges(before, applyInput(before, { age_rule: { min_age: 2, max_age: 8, measured_on: 'program_start' }, capacity: 80 }))).toEqual(
      [],
    )
    const kinds = (input: Parameters<typeof applyInput>[1]) => programStrandingChanges(before, applyInput(before, input)).map((c) => c.kind)
    expect(kinds({ age_rule: { min_age: 4, max_age: 7, measured_on: 'program_start' } })).toEqual(['age_rule_narrowed'])
    expect(kinds({ age_rule: { min_age: 3, max_age: 7, measured_on: 'cutoff_date', cutoff_date: '2027-09-01' } })).toEqual(['age_rule_narrowed'])
    expect(kinds({ starts_on: '2027-07-12' })).toEqual(['age_rule_narrowed', 'dates_moved'])
    expect(kinds({ capacity: 59 })).toEqual(['capacity_cut'])
    expect(kinds({ description: 'new words' })).toEqual([])
  })

  it('sees a group narrowed, cut or removed', () => {
    const g = { min_age: 3, max_age: 4, capacity: 20 }
    expect(groupStrandingChanges(g, { ...g, max_age: 5, capacity: 25 })).toEqual([])
    expect(groupStrandingChanges(g, { ...g, min_age: 4, capacity: 10 }).map((c) => c.kind)).toEqual(['age_rule_narrowed', 'capacity_cut'])
    expect(groupStrandingChanges(g, null).map((c) => c.kind)).toEqual(['group_removed'])
  })
})
