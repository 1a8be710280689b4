import { z } from '@hono/zod-openapi'
import { text } from '../../lib/fields'
import { timestamp } from '../../lib/openapi'

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/** A browser origin: https://host[:port], or http on a loopback host; nothing after it. */
const isOrigin = (value: string) => {
  try {
    const url = new URL(value)
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))
    return secure && url.origin === value
  } catch {
    return false
  }
}

export const PortalOrigin = text({ max: 300, min: 0, trim: false })
  .refine(isOrigin, 'must be an origin such as https://care.example.com: lower case, no path, no trailing slash (http only on a loopback host)')
  .openapi({ example: 'https://care.court.example.cn' })

export const PortalSettings = z
  .object({
    object: z.literal('portal_settings'),
    origins: z.array(z.string()).openapi({ example: ['https://care.court.example.cn'] }),
    updated_at: timestamp().nullable().openapi({ description: 'Null until first set.' }),
  })
  .openapi('PortalSettings')

export const PutPortalSettings = z
  .object({
    origins: z.array(PortalOrigin).max(20).openapi({ description: 'The browser origins of your portal front ends; CORS admits these only.' }),
  })
  .strict()
  .openapi('PutPortalSettings', { example: { origins: ['https://care.court.example.cn', 'http://localhost:5173'] } })
