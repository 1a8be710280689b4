import { z } from '@hono/zod-openapi'
import { ApiError } from './errors'
import { isUnstorable, queryInteger } from './fields'

export const ListQuery = z.object({
  limit: queryInteger({ min: 1, max: 100 }).default(20).openapi({ description: 'Page size, 1 to 100.', example: 20 }),
  cursor: z.string().max(512).optional().openapi({ description: 'The `next_cursor` of the previous page.' }),
})

export const listOf = <T extends z.ZodType>(item: T, name: string) =>
  z
    .object({
      object: z.literal('list'),
      data: z.array(item),
      has_more: z.boolean(),
      next_cursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next page; null on the last.' }),
    })
    .openapi(name)

/** Cursors are opaque to clients: the last key of the page, base64url-encoded. */
export const encodeCursor = (key: string) => btoa(key).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

export const decodeCursor = (cursor: string | undefined, isKey: (key: string) => boolean = () => true) => {
  if (cursor === undefined) return undefined
  let key: string
  try {
    key = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'))
  } catch {
    key = ''
  }
  if (!key || isUnstorable(key) || !isKey(key))
    throw new ApiError('invalid_cursor', 'The cursor is not one this list issued; start again without it.', [
      { path: 'cursor', message: 'not a cursor of this list' },
    ])
  return key
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** Decodes a cursor whose key is a row's UUID (keyset on `id`, UUIDv7 sorts by creation). */
export const decodeIdCursor = (cursor: string | undefined) => decodeCursor(cursor, (k) => UUID.test(k))

/** Turns `limit + 1` fetched rows into a page. */
export const page = <R, T>(rows: R[], limit: number, keyOf: (row: R) => string, present: (row: R) => T) => {
  const has_more = rows.length > limit
  const items = has_more ? rows.slice(0, limit) : rows
  const last = items.at(-1)
  return {
    object: 'list' as const,
    data: items.map(present),
    has_more,
    next_cursor: has_more && last ? encodeCursor(keyOf(last)) : null,
  }
}
