import { pipeline } from '../../db/pipeline'
import type { TenantScope } from '../../db/tenant'
import { recordAudit } from '../../lib/audit'
import { notFound } from '../../lib/errors'
import { prefixes, toApiId } from '../../lib/ids'
import type { ContractScope } from '../provider-access'
import { requireServiceDay, requireWithinContract } from './roster.checks'
import { toAbsentChild, toRosterChild } from './roster.present'
import * as repo from './roster.repo'
import { summarize } from './roster.rules'
import { buildSheet } from './roster.sheet'

export type RosterRequest = { programId: string; date: string; groupId?: string; ids: { program_id: string; group_id?: string } }

const hasMedicalData = (c: { allergies: string[]; medical_notes: string | null }) => c.allergies.length > 0 || (c.medical_notes ?? '').trim() !== ''

const hours = (p: repo.ProgramSchedule) => (p.opens_at && p.closes_at ? { opens_at: p.opens_at.slice(0, 5), closes_at: p.closes_at.slice(0, 5) } : null)

/**
 * The children expected on a service day of a program the contract covers, with what care needs.
 * A read that returns any child's allergies or medical notes is written to the audit log (which
 * children, not their data), in the same transaction.
 */
export const readRoster = async (scope: TenantScope, contract: ContractScope, req: RosterRequest) => {
  const { timeZone } = contract
  const filter = { programId: req.programId, from: req.date, to: req.date, timeZone, groupId: req.groupId }
  // The day's reads do not depend on each other: one round trip. The checks then run in their order.
  const [[program], enrollments, absences, attendance] = await pipeline(scope.tx, [
    repo.programScheduleQuery(scope, req.programId),
    repo.rosterEnrollmentsQuery(scope, filter),
    repo.sheetAbsencesQuery(scope, filter),
    repo.sheetAttendanceQuery(scope, filter),
  ])
  if (!program) throw notFound('program', req.ids.program_id)
  const group = req.groupId === undefined ? undefined : await repo.findGroup(scope, req.programId, req.groupId)
  if (req.groupId !== undefined && !group) throw notFound('group of this program', req.ids.group_id ?? '')
  requireServiceDay(program, req.date, 'date')
  requireWithinContract(contract, req.date, 'date')

  const rows = buildSheet([req.date], enrollments, absences, attendance)
  const children = rows.filter((r) => r.status !== 'absent')

  const medical = children.filter((r) => hasMedicalData(r.enrollment))
  if (medical.length > 0)
    await recordAudit(scope, {
      action: 'roster.medical_data_read',
      objectType: 'program',
      objectId: req.ids.program_id,
      details: {
        date: req.date,
        ...(req.ids.group_id ? { group_id: req.ids.group_id } : {}),
        child_ids: medical.map((r) => toApiId(prefixes.child, r.enrollment.child_id)),
      },
    })

  return {
    object: 'roster' as const,
    program_id: req.ids.program_id,
    date: req.date,
    group_id: req.ids.group_id ?? null,
    time_zone: timeZone,
    hours: hours(program),
    summary: summarize(rows.map((r) => r.status)),
    children: children.map((r) => toRosterChild(r, req.date)),
    absent: rows.filter((r) => r.status === 'absent').map(toAbsentChild),
  }
}
