import { createRoute } from '@hono/zod-openapi'
import { FEED_RETENTION_DAYS } from '../../lib/feed'
import { errorResponses, json, Problem } from '../../lib/openapi'
import { FeedPage, FeedQuery } from './provider-feed.schemas'

export const getFeed = createRoute({
  method: 'get',
  path: '/feed',
  operationId: 'getProviderFeed',
  tags: ['Provider'],
  security: [{ providerToken: [] }],
  summary: 'Follow the feed of changes',
  description: `Every change to the contract's programs a provider must know, in commit order: enrollments confirmed, waitlisted, promoted, withdrawn or cancelled; absences reported or withdrawn; check-ins and check-outs; a child's authorized pickups or allergies changed. Each event has an id (\`evt_...\`), a \`type\`, a time and a payload typed by \`type\`.

The promise: following \`next_cursor\` from page to page, a reader sees every event exactly once and in commit order, also while writers commit concurrently and across restarts of the reader (keep the cursor). Positions are taken under a per-tenant lock held until commit, so no event can appear behind a cursor already handed out. The cursor is opaque. A page may hold fewer events than \`limit\` (even none) while \`has_more\` is true, when events the contract does not see were passed over: keep reading.

Events are kept ${FEED_RETENTION_DAYS} days. A cursor older than that answers 410 \`cursor_expired\`: resync by taking a cursor at the head (\`start=latest\`), reading the rosters, then following from that cursor. A page carrying allergy changes is written to the audit log.`,
  request: { query: FeedQuery },
  responses: {
    200: json(FeedPage, 'A page of events.'),
    ...errorResponses,
    410: { description: '`cursor_expired`: resync from the roster.', content: { 'application/problem+json': { schema: Problem } } },
  },
})
