import type { RouteHandler } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { ApiError } from '../../lib/errors'
import { signedInEmployee } from '../oauth'
import type * as r from './calendar.routes'
import * as calendar from './calendar.service'

export const getCalendarFeedHandler: RouteHandler<typeof r.getCalendarFeed, AppEnv> = async (c) => {
  const employeeId = signedInEmployee(c.var.principal)
  const row = await c.var.inTenant((scope) => calendar.findFeed(scope, employeeId))
  return c.json(calendar.toFeed(row), 200)
}

export const issueCalendarFeedHandler: RouteHandler<typeof r.issueCalendarFeed, AppEnv> = async (c) => {
  const employeeId = signedInEmployee(c.var.principal)
  const { row, token } = await c.var.inTenant((scope) => calendar.issueFeed(scope, employeeId))
  const url = new URL(`/v1/portal/calendar/${token}`, c.req.url)
  return c.json({ ...calendar.toFeed(row), url: url.toString(), webcal_url: url.toString().replace(/^https?:/, 'webcal:') }, 201)
}

export const revokeCalendarFeedHandler: RouteHandler<typeof r.revokeCalendarFeed, AppEnv> = async (c) => {
  const employeeId = signedInEmployee(c.var.principal)
  const revoked = await c.var.inTenant((scope) => calendar.revokeFeed(scope, employeeId))
  if (!revoked) throw new ApiError('not_found', 'You have no private calendar URL; create one with POST /v1/portal/calendar-feed.')
  return c.body(null, 204)
}

/** Calendar applications poll; a private cache may keep it a few minutes, a shared one never. */
const CACHE_CONTROL = 'private, max-age=300'

export const readCalendarHandler: RouteHandler<typeof r.readCalendar, AppEnv> = async (c) => {
  const ics = await calendar.renderFeed(c.var.db, c.req.valid('param').token)
  return c.body(ics, 200, {
    'Content-Type': 'text/calendar; charset=utf-8',
    'Cache-Control': CACHE_CONTROL,
    'Content-Disposition': 'inline; filename="childcare.ics"',
  })
}
