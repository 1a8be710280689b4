import type { RouteHandler } from '@hono/zod-openapi'
import { accepts } from 'hono/accepts'
import { pipeline } from '../../db/pipeline'
import type { AppEnv } from '../../env'
import { ApiError, notFound } from '../../lib/errors'
import { etagOf, versionFromIfMatch } from '../../lib/etag'
import { parseApiId, prefixes, uuidOf } from '../../lib/ids'
import { decodeIdCursor, page } from '../../lib/pagination'
import { siteLabel } from '../sites'
import { serviceCalendar, serviceCalendarIcs } from './programs.calendar'
import { toProgram } from './programs.present'
import { listProgramsQuery, timeZoneQuery } from './programs.repo'
import type * as r from './programs.routes'
import * as programs from './programs.service'

const programUuid = (id: string) => uuidOf(prefixes.program, id, 'program')

export const createProgramHandler: RouteHandler<typeof r.createProgram, AppEnv> = async (c) => {
  const { row, timeZone } = await c.var.inTenant((scope) => programs.createProgram(scope, c.req.valid('json')))
  c.header('ETag', etagOf(row.version))
  return c.json(toProgram(row, timeZone), 201)
}

export const listProgramsHandler: RouteHandler<typeof r.listPrograms, AppEnv> = async (c) => {
  const { limit, cursor, status, site_id } = c.req.valid('query')
  const after = decodeIdCursor(cursor)
  const siteId = site_id === undefined ? undefined : (parseApiId(prefixes.site, site_id) ?? undefined)
  const [rows, [tenant]] = await c.var.inTenant((scope) =>
    pipeline(scope.tx, [listProgramsQuery(scope, { status, siteId }, limit, after), timeZoneQuery(scope)], { commit: true }),
  )
  if (!tenant) throw new Error('the tenant of this request has no row')
  const timeZone = tenant.time_zone
  return c.json(
    page(
      rows,
      limit,
      (row) => row.id,
      (row) => toProgram(row, timeZone),
    ),
    200,
  )
}

export const getProgramHandler: RouteHandler<typeof r.getProgram, AppEnv> = async (c) => {
  const { program_id } = c.req.valid('param')
  const found = await c.var.inTenant((scope) => programs.readProgram(scope, programUuid(program_id)))
  if (!found) throw notFound('program', program_id)
  c.header('ETag', etagOf(found.row.version))
  return c.json(toProgram(found.row, found.timeZone), 200)
}

export const updateProgramHandler: RouteHandler<typeof r.updateProgram, AppEnv> = async (c) => {
  const { program_id } = c.req.valid('param')
  const id = programUuid(program_id)
  const expectedVersion = versionFromIfMatch(c.req.valid('header')['if-match'])
  const resolution = c.req.valid('query').affected_enrollments
  const updated = await c.var.inTenant((scope) =>
    programs.updateProgram(scope, id, c.req.valid('json'), {
      expectedVersion,
      resolution,
      copaymentsConfigured: c.var.config.billing !== undefined,
    }),
  )
  if (!updated) throw notFound('program', program_id)
  c.header('ETag', etagOf(updated.row.version))
  return c.json(toProgram(updated.row, updated.timeZone), 200)
}

const lifecycleHandler =
  (action: 'publish' | 'close' | 'archive'): RouteHandler<typeof r.publishProgram, AppEnv> =>
  async (c) => {
    const { program_id } = c.req.valid('param')
    const id = programUuid(program_id)
    const moved = await c.var.inTenant((scope) => programs.transition(scope, id, action, { copaymentsConfigured: c.var.config.billing !== undefined }))
    if (!moved) throw notFound('program', program_id)
    c.header('ETag', etagOf(moved.row.version))
    return c.json(toProgram(moved.row, moved.timeZone), 200)
  }

export const publishProgramHandler = lifecycleHandler('publish')
export const closeProgramHandler = lifecycleHandler('close')
export const archiveProgramHandler = lifecycleHandler('archive')

export const getProgramCalendarHandler: RouteHandler<typeof r.getProgramCalendar, AppEnv> = async (c) => {
  const { program_id } = c.req.valid('param')
  const found = await c.var.inTenant(async (scope) => {
    const read = await programs.readProgram(scope, programUuid(program_id))
    return read && { ...read, site: read.row.site_id ? await siteLabel(scope, read.row.site_id) : null }
  })
  if (!found) throw notFound('program', program_id)
  const program = toProgram(found.row, found.timeZone)
  const { starts_on, ends_on } = program
  if (starts_on === null || ends_on === null)
    throw new ApiError('invalid_state', `Program ${program_id} has no dates yet; set starts_on and ends_on (or length_weeks) first.`)
  const calendar = serviceCalendar({ ...program, starts_on, ends_on })
  c.header('Vary', 'Accept')
  if (accepts(c, { header: 'Accept', supports: ['application/json', 'text/calendar'], default: 'application/json' }) === 'text/calendar')
    return c.body(serviceCalendarIcs(program, calendar, found.site), 200, { 'Content-Type': 'text/calendar; charset=utf-8' })
  return c.json(calendar, 200)
}
