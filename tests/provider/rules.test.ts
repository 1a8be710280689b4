import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { localTimestamp } from '../../src/lib/time'
import { toCsv } from '../../src/modules/attendance/attendance.csv'
import { eventTime, MAX_CLOCK_SKEW_MS, repeats, resolveDropOff, resolvePickup } from '../../src/modules/attendance/attendance.rules'
import { contractRefusal, contractStatusOn } from '../../src/modules/provider-access/access.rules'
import { type DayStatus, dayStatus, expectedOn, pickupsValidOn, summarize, whyNotServiceDay } from '../../src/modules/roster/roster.rules'
import { buildSheet } from '../../src/modules/roster/roster.sheet'

const weekdays = { starts_on: '2027-07-05', ends_on: '2027-08-13', operating_weekdays: [1, 2, 3, 4, 5], closure_dates: ['2027-08-02'] }

describe('service days', () => {
  it('names why a day is not one: outside the program, weekend, another weekday off, closure', () => {
    expect(whyNotServiceDay(weekdays, '2027-07-05')).toBeNull()
    expect(whyNotServiceDay(weekdays, '2027-07-04')?.reason).toBe('outside_program')
    expect(whyNotServiceDay(weekdays, '2027-08-14')?.reason).toBe('outside_program')
    expect(whyNotServiceDay(weekdays, '2027-07-10')).toEqual({
      reason: 'weekend',
      message: '2027-07-10 is a Saturday, a weekend day; the program runs on mon, tue, wed, thu, fri',
    })
    expect(whyNotServiceDay({ ...weekdays, operating_weekdays: [1, 3, 5] }, '2027-07-06')?.reason).toBe('not_an_operating_weekday')
    expect(whyNotServiceDay(weekdays, '2027-08-02')?.reason).toBe('closure')
    expect(whyNotServiceDay({ ...weekdays, starts_on: null }, '2027-07-05')?.reason).toBe('outside_program')
  })
})

describe('who is expected on a day', () => {
  it('a seat held that day: confirmed by then, and not ended before the end of it', () => {
    const confirmed = { status: 'confirmed', confirmed_on: '2027-07-06', ended_on: null }
    expect(expectedOn(confirmed, '2027-07-05')).toBe(false)
    expect(expectedOn(confirmed, '2027-07-06')).toBe(true)
    const withdrawn = { status: 'withdrawn', confirmed_on: '2027-07-01', ended_on: '2027-07-08' }
    expect(expectedOn(withdrawn, '2027-07-07')).toBe(true)
    expect(expectedOn(withdrawn, '2027-07-08')).toBe(false)
    expect(expectedOn({ status: 'waitlisted', confirmed_on: null, ended_on: null }, '2027-07-07')).toBe(false)
    expect(expectedOn({ status: 'awaiting_payment', confirmed_on: '2027-07-01', ended_on: null }, '2027-07-07')).toBe(false)
    expect(expectedOn({ status: 'completed', confirmed_on: '2027-07-01', ended_on: '2027-08-14' }, '2027-08-13')).toBe(true)
  })

  it('builds the sheet: attendance wins over an absence, a child counts once, groups youngest first', () => {
    const e = (id: string, child: string, name: string, group: [string, number] | null, confirmed_on = '2027-07-01') => ({
      id,
      child_id: child,
      name,
      status: 'confirmed',
      confirmed_on,
      ended_on: null,
      group_name: group?.[0] ?? null,
      group_min_age: group?.[1] ?? null,
    })
    const enrollments = [
      e('e1', 'c1', '乙', ['大班', 5]),
      e('e2', 'c2', '甲', ['小班', 3]),
      e('e3', 'c3', '丙', null),
      { ...e('e4', 'c1', '乙', ['大班', 5], '2027-06-01'), status: 'withdrawn', ended_on: '2027-07-20' },
    ]
    const absences = [
      { enrollment_id: 'e2', date: '2027-07-05' },
      { enrollment_id: 'e3', date: '2027-07-05' },
    ]
    const attendance = [{ id: 'a1', enrollment_id: 'e3', child_id: 'c3', date: '2027-07-05', checked_in_at: new Date(), checked_out_at: null }]
    const rows = buildSheet(['2027-07-05'], enrollments, absences, attendance)
    expect(rows.map((r) => [r.enrollment.id, r.status, r.absent])).toEqual([
      ['e2', 'absent', true],
      ['e1', 'not_yet_arrived', false],
      ['e3', 'present', true],
    ])
  })

  it('summarizes a day: expected = enrolled − absent = not yet arrived + present + picked up', () => {
    const status = fc
      .record({ absent: fc.boolean(), checkedIn: fc.boolean(), checkedOut: fc.boolean() })
      .map((s) => dayStatus({ ...s, checkedOut: s.checkedIn && s.checkedOut }))
    fc.assert(
      fc.property(fc.array(status), (statuses: DayStatus[]) => {
        const s = summarize(statuses)
        expect(s.expected).toBe(s.enrolled - s.absent)
        expect(s.expected).toBe(s.not_yet_arrived + s.present + s.picked_up)
      }),
    )
  })
})

