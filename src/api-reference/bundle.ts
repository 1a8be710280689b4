import type { Context } from 'hono'

/**
 * Scalar's browser bundle, from the pinned @scalar/api-reference package (its documented export
 * `./browser/standalone.js`): nothing is fetched from a CDN. At 3.5 MB it is no part of the Worker
 * script (its size budget, scripts/check-bundle.sh): on Workers it is a static asset, the
 * package's `dist/browser` folder that wrangler.toml `[assets]` uploads, reached through the
 * ASSETS binding only; on Node it is read from node_modules once.
 */
const SPECIFIER = '@scalar/api-reference/browser/standalone.js'
/** The file's name inside the folder wrangler.toml `[assets]` uploads. */
const ASSET_PATH = '/standalone.js'

type AssetsBinding = { fetch: (request: Request) => Promise<Response> }
type Bundle = { bytes: Uint8Array<ArrayBuffer>; etag: string }

let fromPackage: Promise<Bundle> | undefined

const readFromPackage = async (): Promise<Bundle> => {
  const builtin = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule
  if (!builtin) throw new Error('the API reference script comes from node_modules on Node, or from the ASSETS binding on Workers')
  const { createRequire } = builtin('node:module') as typeof import('node:module')
  const { readFile } = builtin('node:fs/promises') as typeof import('node:fs/promises')
  const { createHash } = builtin('node:crypto') as typeof import('node:crypto')
  const bytes = new Uint8Array(await readFile(createRequire(import.meta.url).resolve(SPECIFIER)))
  return { bytes, etag: `"${createHash('sha256').update(bytes).digest('base64url')}"` }
}

const packageBundle = () => {
  fromPackage ??= readFromPackage().catch((error) => {
    fromPackage = undefined
    throw error
  })
  return fromPackage
}

/**
 * The bundle as this request gets it: 200 with the script, or 304 when the client's copy (its
 * If-None-Match) is current. Browsers revalidate it on each visit (no-cache), so a new version of
 * the package reaches them at once.
 */
export const serveScalarBundle = async (c: Context) => {
  const headers = { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' }
  const ifNoneMatch = c.req.header('if-none-match')
  const assets = (c.env as { ASSETS?: AssetsBinding } | undefined)?.ASSETS
  if (assets) {
    const res = await assets.fetch(new Request(new URL(ASSET_PATH, c.req.url), { headers: ifNoneMatch ? { 'If-None-Match': ifNoneMatch } : {} }))
    const etag = res.headers.get('etag')
    if (res.status === 304) return c.body(null, 304, etag ? { ETag: etag } : {})
    if (!res.ok) throw new Error(`the ASSETS binding answered ${res.status} for ${ASSET_PATH}`)
    return new Response(res.body, { status: 200, headers: etag ? { ...headers, ETag: etag } : headers })
  }
  const { bytes, etag } = await packageBundle()
  if (ifNoneMatch === etag) return c.body(null, 304, { ETag: etag })
  return c.body(bytes, 200, { ...headers, ETag: etag })
}
