/**
 * Pure rules of the provider surface's access: which contracts get tokens, which tokens still
 * work, and what a token may see. Dates are `YYYY-MM-DD` on the tenant's calendar.
 */

export type ContractDates = { starts_on: string; ends_on: string }
export type ContractStatus = 'scheduled' | 'active' | 'expired' | 'revoked'

/** A contract's status on `today`, as the providers module and `authenticate_contract_client` define it. */
export const contractStatusOn = (c: ContractDates & { revoked: boolean }, today: string): ContractStatus => {
  if (c.revoked) return 'revoked'
  if (today < c.starts_on) return 'scheduled'
  if (today > c.ends_on) return 'expired'
  return 'active'
}

export type Refusal = { kind: 'revoked' | 'expired' | 'tenant_suspended'; message: string }

/**
 * Why a contract may not use the provider surface now, or null. A contract that has not started
 * yet (`scheduled`) gets tokens and may read (its feed, rosters of its coming days), so a provider
 * can prepare; it records nothing, as nothing may be recorded in the future.
 */
export const contractRefusal = (c: { status: ContractStatus; ends_on: string; tenantActive: boolean }, contractId: string): Refusal | null => {
  if (!c.tenantActive)
    return { kind: 'tenant_suspended', message: 'This tenant is suspended; its providers cannot use the API until the platform reactivates it.' }
  if (c.status === 'revoked') return { kind: 'revoked', message: `Contract ${contractId} was revoked; its credentials and tokens no longer work.` }
  if (c.status === 'expired') return { kind: 'expired', message: `Contract ${contractId} ended on ${c.ends_on}; ask the employer to extend it.` }
  return null
}

/** Whether a day falls within the contract's dates (both included). */
export const withinContract = (c: ContractDates, date: string) => date >= c.starts_on && date <= c.ends_on

export const outsideContractMessage = (c: ContractDates, date: string) => `${date} is outside the contract, which covers ${c.starts_on} to ${c.ends_on}`