describe('pickups', () => {
  const pickups = [
    { name: '李娜', relation: 'grandmother', phone: '+86 139 0000 0001' },
    { name: '王芳', relation: 'aunt', phone: '+86 137 0000 0002', valid_from: '2027-07-12', valid_until: '2027-07-12' },
    { name: '张伟', relation: 'uncle', phone: '+86 136 0000 0003', valid_until: '2027-07-09' },
  ]

  it('admits the guardian and an authorized pickup inside its window, matched on the phone digits', () => {
    expect(resolvePickup({ kind: 'guardian' }, [], '2027-07-12')).toEqual({ ok: true, person: { kind: 'guardian' } })
    expect(resolvePickup({ kind: 'authorized_pickup', phone: '+8613900000001' }, pickups, '2027-07-12')).toEqual({
      ok: true,
      person: { kind: 'authorized_pickup', name: '李娜', relation: 'grandmother', phone: '+86 139 0000 0001' },
    })
    expect(resolvePickup({ kind: 'authorized_pickup', phone: '+86 137 0000 0002' }, pickups, '2027-07-12').ok).toBe(true)
    expect(resolvePickup({ kind: 'authorized_pickup', phone: '+86 136 0000 0003' }, pickups, '2027-07-09').ok).toBe(true)
  })

  it('refuses anyone else, and a pickup outside its window, saying why', () => {
    expect(resolvePickup({ kind: 'other', name: '王强' }, pickups, '2027-07-12')).toEqual({
      ok: false,
      message: "王强 is not on the child's list of authorized pickups",
    })
    expect(resolvePickup({ kind: 'authorized_pickup', phone: '+86 137 0000 0002' }, pickups, '2027-07-13')).toEqual({
      ok: false,
      message: '王芳 (aunt) may pick this child up only on 2027-07-12, not on 2027-07-13',
    })
    expect(resolvePickup({ kind: 'authorized_pickup', phone: '+86 136 0000 0003' }, pickups, '2027-07-10')).toEqual({
      ok: false,
      message: '张伟 (uncle) may pick this child up from any day until 2027-07-09, not on 2027-07-10',
    })
    expect(pickupsValidOn(pickups, '2027-07-12').map((p) => p.name)).toEqual(['李娜', '王芳'])
  })

  it('records drop-offs by anyone, and an authorized pickup only from the list', () => {
    expect(resolveDropOff({ kind: 'other', name: '邻居' }, pickups)).toEqual({ ok: true, person: { kind: 'other', name: '邻居' } })
    expect(resolveDropOff({ kind: 'authorized_pickup', phone: '+86 137 0000 0002' }, pickups).ok).toBe(true)
    expect(resolveDropOff({ kind: 'authorized_pickup', phone: '+86 100' }, pickups).ok).toBe(false)
  })
})

describe('times and retries', () => {
  it('takes now by default and refuses the future beyond the clock skew', () => {
    const now = new Date('2027-07-05T01:00:00Z')
    expect(eventTime(undefined, now)).toBe(now)
    expect(eventTime(new Date(now.getTime() + MAX_CLOCK_SKEW_MS).toISOString(), now)?.getTime()).toBe(now.getTime() + MAX_CLOCK_SKEW_MS)
    expect(eventTime(new Date(now.getTime() + MAX_CLOCK_SKEW_MS + 1).toISOString(), now)).toBeNull()
    expect(eventTime('2027-07-05T08:00:00+08:00', now)?.toISOString()).toBe('2027-07-05T00:00:00.000Z')
  })

  it('treats a request as a retry when it names the same person and, if any, the same instant', () => {
    const recorded = { at: new Date('2027-07-05T00:00:00Z'), person: { kind: 'guardian' as const } }
    expect(repeats(recorded, { person: { kind: 'guardian' } })).toBe(true)
    expect(repeats(recorded, { at: '2027-07-05T08:00:00+08:00', person: { kind: 'guardian' } })).toBe(true)
    expect(repeats(recorded, { at: '2027-07-05T08:01:00+08:00', person: { kind: 'guardian' } })).toBe(false)
    expect(repeats(recorded, { person: { kind: 'other', name: 'x' } })).toBe(false)
    expect(repeats({ at: recorded.at, person: null }, {})).toBe(true)
    expect(repeats({ at: recorded.at, person: null }, { person: { kind: 'guardian' } })).toBe(false)
  })
})

describe('contracts', () => {
  it('lets scheduled and active contracts in, not revoked or expired ones, nor a suspended tenant', () => {
    const dates = { starts_on: '2027-06-01', ends_on: '2027-08-31', revoked: false }
    expect(contractStatusOn(dates, '2027-05-31')).toBe('scheduled')
    expect(contractStatusOn(dates, '2027-08-31')).toBe('active')
    expect(contractStatusOn(dates, '2027-09-01')).toBe('expired')
    expect(contractStatusOn({ ...dates, revoked: true }, '2027-07-01')).toBe('revoked')
    expect(contractRefusal({ status: 'scheduled', ends_on: '2027-08-31', tenantActive: true }, 'ctr_x')).toBeNull()
    expect(contractRefusal({ status: 'expired', ends_on: '2027-08-31', tenantActive: true }, 'ctr_x')?.kind).toBe('expired')
    expect(contractRefusal({ status: 'active', ends_on: '2027-08-31', tenantActive: false }, 'ctr_x')?.kind).toBe('tenant_suspended')
  })
})

describe('CSV', () => {
  it('quotes what needs it and defuses cells a spreadsheet would run as formulas', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          ['=SUM(A1)', null],
          ['@cmd', -1],
        ],
      ),
    ).toBe('\ufeffa,b\r\n"x,y","say ""hi"""\r\n\'=SUM(A1),\r\n\'@cmd,\'-1\r\n')
  })

  it('writes local times with their offset', () => {
    expect(localTimestamp(new Date('2027-07-05T00:12:00Z'), 'Asia/Shanghai')).toBe('2027-07-05T08:12:00+08:00')
    expect(localTimestamp(new Date('2027-07-05T00:12:00Z'), 'UTC')).toBe('2027-07-05T00:12:00+00:00')
    expect(localTimestamp(new Date('2027-01-05T12:00:00Z'), 'America/New_York')).toBe('2027-01-05T07:00:00-05:00')
  })
})
