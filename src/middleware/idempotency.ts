import { createMiddleware } from 'hono/factory'
import type { Kysely } from 'kysely'
import { NO_TENANT, withTenant } from '../db/tenant'
import type { DB } from '../db/types'
import type { AppEnv, Principal } from '../env'
import { ApiError } from '../lib/errors'
import { deriveSealingKey, seal, unseal } from '../lib/sealed'
import { sha256Hex } from '../lib/secrets'

const KEY = /^[\x21-\x7e]{1,255}$/
const POLL_MS = 25
/** A first request that has not answered by then is presumed dead; a retry then runs afresh. */
const ABANDONED_AFTER_MS = 60_000
/** Records are kept at least this long; an older one no longer binds its key. */
const KEPT_MS = 24 * 60 * 60 * 1000

const scopeOf = (p: Principal) => {
  switch (p.kind) {
    case 'platform':
      return { tenantId: NO_TENANT, principal: 'platform' }
    case 'admin':
      return { tenantId: p.tenantId, principal: `key:${p.keyId}` }
    case 'employee':
      return { tenantId: p.tenantId, principal: `employee:${p.employeeId}` }
    case 'provider':
      return { tenantId: p.tenantId, principal: `contract:${p.contractId}` }
  }
}

/** Where a key's record lives; `key` is the SHA-256 of the client's key, never the key itself. */
type Scope = ReturnType<typeof scopeOf> & { key: string }

/** Claims the key for this request; answers the stored record when another request holds it. */
const claim = (db: Kysely<DB>, s: Scope, fingerprint: string) =>
  withTenant(db, s.tenantId, async (tx) => {
    const inserted = await tx
      .insertInto('idempotency_keys')
      .values({ tenant_id: s.tenantId, principal: s.principal, key: s.key, fingerprint })
      .onConflict((oc) => oc.doNothing())
      .returning('key')
      .executeTakeFirst()
    if (inserted) return { claimed: true as const }
    const record = await tx
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('tenant_id', '=', s.tenantId)
      .where('principal', '=', s.principal)
      .where('key', '=', s.key)
      .forUpdate()
      .executeTakeFirstOrThrow()
    const age = Date.now() - record.created_at.getTime()
    if (age > KEPT_MS || (record.response_status === null && age > ABANDONED_AFTER_MS)) {
      await tx
        .updateTable('idempotency_keys')
        .set({ fingerprint, created_at: new Date(), response_status: null, response_body: null, response_type: null })
        .where('tenant_id', '=', s.tenantId)
        .where('principal', '=', s.principal)
        .where('key', '=', s.key)
        .execute()
      return { claimed: true as const }
    }
    return { claimed: false as const, record }
  })

const release = (db: Kysely<DB>, s: Scope) =>
  withTenant(db, s.tenantId, (tx) =>
    tx.deleteFrom('idempotency_keys').where('tenant_id', '=', s.tenantId).where('principal', '=', s.principal).where('key', '=', s.key).execute(),
  )

const settle = (db: Kysely<DB>, s: Scope, res: { status: number; sealedBody: string; type: string | null }) =>
  withTenant(db, s.tenantId, (tx) =>
    tx
      .updateTable('idempotency_keys')
      .set({ response_status: res.status, response_body: res.sealedBody, response_type: res.type })
      .where('tenant_id', '=', s.tenantId)
      .where('principal', '=', s.principal)
      .where('key', '=', s.key)
      .execute(),
  )

/**
 * `Idempotency-Key` on state-changing POSTs: a retry within 24 h replays the first response; the
 * same key with another request is refused; concurrent requests with one key run once (the others
 * wait for its answer). Server errors are not kept, so a retry after one runs again.
 * Responses may carry secrets (a new API key, a child's data): the stored copy is sealed under a
 * key derived from the client's Idempotency-Key, which the database keeps only as a hash.
 */
export const idempotency = createMiddleware<AppEnv>(async (c, next) => {
  const key = c.req.header('idempotency-key')
  if (c.req.method !== 'POST' || key === undefined) return next()
  if (!KEY.test(key))
    throw new ApiError('invalid_request', 'Idempotency-Key must be 1 to 255 visible ASCII characters.', [{ path: 'Idempotency-Key', message: 'invalid' }])
  const owner = scopeOf(c.var.principal)
  const scope: Scope = { ...owner, key: await sha256Hex(key) }
  const sealingKey = await deriveSealingKey(key, `${owner.tenantId}:${owner.principal}`)
  const fingerprint = await sha256Hex(`${c.req.method} ${c.req.path}\n${c.req.header('content-type') ?? ''}\n${await c.req.text()}`)
  const db = c.var.db
  for (;;) {
    const outcome = await claim(db, scope, fingerprint)
    if (outcome.claimed) break
    const { record } = outcome
    if (record.fingerprint !== fingerprint) {
      throw new ApiError('idempotency_key_reused', 'This Idempotency-Key was used with a different request; use a new key for a new request.')
    }
    if (record.response_status !== null) {
      return new Response(record.response_body === null ? null : await unseal(sealingKey, record.response_body), {
        status: record.response_status,
        headers: { 'Content-Type': record.response_type ?? 'application/json', 'Idempotent-Replayed': 'true' },
      })
    }
    await new Promise((r) => setTimeout(r, POLL_MS))
  }
  try {
    await next()
  } catch (error) {
    await release(db, scope)
    throw error
  }
  if (c.res.status >= 500) await release(db, scope)
  else {
    const sealedBody = await seal(sealingKey, await c.res.clone().text())
    await settle(db, scope, { status: c.res.status, sealedBody, type: c.res.headers.get('content-type') })
  }
})
