import type { TenantData, TenantScope } from '../../db/tenant'
import { hookSlot } from '../../lib/hook-slot'

/**
 * How the enrollments module reacts to a change of a program or of its groups. Enrollments depend
 * on programs, not the other way round: the enrollments module registers these when it loads
 * (src/modules/enrollments/index.ts), and the program and group services call them, in the
 * change's transaction, under the program's row lock.
 */
export type StrandScope = { programId: string; groupId?: string }

/** What a change does, as the stranding rules read it. */
export type Stranding =
  /** The band after the change (null: no band), and the date age is measured on after it (null: the program's own). */
  | { kind: 'age_rule_narrowed'; band: { min_age: number; max_age: number } | null; measuredOn: string | null }
  | { kind: 'dates_moved' }
  | { kind: 'capacity_cut'; capacity: number | null }
  | { kind: 'group_removed' }

export type StrandResolution = 'withdraw' | 'waitlist'

export type EnrollmentHooks = {
  /** How many live enrollments the change strands. */
  countStranded: (scope: TenantData, target: StrandScope, change: Stranding) => Promise<number>
  /** Withdraws the enrollments the change strands, or puts them back on the waitlist; `reason` is their `end_reason`, the feed's `reason`. */
  resolveStranded: (scope: TenantScope, target: StrandScope, change: Stranding, resolution: StrandResolution, reason: string) => Promise<void>
  /** Gives any seat the change freed to the waitlist, in order. */
  fillFreedSeats: (scope: TenantScope, programId: string) => Promise<void>
}

const slot = hookSlot<EnrollmentHooks>('No enrollment hooks: the enrollments module (src/modules/enrollments) must be loaded before programs change')
export const registerEnrollmentHooks = slot.register
export const enrollmentHooks = slot.get
