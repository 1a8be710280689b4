import type { Hook, z } from '@hono/zod-openapi'
import type { AppEnv } from '../../env'
import { validationHook } from '../../lib/errors'

/**
 * A body that is one item or `{items: [...]}`: when it matches neither, the fields are named
 * against the form the client meant (a body with `items` is a batch), not as "no union member".
 */
export const oneOrBatchHook =
  (single: z.ZodType, batch: z.ZodType): Hook<any, AppEnv, any, any> =>
  (result, c) => {
    if (result.success) return validationHook(result, c)
    const data = (result as { data?: unknown }).data
    const meant = typeof data === 'object' && data !== null && 'items' in data ? batch : single
    const again = meant.safeParse(data)
    return validationHook(again.success ? result : { ...result, error: again.error }, c)
  }
