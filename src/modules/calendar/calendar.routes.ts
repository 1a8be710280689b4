import { createRoute, z } from '@hono/zod-openapi'
import { text } from '../../lib/fields'
import { errorResponses, IdempotencyKeyHeader, json, Problem } from '../../lib/openapi'
import { CalendarFeed, IssuedCalendarFeed } from './calendar.schemas'

const portal = { tags: ['Portal: calendar'], security: [{ portalToken: [] }] }
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } })

export const getCalendarFeed = createRoute({
  ...portal,
  method: 'get',
  path: '/calendar-feed',
  operationId: 'getCalendarFeed',
  summary: 'Your private calendar URL: status',
  description: 'Whether the signed-in employee has a private calendar URL, and when it was issued and last fetched. The URL itself is shown only when issued.',
  responses: { 200: json(CalendarFeed, 'The feed’s status.'), ...errorResponses },
})

export const issueCalendarFeed = createRoute({
  ...portal,
  method: 'post',
  path: '/calendar-feed',
  operationId: 'issueCalendarFeed',
  summary: 'Create or rotate your private calendar URL',
  description:
    "Issues a private calendar URL (`text/calendar`) of your children's service days and the programs' closures, to subscribe to in any calendar application. If one exists it is rotated: the old URL stops working at once. The URL is shown only in this response; the API keeps a hash of its token.",
  request: { headers: IdempotencyKeyHeader },
  responses: { 201: json(IssuedCalendarFeed, 'The new URL, shown once.'), ...errorResponses },
})

export const revokeCalendarFeed = createRoute({
  ...portal,
  method: 'delete',
  path: '/calendar-feed',
  operationId: 'revokeCalendarFeed',
  summary: 'Revoke your private calendar URL',
  description: 'The URL stops working at once. 404 when there is none.',
  responses: { 204: { description: 'Revoked.' }, ...errorResponses },
})

export const readCalendar = createRoute({
  method: 'get',
  path: '/calendar/{token}',
  operationId: 'readPrivateCalendar',
  tags: ['Public'],
  security: [],
  summary: 'A private calendar (iCalendar)',
  description:
    "Public: the token in the URL is the credential (issued by `POST /v1/portal/calendar-feed`). An iCalendar (RFC 5545) of the employee's children's service days, at the programs' hours, marked when a child is reported absent, and the programs' closure dates as all-day events. Event UIDs are stable. A revoked, rotated or unknown URL, or one of an employee who has left, answers 404.",
  request: { params: z.object({ token: text({ max: 100, trim: false }).openapi({ example: 'cal_3q2GkU0bq3Yx8s1yVtK7fM2dQe9wLr4nPz6jHc5aTb0' }) }) },
  responses: {
    200: {
      description: 'The calendar.',
      content: {
        'text/calendar': {
          schema: z.string().openapi({ example: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tuoguan//employee-calendar//EN\r\n...\r\nEND:VCALENDAR' }),
        },
      },
    },
    403: problem('The tenant is suspended.'),
    404: problem('No calendar has this URL.'),
  },
})
