import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { JWTPayload } from 'jose'
import { sql } from 'kysely'
import { withTenant } from '../db/tenant'
import type { AppEnv, Principal } from '../env'
import { actorOf } from '../lib/audit'
import { ApiError } from '../lib/errors'
import type { Surface } from '../lib/jwt'
import { secretsEqual, sha256Hex } from '../lib/secrets'

export const API_KEY_PREFIX = 'sk_'

const bearer = (c: Context<AppEnv>, expected: string) => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')
  if (!match?.[1])
    throw new ApiError('unauthenticated', `This surface needs an Authorization: Bearer header with ${expected}.`, undefined, { 'WWW-Authenticate': 'Bearer' })
  return match[1]
}

const unauthenticated = (expected: string) =>
  new ApiError('unauthenticated', `The credential is not ${expected}, or it was revoked.`, undefined, { 'WWW-Authenticate': 'Bearer error="invalid_token"' })

/** The principal's tenant scope: each `c.var.inTenant` opens one, acting as the principal in this request. */
const enterTenant = (c: Context<AppEnv>, principal: Principal & { tenantId: string }) => {
  c.set('principal', principal)
  const actor = actorOf(principal, c.var.requestId)
  c.set('inTenant', (work) => withTenant(c.var.db, principal.tenantId, actor, work))
}

/** Platform surface: the operator key from the environment, compared in constant time. */
export const platformAuth = createMiddleware<AppEnv>(async (c, next) => {
  const what = 'the platform operator key'
  if (!(await secretsEqual(bearer(c, what), c.var.config.platformApiKey))) throw unauthenticated(what)
  c.set('principal', { kind: 'platform' })
  c.set('inTenant', () => {
    throw new Error('the platform surface names its tenant explicitly (withTenant)')
  })
  await next()
})

/** Writes need the `write` scope; reads need `read`. */
const scopeFor = (method: string) => (method === 'GET' || method === 'HEAD' ? 'read' : 'write')

type KeyRow = { tenant_id: string; key_id: string; scopes: string[]; tenant_status: string }

/** Admin surface: a tenant API key, looked up by its hash through the one cross-tenant function. */
export const adminAuth = createMiddleware<AppEnv>(async (c, next) => {
  const what = 'a tenant API key (sk_...)'
  const secret = bearer(c, what)
  if (!secret.startsWith(API_KEY_PREFIX)) throw unauthenticated(what)
  const hash = await sha256Hex(secret)
  // One statement, no transaction: the security-definer function is the only thing it can reach.
  const [key] = (await sql<KeyRow>`select * from authenticate_api_key(${hash})`.execute(c.var.db)).rows
  if (!key) throw unauthenticated(what)
  if (key.tenant_status !== 'active')
    throw new ApiError('tenant_suspended', 'This tenant is suspended; its keys do not work until the platform reactivates it.')
  const scope = scopeFor(c.req.method)
  if (!key.scopes.includes(scope)) throw new ApiError('insufficient_scope', `This key lacks the \`${scope}\` scope that ${c.req.method} requests need.`)
  enterTenant(c, { kind: 'admin', tenantId: key.tenant_id, keyId: key.key_id, scopes: key.scopes })
  await next()
})

/** The claims of an access token that passed `Tokens.verify`. */
export type VerifiedClaims = JWTPayload & { sub: string; tid: string }

/**
 * Portal and provider surfaces: a short-lived JWT of that surface. `resolve` turns the verified
 * claims (all of them, so nothing decodes the token again) into the principal, and may refuse,
 * e.g. a revoked contract.
 */
export const tokenAuth = (surface: Surface, resolve: (c: Context<AppEnv>, claims: VerifiedClaims) => Promise<Principal & { tenantId: string }>) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const claims = await c.var.config.tokens.verify(bearer(c, `a ${surface} access token`), surface)
    const { tid } = claims
    if (typeof tid !== 'string') throw unauthenticated(`a ${surface} access token`)
    enterTenant(c, await resolve(c, { ...claims, tid }))
    await next()
  })
