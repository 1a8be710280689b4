import { prefixes, toApiId } from '../../lib/ids'
import type { AttendanceRow } from './attendance.repo'
import type { ItemResult } from './attendance.service'

const contract = (uuid: string) => toApiId(prefixes.contract, uuid)

/** An attendance row as both surfaces show it. */
export const toAttendance = (row: AttendanceRow) => ({
  id: toApiId(prefixes.attendance, row.id),
  object: 'attendance' as const,
  program_id: toApiId(prefixes.program, row.program_id),
  child_id: toApiId(prefixes.child, row.child_id),
  enrollment_id: toApiId(prefixes.enrollment, row.enrollment_id),
  date: row.date,
  status: row.checked_out_at ? ('picked_up' as const) : ('present' as const),
  checked_in_at: row.checked_in_at.toISOString(),
  dropped_off_by: row.dropped_off_by,
  checked_in_by: { contract_id: contract(row.check_in_contract_id), staff: row.check_in_staff },
  checked_out_at: row.checked_out_at?.toISOString() ?? null,
  picked_up_by: row.picked_up_by,
  checked_out_by: row.check_out_contract_id ? { contract_id: contract(row.check_out_contract_id), staff: row.check_out_staff } : null,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
})

/** A batch's answer: each item's outcome in order, a rejection as the problem a single request would have got (paths under `items.N`). */
export const toBatchResult = (results: ItemResult[]) => ({
  object: 'batch_result' as const,
  recorded: results.filter((r) => r.outcome === 'recorded').length,
  unchanged: results.filter((r) => r.outcome === 'unchanged').length,
  rejected: results.filter((r) => r.outcome === 'rejected').length,
  items: results.map((r, index) =>
    r.outcome === 'rejected'
      ? {
          index,
          outcome: r.outcome,
          attendance: null,
          error: {
            code: r.error.code,
            status: r.error.status,
            detail: r.error.detail,
            ...(r.error.errors ? { errors: r.error.errors.map((e) => ({ ...e, path: `items.${index}.${e.path}` })) } : {}),
          },
        }
      : { index, outcome: r.outcome, attendance: toAttendance(r.row), error: null },
  ),
})
