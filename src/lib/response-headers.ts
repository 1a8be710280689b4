import type { Context } from 'hono'

/**
 * Sets a header of the response a handler already made, in place. `c.header()` would copy the
 * response, which on Node takes it off @hono/node-server's fast path (the copy's body is a stream).
 * Headers that cannot change (a fetched response's) still go through the copy.
 */
export const setResponseHeader = (c: Context, name: string, value: string, options?: { append?: boolean }) => {
  try {
    if (options?.append) c.res.headers.append(name, value)
    else c.res.headers.set(name, value)
  } catch {
    c.header(name, value, options)
  }
}
