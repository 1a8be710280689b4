import type { RouteHandler } from '@hono/zod-openapi'
import { accepts } from 'hono/accepts'
import type { AppEnv } from '../../env'
import { prefixes, toApiId, uuidOf } from '../../lib/ids'
import type { getProgramAttendance } from './attendance.admin.routes'
import { toAttendance } from './attendance.present'
import { programDay, sheetsCsv } from './attendance.sheets.service'

export const getProgramAttendanceHandler: RouteHandler<typeof getProgramAttendance, AppEnv> = async (c) => {
  const { program_id } = c.req.valid('param')
  const { date, group_id } = c.req.valid('query')
  const programId = uuidOf(prefixes.program, program_id, 'program')
  const groupId = group_id === undefined ? undefined : uuidOf(prefixes.group, group_id, 'group of this program')
  const day = await c.var.inTenant((scope) => programDay(scope, { programId, date, groupId, ids: { program_id, group_id } }))
  c.header('Vary', 'Accept')
  if (accepts(c, { header: 'Accept', supports: ['application/json', 'text/csv'], default: 'application/json' }) === 'text/csv')
    return c.body(sheetsCsv([day.sheet], day.timeZone), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="attendance-${date}.csv"`,
    })
  return c.json(
    {
      object: 'attendance_day' as const,
      program_id,
      date,
      group_id: group_id ?? null,
      time_zone: day.timeZone,
      summary: day.summary,
      children: day.sheet.rows.map((r) => ({
        child_id: toApiId(prefixes.child, r.enrollment.child_id),
        enrollment_id: toApiId(prefixes.enrollment, r.enrollment.id),
        employee_id: toApiId(prefixes.employee, r.enrollment.employee_id),
        name: r.enrollment.name,
        group: r.enrollment.group_id === null ? null : { id: toApiId(prefixes.group, r.enrollment.group_id), name: r.enrollment.group_name ?? '' },
        status: r.status,
        absence_reported: r.absent,
        attendance: r.attendance ? toAttendance(r.attendance) : null,
      })),
    },
    200,
  )
}
