import { createRoute, z } from '@hono/zod-openapi'
import { Problem } from '../../lib/openapi'
import { PortalBranding } from './branding.schemas'

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } })

export const getPortalBranding = createRoute({
  method: 'get',
  path: '/tenants/{slug}',
  operationId: 'getPortalBranding',
  tags: ['Public'],
  security: [],
  summary: "Read a tenant's portal branding",
  description:
    "Public, no credential: what a portal front end shows before sign-in. `slug` is the tenant's slug or its portal host (`branding.portal_host`, e.g. `care.court.example.cn`). Returns the display name, logo, colours, locale, how employees sign in, and the published programs. Cacheable by a CDN (`Cache-Control: public`, `ETag`, `If-None-Match` answers 304; `Vary: Origin`). CORS admits the tenant's configured portal origins only.",
  request: {
    params: z.object({
      slug: z
        .string()
        .min(3)
        .max(253)
        .regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, 'must be a tenant slug or a lower-case host name')
        .openapi({ example: 'yuncheng-court' }),
    }),
    headers: z.object({ 'if-none-match': z.string().optional().openapi({ description: 'An `ETag` read before; 304 when unchanged.' }) }),
  },
  responses: {
    200: {
      description: 'The branding.',
      headers: z.object({
        ETag: z.string().openapi({ example: 'W/"3f2a9c0d4b5e6f708192a3b4c5d6e7f"' }),
        'Cache-Control': z.string().openapi({ example: 'public, max-age=60, s-maxage=300, stale-while-revalidate=600' }),
      }),
      content: { 'application/json': { schema: PortalBranding } },
    },
    304: { description: 'Unchanged since the `ETag` in `If-None-Match`.' },
    403: problem('The tenant is suspended: its portal is closed.'),
    404: problem('No tenant has this slug or portal host.'),
    422: problem('The slug is not a slug or a host name.'),
  },
})
