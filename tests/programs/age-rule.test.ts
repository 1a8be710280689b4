import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addDays } from '../../src/lib/time'
import { ageOn, checkAge, describeAgeCheck } from '../../src/modules/programs/programs.rules'

const iso = (d: Date) => d.toISOString().slice(0, 10)
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0

/** A calendar date between 1990 and 2040. */
const dateArb = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true }).map(iso)

/**
 * The n-th birthday of someone born on `born`: the same month and day n years later, or 1 March
 * when that year has no 29 February. Built with Date, independently of the rule under test.
 */
const birthday = (born: string, n: number) => {
  const [y, m, d] = born.split('-').map(Number) as [number, number, number]
  const candidate = new Date(Date.UTC(y + n, m - 1, d))
  return candidate.getUTCMonth() === m - 1 ? iso(candidate) : `${y + n}-03-01`
}

describe('ageOn: full years completed, on calendar dates', () => {
  it.each([
    ['2020-07-05', '2027-07-05', 7, 'on the birthday'],
    ['2020-07-05', '2027-07-04', 6, 'the day before'],
    ['2020-07-05', '2027-07-06', 7, 'the day after'],
    ['2020-12-31', '2027-01-01', 6, 'across a new year'],
    ['2020-02-29', '2027-02-28', 6, 'a leapling on 28 February of a common year'],
    ['2020-02-29', '2027-03-01', 7, 'a leapling on 1 March of a common year'],
    ['2020-02-29', '2028-02-28', 7, 'a leapling the day before a leap birthday'],
    ['2020-02-29', '2028-02-29', 8, 'a leapling on 29 February of a leap year'],
    ['2027-07-05', '2027-07-05', 0, 'on the day of birth'],
  ])('born %s, on %s: %i (%s)', (born, on, age) => {
    expect(ageOn(born, on)).toBe(age)
  })

  it('names the rule when a child falls outside the court’s band', () => {
    const rule = { min_age: 3, max_age: 7, measured_on: 'program_start' as const }
    const check = checkAge('2019-07-04', rule, '2027-07-05')
    expect(check).toEqual({ age: 8, measured_on: '2027-07-05', eligible: false })
    expect(describeAgeCheck(check!, rule)).toBe('child is 8 on 2027-07-05; this program takes ages 3–7')
  })

  it('measures on the cut-off date when the rule says so, and on nothing without a start date', () => {
    const rule = { min_age: 6, max_age: 12, measured_on: 'cutoff_date' as const, cutoff_date: '2027-08-31' }
    expect(checkAge('2021-08-31', rule, '2027-07-12')).toEqual({ age: 6, measured_on: '2027-08-31', eligible: true })
    expect(checkAge('2021-09-01', rule, '2027-07-12')).toEqual({ age: 5, measured_on: '2027-08-31', eligible: false })
    expect(checkAge('2021-01-01', { min_age: 3, max_age: 7, measured_on: 'program_start' }, null)).toBeNull()
  })
})

describe('ageOn: properties', () => {
  it('is n on the n-th birthday, n − 1 the day before and n the day after', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 25 }), (born, n) => {
        const day = birthday(born, n)
        expect(ageOn(born, day)).toBe(n)
        expect(ageOn(born, addDays(day, -1))).toBe(n - 1)
        expect(ageOn(born, addDays(day, 1))).toBe(n)
      }),
      { numRuns: 2000 },
    )
  })

  it('agrees with counting the birthdays passed', () => {
    fc.assert(
      fc.property(dateArb, dateArb, (born, on) => {
        fc.pre(on >= born)
        let passed = 0
        while (birthday(born, passed + 1) <= on) passed++
        expect(ageOn(born, on)).toBe(passed)
      }),
      { numRuns: 1000 },
    )
  })

  it('never decreases as time passes, and grows by at most one a day', () => {
    fc.assert(
      fc.property(dateArb, dateArb, (born, on) => {
        fc.pre(on >= born)
        const today = ageOn(born, on)
        const tomorrow = ageOn(born, addDays(on, 1))
        expect(tomorrow - today).toBeGreaterThanOrEqual(0)
        expect(tomorrow - today).toBeLessThanOrEqual(1)
      }),
      { numRuns: 2000 },
    )
  })

  it('turns a 29 February child older on 1 March in common years and on 29 February in leap years', () => {
    const leapYears = fc.integer({ min: 1992, max: 2036 }).filter(isLeap)
    fc.assert(
      fc.property(leapYears, fc.integer({ min: 1, max: 30 }), (y, n) => {
        const born = `${y}-02-29`
        const year = y + n
        if (isLeap(year)) {
          expect(ageOn(born, `${year}-02-28`)).toBe(n - 1)
          expect(ageOn(born, `${year}-02-29`)).toBe(n)
        } else {
          expect(ageOn(born, `${year}-02-28`)).toBe(n - 1)
          expect(ageOn(born, `${year}-03-01`)).toBe(n)
        }
      }),
    )
  })

  it('admits a child from the start day that is its min_age birthday until the day before its (max_age + 1)th birthday', () => {
    const band = fc.tuple(fc.integer({ min: 1, max: 18 }), fc.integer({ min: 1, max: 18 })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const)
    fc.assert(
      fc.property(band, dateArb, ([min, max], born) => {
        const rule = { min_age: min, max_age: max, measured_on: 'program_start' as const }
        const eligibleIfStarting = (startsOn: string) => checkAge(born, rule, startsOn)?.eligible
        const turnsMin = birthday(born, min)
        const turnsTooOld = birthday(born, max + 1)
        expect(eligibleIfStarting(addDays(turnsMin, -1))).toBe(false)
        expect(eligibleIfStarting(turnsMin)).toBe(true)
        expect(eligibleIfStarting(addDays(turnsTooOld, -1))).toBe(true)
        expect(eligibleIfStarting(turnsTooOld)).toBe(false)
      }),
      { numRuns: 2000 },
    )
  })
})
