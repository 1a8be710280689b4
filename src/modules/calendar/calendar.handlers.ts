import type { RouteHandler } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppEnv } from '../../env'
import { actorOf } from '../../lib/audit'
import { ApiError } from '../../lib/errors'
import { signedInEmployee } from '../oauth'
import type * as r from './calendar.routes'
import * as calendar from './calendar.service'

const me = (c: Context<AppEnv>) => {
  const { tenantId, employeeUuid } = signedInEmployee(c.var.principal)
  return { tenantId, employeeId: employeeUuid, actor: actorOf(c.var.principal, c.var.requestId) }
}

export const getCalendarFeedHandler: RouteHandler<typeof r.getCalendarFeed, AppEnv> = async (c) => {
  const { tenantId, employeeId } = me(c)
  const row = await c.var.inTenant((tx) => calendar.findFeed(tx, tenantId, employeeId))
  return c.json(calendar.toFeed(row), 200)
}

export const issueCalendarFeedHandler: RouteHandler<typeof r.issueCalendarFeed, AppEnv> = async (c) => {
  const { tenantId, employeeId, actor } = me(c)
  const { row, token } = await c.var.inTenant((tx) => calendar.issueFeed({ tx, tenantId, actor }, employeeId))
  const url = new URL(`/v1/portal/calendar/${token}`, c.req.url)
  return c.json({ ...calendar.toFeed(row), url: url.toString(), webcal_url: url.toString().replace(/^https?:/, 'webcal:') }, 201)
}

export const revokeCalendarFeedHandler: RouteHandler<typeof r.revokeCalendarFeed, AppEnv> = async (c) => {
  const { tenantId, employeeId, actor } = me(c)
  const revoked = await c.var.inTenant((tx) => calendar.revokeFeed({ tx, tenantId, actor }, employeeId))
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
