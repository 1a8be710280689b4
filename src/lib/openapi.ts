import { z } from '@hono/zod-openapi'
import { instant } from './fields'

export const Problem = z
  .object({
    type: z.string().openapi({ example: 'urn:tuoguan:problem:not_found' }),
    title: z.string().openapi({ example: 'Not found' }),
    status: z.number().int().openapi({ example: 404 }),
    detail: z.string().openapi({ example: 'No program prg_01jd7k3m5n6p7q8r9s0t1v2w3x in this tenant.' }),
    code: z.string().openapi({ example: 'not_found' }),
    request_id: z.string().openapi({ example: 'req_01jd7k3m5n6p7q8r9s0t1v2w3x' }),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .openapi({ example: [{ path: 'age_rule.min_age', message: 'min_age must not exceed max_age' }] }),
  })
  .openapi('Problem', { description: 'An RFC 9457 problem: every error of this API has this shape.' })

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } })

/** The errors every authenticated route can answer. */
export const errorResponses = {
  400: problem('The body is not well-formed JSON.'),
  401: problem('No valid credential for this surface.'),
  403: problem('The credential may not do this (scope, suspended tenant).'),
  404: problem('No such object in this tenant.'),
  422: problem('The request breaks a rule; `errors` names the fields.'),
  503: {
    ...problem('`database_unavailable`: the database is unreachable for the moment; retry after `Retry-After` seconds (README, "During an outage").'),
    headers: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', example: 2 } } },
  },
} as const

export const conflictResponse = { 409: problem('The request conflicts with the current state.') } as const
export const preconditionResponse = { 412: problem('`If-Match` names a version that is no longer current.') } as const

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

export const jsonBody = <T extends z.ZodType>(schema: T, description?: string) => ({
  required: true,
  description,
  content: { 'application/json': { schema } },
})

export const IdempotencyKeyHeader = z.object({
  'idempotency-key': z.string().min(1).max(255).optional().openapi({
    description: 'Makes a retry safe: the first response is replayed for 24 hours. Reusing a key with another body is `422 idempotency_key_reused`.',
    example: '5b0c3f9e-2d1a-4c55-9a8e-7f1f9b2d6c11',
  }),
})

export const IfMatchHeader = z.object({
  'if-match': z.string().optional().openapi({ description: 'The `ETag` last read; a stale one answers 412.', example: '"3"' }),
})

export const securitySchemes = {
  platformKey: { type: 'http', scheme: 'bearer', description: 'The platform operator key (`PLATFORM_API_KEY`).' },
  apiKey: { type: 'http', scheme: 'bearer', description: 'A tenant API key: `sk_...`, issued by the platform or by HR.' },
  portalToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An employee access token from `POST /v1/oauth/token`.' },
  providerToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A contract access token from `POST /v1/oauth/token`.' },
} as const

/** An RFC 3339 instant with an offset, its date within the API's range (src/lib/fields.ts). */
export const timestamp = (example = '2027-06-01T08:00:00.000Z') => instant().openapi({ example })
