import { z } from '@hono/zod-openapi'
import { timestamp } from '../../lib/openapi'

export const CalendarFeed = z
  .object({
    object: z.literal('calendar_feed'),
    active: z.boolean().openapi({ description: 'Whether a private calendar URL exists (its token is shown only when issued).' }),
    created_at: timestamp().nullable(),
    rotated_at: timestamp().nullable().openapi({ example: null }),
    last_used_at: timestamp().nullable().openapi({ description: 'When a calendar application last fetched it (to the minute).', example: null }),
  })
  .openapi('CalendarFeed')

export const IssuedCalendarFeed = CalendarFeed.extend({
  url: z.string().openapi({
    example: 'https://api.example.com/v1/portal/calendar/cal_3q2GkU0bq3Yx8s1yVtK7fM2dQe9wLr4nPz6jHc5aTb0',
    description: 'The private URL, shown this once: whoever has it can read the calendar. Rotate or revoke it if it leaks.',
  }),
  webcal_url: z.string().openapi({
    example: 'webcal://api.example.com/v1/portal/calendar/cal_3q2GkU0bq3Yx8s1yVtK7fM2dQe9wLr4nPz6jHc5aTb0',
    description: 'The same URL for one-tap subscription in calendar applications.',
  }),
}).openapi('IssuedCalendarFeed')
