import type { FieldError } from '../../lib/errors'

export type ContractStatus = 'scheduled' | 'active' | 'expired' | 'revoked'

/**
 * Where a contract stands on `today` (the tenant's calendar date, YYYY-MM-DD): revoked is final;
 * otherwise scheduled before `starts_on`, active from `starts_on` to `ends_on` inclusive, expired after.
 */
export const contractStatus = (contract: { starts_on: string; ends_on: string; revoked_at: Date | null }, today: string): ContractStatus => {
  if (contract.revoked_at) return 'revoked'
  if (today < contract.starts_on) return 'scheduled'
  if (today > contract.ends_on) return 'expired'
  return 'active'
}

/** The validity period's rule: it ends on or after the day it starts (a one-day contract is fine). */
export const dateRangeErrors = (starts_on: string, ends_on: string): FieldError[] =>
  ends_on < starts_on
    ? [{ path: 'ends_on', message: `ends_on ${ends_on} is before starts_on ${starts_on}; a contract ends on or after the day it starts` }]
    : []

/** The positions of repeats in a list, each with the position of its first occurrence. */
export const repeats = (items: readonly string[]) =>
  items.flatMap((item, index) => {
    const first = items.indexOf(item)
    return first < index ? [{ index, first }] : []
  })
