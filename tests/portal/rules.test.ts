import { describe, expect, it } from 'vitest'
import { ageOn, checkDateOfBirth, requireConsent, todayIn } from '../../src/modules/children/children.rules'
import { codePrefix, generateInvitationCode, parseInvitationCode } from '../../src/modules/identity/invitation-code'

describe('invitation codes (format)', () => {
  it('are 24 unambiguous characters in groups of four, 8 public and 16 secret', () => {
    const codes = Array.from({ length: 200 }, generateInvitationCode)
    for (const { code, lookup, secret } of codes) {
      expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){5}[0-9A-HJKMNP-TV-Z]{4}$/)
      expect(code.replace(/-/g, '')).toBe(lookup + secret)
      expect(code.startsWith(codePrefix(lookup))).toBe(true)
    }
    expect(new Set(codes.map((c) => c.code)).size).toBe(codes.length)
  })

  it('parse forgivingly: case, spaces, hyphens, and I/L/O typed for 1/1/0', () => {
    expect(parseInvitationCode('k7qm 2xdp-9f3h w2rm 8tjc 4n6v')).toEqual({ lookup: 'K7QM2XDP', secret: '9F3HW2RM8TJC4N6V' })
    expect(parseInvitationCode('K7QM-2XDP-9F3H-W2RM-8TJC-4N6O')).toEqual({ lookup: 'K7QM2XDP', secret: '9F3HW2RM8TJC4N60' })
    expect(parseInvitationCode('I7QM-2XDP-9F3H-W2RM-8TJC-4N6L')?.lookup).toBe('17QM2XDP')
    expect(parseInvitationCode('K7QM-2XDP-9F3H-W2RM-8TJC')).toBeNull()
    expect(parseInvitationCode('K7QM-2XDP-9F3H-W2RM-8TJC-4N6U')).toBeNull()
  })
})

describe('children rules', () => {
  it('count full years on the calendar, with 29 February reached on 1 March', () => {
    expect(ageOn('2021-09-14', '2027-09-13')).toBe(5)
    expect(ageOn('2021-09-14', '2027-09-14')).toBe(6)
    expect(ageOn('2020-02-29', '2027-02-28')).toBe(6)
    expect(ageOn('2020-02-29', '2027-03-01')).toBe(7)
  })

  it('take a date of birth that is not in the future and makes a child under 18', () => {
    expect(() => checkDateOfBirth('2027-06-02', '2027-06-01')).toThrow(/in the future/)
    expect(() => checkDateOfBirth('2027-06-01', '2027-06-01')).not.toThrow()
    expect(() => checkDateOfBirth('2009-06-02', '2027-06-01')).not.toThrow()
    expect(() => checkDateOfBirth('2009-06-01', '2027-06-01')).toThrow(/is 18 today/)
  })

  it("read today on the tenant's calendar", () => {
    const instant = new Date('2027-06-30T17:30:00Z')
    expect(todayIn('Asia/Shanghai', instant)).toBe('2027-07-01')
    expect(todayIn('America/Los_Angeles', instant)).toBe('2027-06-30')
  })

  it('require consent to the care purpose', () => {
    expect(() => requireConsent(undefined)).toThrow(/consent is needed/)
    expect(() => requireConsent({ purpose: 'marketing', policy_version: '1' })).toThrow(/childcare_services/)
    expect(requireConsent({ purpose: 'childcare_services', policy_version: '1' })).toEqual({ purpose: 'childcare_services', policy_version: '1' })
  })
})
