import { z } from '@hono/zod-openapi'
import { text } from '../../lib/fields'
import { idPattern, prefixes } from '../../lib/ids'
import { timestamp } from '../../lib/openapi'

export const ApiKeyId = z.string().regex(idPattern(prefixes.apiKey)).openapi({ example: 'key_01jd7k3m5n6p7q8r9s0t1v2w3x' })
export const Scope = z.enum(['read', 'write']).openapi({ description: '`read` allows GET requests; `write` allows every other method.' })

export const ApiKey = z
  .object({
    id: ApiKeyId,
    object: z.literal('api_key'),
    name: z.string().openapi({ example: 'HR system sync' }),
    prefix: z.string().openapi({ example: 'sk_Xq3v9Lmn', description: 'The first characters of the secret, to recognise it.' }),
    scopes: z.array(Scope),
    created_at: timestamp(),
    last_used_at: timestamp().nullable().openapi({ description: 'Updated at most once a minute.' }),
    revoked_at: timestamp().nullable(),
  })
  .openapi('ApiKey')

export const ApiKeyWithSecret = ApiKey.extend({
  secret: z.string().openapi({ example: 'sk_Xq3v9LmnR2...', description: 'Shown only in this response; we keep a hash.' }),
}).openapi('ApiKeyWithSecret')

export const CreateApiKey = z
  .object({
    name: text({ max: 100, trim: false }).openapi({ example: 'HR system sync' }),
    scopes: z.array(Scope).min(1).default(['read', 'write']),
  })
  .openapi('CreateApiKey', { example: { name: 'HR system sync', scopes: ['read', 'write'] } })
