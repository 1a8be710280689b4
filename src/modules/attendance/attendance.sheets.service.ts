import { pipeline } from '../../db/pipeline'
import type { TenantData } from '../../db/tenant'
import { ApiError, invalid, notFound } from '../../lib/errors'
import { prefixes, toApiId } from '../../lib/ids'
import { daysBetween, localTimestamp } from '../../lib/time'
import type { ContractScope } from '../provider-access'
import { buildSheet, requireServiceDay, rosterRepo, type SheetRow, serviceDaysBetween, summarize } from '../roster'
import { personCell, toCsv } from './attendance.csv'
import type { AttendanceRow } from './attendance.repo'

export type AttendanceSheetRow = SheetRow<rosterRepo.SheetEnrollment, AttendanceRow>
export type ProgramSheet = { program: rosterRepo.ProgramSchedule; rows: AttendanceSheetRow[] }

/** The longest range one export covers. */
export const MAX_EXPORT_DAYS = 92

/** The sheet of each program's service days from `from` to `to` (both included). */
export const programSheets = async (
  scope: TenantData,
  spec: { programIds: string[]; from: string; to: string; timeZone: string; groupId?: string },
): Promise<ProgramSheet[]> => {
  const sheets: ProgramSheet[] = []
  for (const programId of spec.programIds) {
    const program = await rosterRepo.findProgramSchedule(scope, programId)
    if (!program) continue
    const days = spec.from <= spec.to ? serviceDaysBetween(program, spec.from, spec.to) : []
    const [first, last] = [days[0], days.at(-1)]
    if (first === undefined || last === undefined) {
      sheets.push({ program, rows: [] })
      continue
    }
    const filter = { programId, from: first, to: last, timeZone: spec.timeZone, groupId: spec.groupId }
    const [enrollments, absences, attendance] = await pipeline(scope.tx, [
      rosterRepo.sheetEnrollmentsQuery(scope, filter),
      rosterRepo.sheetAbsencesQuery(scope, filter),
      rosterRepo.sheetAttendanceQuery(scope, filter),
    ])
    sheets.push({ program, rows: buildSheet(days, enrollments, absences, attendance) })
  }
  return sheets.sort((a, b) => a.program.name.localeCompare(b.program.name) || a.program.id.localeCompare(b.program.id))
}

/** 422 unless `from` ≤ `to` and the range spans at most MAX_EXPORT_DAYS days. */
export const checkRange = (from: string, to: string) => {
  if (to < from) throw invalid('to', `to (${to}) is before from (${from})`)
  if (daysBetween(from, to) + 1 > MAX_EXPORT_DAYS)
    throw invalid('to', `the range spans ${daysBetween(from, to) + 1} days; one export covers at most ${MAX_EXPORT_DAYS}`)
}

const CSV_HEADER = [
  'date',
  'program_id',
  'program_name',
  'group',
  'child_id',
  'child_name',
  'status',
  'absence_reported',
  'checked_in_at',
  'dropped_off_by',
  'checked_out_at',
  'picked_up_by',
  'attendance_id',
]

/** One line per child per service day, times local with their offset. */
export const sheetsCsv = (sheets: ProgramSheet[], timeZone: string) =>
  toCsv(
    CSV_HEADER,
    sheets.flatMap(({ program, rows }) =>
      rows.map((r) => [
        r.date,
        toApiId(prefixes.program, program.id),
        program.name,
        r.enrollment.group_name,
        toApiId(prefixes.child, r.enrollment.child_id),
        r.enrollment.name,
        r.status,
        r.absent,
        r.attendance ? localTimestamp(r.attendance.checked_in_at, timeZone) : null,
        personCell(r.attendance?.dropped_off_by ?? null),
        r.attendance?.checked_out_at ? localTimestamp(r.attendance.checked_out_at, timeZone) : null,
        personCell(r.attendance?.picked_up_by ?? null),
        r.attendance ? toApiId(prefixes.attendance, r.attendance.id) : null,
      ]),
    ),
  )

/** HR's day of a program: every child holding a seat, their standing, and the summary. 404 for a program or group not in this tenant. */
export const programDay = async (
  scope: TenantData,
  req: { programId: string; date: string; groupId?: string; ids: { program_id: string; group_id?: string } },
) => {
  const program = await rosterRepo.findProgramSchedule(scope, req.programId)
  if (!program) throw notFound('program', req.ids.program_id)
  if (req.groupId !== undefined && !(await rosterRepo.findGroup(scope, req.programId, req.groupId)))
    throw notFound('group of this program', req.ids.group_id ?? '')
  requireServiceDay(program, req.date, 'date')
  const timeZone = await scope.timeZone()
  const [sheet] = await programSheets(scope, { programIds: [req.programId], from: req.date, to: req.date, timeZone, groupId: req.groupId })
  if (!sheet) throw new ApiError('internal_error', 'The program vanished while its day was read.')
  return { sheet, timeZone, summary: summarize(sheet.rows.map((r) => r.status)) }
}

/**
 * The provider's export: the contract's programs (or one of them), days from `from` to `to`
 * clipped to the contract's dates and to today (nothing is recorded ahead).
 */
export const contractExport = async (scope: TenantData, contract: ContractScope, req: { from: string; to: string; programId?: string }) => {
  checkRange(req.from, req.to)
  const from = [req.from, contract.starts_on].sort()[1] as string
  const to = [req.to, contract.ends_on, contract.today].sort()[0] as string
  const programIds = req.programId === undefined ? contract.programIds : [req.programId]
  return sheetsCsv(await programSheets(scope, { programIds, from, to, timeZone: contract.timeZone }), contract.timeZone)
}
