import { createRoute, z } from '@hono/zod-openapi'
import { text } from '../../lib/fields'
import { errorResponses, json, timestamp } from '../../lib/openapi'
import { ListQuery, listOf } from '../../lib/pagination'

export const AuditEvent = z
  .object({
    id: z.string().openapi({ example: 'aud_01jd7k3m5n6p7q8r9s0t1v2w3x' }),
    object: z.literal('audit_event'),
    action: z.string().openapi({ example: 'api_key.created' }),
    actor: z.object({
      kind: z.enum(['platform', 'api_key', 'employee', 'contract']),
      id: z.string().openapi({ example: 'key_01jd7k3m5n6p7q8r9s0t1v2w3x' }),
    }),
    object_type: z.string().openapi({ example: 'api_key' }),
    object_id: z.string().openapi({ example: 'key_01jd7k3m5n6p7q8r9s0t1v2w3y' }),
    request_id: z.string(),
    details: z.record(z.string(), z.unknown()),
    created_at: timestamp(),
  })
  .openapi('AuditEvent')

export const listAuditEvents = createRoute({
  method: 'get',
  path: '/audit-events',
  operationId: 'listAuditEvents',
  tags: ['Audit'],
  security: [{ apiKey: [] }],
  summary: 'List audit events',
  description: 'Every change in the tenant, newest first: who (actor), what (action, object), when, and the request that did it.',
  request: {
    query: ListQuery.extend({
      object_id: text({ max: 64, min: 0, trim: false }).optional().openapi({ description: 'Only events about this object.' }),
      actor_id: text({ max: 64, min: 0, trim: false })
        .optional()
        .openapi({ description: 'Only events by this actor (an API key id, an employee id, a contract id, or `platform`).' }),
    }),
  },
  responses: { 200: json(listOf(AuditEvent, 'AuditEventList'), 'A page of audit events.'), ...errorResponses },
})
