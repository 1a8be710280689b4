import type { Selectable } from 'kysely'
import type { AttendanceTable } from '../../db/tables/attendance'
import { prefixes, toApiId } from '../../lib/ids'
import { ageOn } from '../programs'
import type { RosterEnrollment } from './roster.repo'
import { pickupsValidOn } from './roster.rules'
import type { SheetRow } from './roster.sheet'

type Row = SheetRow<RosterEnrollment, Selectable<AttendanceTable>>

const groupOf = (e: { group_id: string | null; group_name: string | null }) =>
  e.group_id === null ? null : { id: toApiId(prefixes.group, e.group_id), name: e.group_name ?? '' }

export const toRosterChild = (r: Row, date: string) => ({
  child_id: toApiId(prefixes.child, r.enrollment.child_id),
  enrollment_id: toApiId(prefixes.enrollment, r.enrollment.id),
  name: r.enrollment.name,
  age: ageOn(r.enrollment.date_of_birth, date),
  group: groupOf(r.enrollment),
  allergies: r.enrollment.allergies,
  medical_notes: r.enrollment.medical_notes,
  dietary_needs: r.enrollment.dietary_needs,
  emergency_contacts: r.enrollment.emergency_contacts,
  authorized_pickups: pickupsValidOn(r.enrollment.authorized_pickups, date),
  attendance: {
    status: r.status,
    attendance_id: r.attendance ? toApiId(prefixes.attendance, r.attendance.id) : null,
    checked_in_at: r.attendance?.checked_in_at.toISOString() ?? null,
    checked_out_at: r.attendance?.checked_out_at?.toISOString() ?? null,
  },
})

export const toAbsentChild = (r: Row) => ({
  child_id: toApiId(prefixes.child, r.enrollment.child_id),
  enrollment_id: toApiId(prefixes.enrollment, r.enrollment.id),
  name: r.enrollment.name,
  group: groupOf(r.enrollment),
})
