import { prefixes, toApiId } from '../../lib/ids'
import { type PaymentViewColumns, paymentView } from '../billing'
import type { EnrollmentRow } from './enrollments.repo'

type Presentable = EnrollmentRow & { child_name: string; waitlist_position: number | string | null } & Partial<PaymentViewColumns>

/** An enrollment as the API shows it on both surfaces. */
export const toEnrollment = (row: Presentable) => ({
  id: toApiId(prefixes.enrollment, row.id),
  object: 'enrollment' as const,
  program_id: toApiId(prefixes.program, row.program_id),
  group_id: row.group_id === null ? null : toApiId(prefixes.group, row.group_id),
  child_id: toApiId(prefixes.child, row.child_id),
  child_name: row.child_name,
  employee_id: toApiId(prefixes.employee, row.employee_id),
  status: row.status,
  waitlist_position: row.status === 'waitlisted' && row.waitlist_position !== null ? Number(row.waitlist_position) : null,
  waitlisted_at: row.waitlisted_at?.toISOString() ?? null,
  confirmed_at: row.confirmed_at?.toISOString() ?? null,
  ended_at: row.ended_at?.toISOString() ?? null,
  end_reason: row.end_reason,
  payment: paymentView(row),
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
})
