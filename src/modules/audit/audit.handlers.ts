import type { RouteHandler } from '@hono/zod-openapi'
import { newestFirst } from '../../db/keyset'
import type { AppEnv } from '../../env'
import { prefixes, toApiId } from '../../lib/ids'
import { decodeIdCursor, page } from '../../lib/pagination'
import type { listAuditEvents } from './audit.routes'

export const listAuditEventsHandler: RouteHandler<typeof listAuditEvents, AppEnv> = async (c) => {
  const { limit, cursor, object_id, actor_id } = c.req.valid('query')
  const after = decodeIdCursor(cursor)
  const rows = await c.var.inTenant((scope) =>
    scope.tx
      .selectFrom('audit_events')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .$if(object_id !== undefined, (q) => q.where('object_id', '=', object_id as string))
      .$if(actor_id !== undefined, (q) => q.where('actor_id', '=', actor_id as string))
      .$call(newestFirst(after, limit))
      .execute(),
  )
  return c.json(
    page(
      rows,
      limit,
      (r) => r.id,
      (r) => ({
        id: toApiId(prefixes.audit, r.id),
        object: 'audit_event' as const,
        action: r.action,
        actor: { kind: r.actor_kind as 'platform' | 'api_key' | 'employee' | 'contract', id: r.actor_id },
        object_type: r.object_type,
        object_id: r.object_id,
        request_id: r.request_id,
        details: r.details,
        created_at: r.created_at.toISOString(),
      }),
    ),
    200,
  )
}
