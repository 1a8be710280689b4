import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { contractStatus, dateRangeErrors, repeats } from '../../src/modules/providers/contracts.rules'

const contract = { starts_on: '2027-07-05', ends_on: '2027-08-13', revoked_at: null }

describe('contract status on the tenant calendar', () => {
  it('is scheduled before the first day, active on the first and last day, expired after', () => {
    expect(contractStatus(contract, '2027-07-04')).toBe('scheduled')
    expect(contractStatus(contract, '2027-07-05')).toBe('active')
    expect(contractStatus(contract, '2027-08-13')).toBe('active')
    expect(contractStatus(contract, '2027-08-14')).toBe('expired')
  })

  it('is revoked whatever the date once revoked', () => {
    const revoked = { ...contract, revoked_at: new Date('2027-07-10T08:00:00Z') }
    for (const day of ['2027-07-01', '2027-07-20', '2027-09-01']) expect(contractStatus(revoked, day)).toBe('revoked')
  })

  it('is active exactly on the days between the dates, inclusive (property)', () => {
    const day = fc
      .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10))
    fc.assert(
      fc.property(day, day, day, (a, b, today) => {
        const [starts_on, ends_on] = a <= b ? [a, b] : [b, a]
        const active = contractStatus({ starts_on, ends_on, revoked_at: null }, today) === 'active'
        expect(active).toBe(starts_on <= today && today <= ends_on)
      }),
    )
  })
})

describe('contract rules', () => {
  it('refuses an end before the start, naming both dates, and takes a one-day contract', () => {
    expect(dateRangeErrors('2027-07-05', '2027-07-04')).toEqual([
      { path: 'ends_on', message: 'ends_on 2027-07-04 is before starts_on 2027-07-05; a contract ends on or after the day it starts' },
    ])
    expect(dateRangeErrors('2027-07-05', '2027-07-05')).toEqual([])
  })

  it('finds every repeat with the position of its first occurrence', () => {
    expect(repeats(['a', 'b', 'a', 'c', 'b', 'a'])).toEqual([
      { index: 2, first: 0 },
      { index: 4, first: 1 },
      { index: 5, first: 0 },
    ])
    expect(repeats(['a', 'b'])).toEqual([])
  })
})
