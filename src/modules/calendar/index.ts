import { createRouter } from '../../lib/router'
import * as h from './calendar.handlers'
import * as r from './calendar.routes'

/** The signed-in employee manages their private calendar URL (portal surface). */
export const calendarPortal = createRouter()
  .openapi(r.getCalendarFeed, h.getCalendarFeedHandler)
  .openapi(r.issueCalendarFeed, h.issueCalendarFeedHandler)
  .openapi(r.revokeCalendarFeed, h.revokeCalendarFeedHandler)

/** The private calendar itself: public, the token in its URL is the credential. */
export const calendarPublic = createRouter().openapi(r.readCalendar, h.readCalendarHandler)
