import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { sql } from 'kysely'
import { sqlState } from '../db/errors'
import { atCommit, pipeline } from '../db/pipeline'
import { NO_TENANT, type TenantTx, withTenant } from '../db/tenant'
import type { AppEnv, Principal } from '../env'
import { ApiError } from '../lib/errors'
import { prefixes, toApiId } from '../lib/ids'
import { deriveSealingKey, seal, unseal } from '../lib/sealed'
import { sha256Hex } from '../lib/secrets'

const KEY = /^[\x21-\x7e]{1,255}$/
/** How long a retry waits for a first request with its key still running before answering 409. */
export const WAIT_FOR_FIRST_MS = 10_000
/** Records are kept at least this long; an older one no longer binds its key. */
const KEPT = '24 hours'
/** The headers a replay repeats besides Content-Type (kept in `response_type`). */
const REPLAYED_HEADERS = ['etag', 'location'] as const

const scopeOf = (p: Principal) => {
  switch (p.kind) {
    case 'platform':
      return { tenantId: NO_TENANT, principal: 'platform' }
    case 'admin':
      return { tenantId: p.tenantId, principal: `key:${p.keyId}` }
    case 'employee':
      return { tenantId: p.tenantId, principal: `employee:${toApiId(prefixes.employee, p.employeeId)}` }
    case 'provider':
      return { tenantId: p.tenantId, principal: `contract:${toApiId(prefixes.contract, p.contractId)}` }
  }
}

/** A JSON value with its object keys sorted, so two bodies that mean the same fingerprint alike. */
const canonical = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(canonical)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
  )
}

const canonicalBody = (type: string, text: string) => {
  if (!/\bjson\b/i.test(type)) return text
  try {
    return JSON.stringify(canonical(JSON.parse(text)))
  } catch {
    return text
  }
}

/** What makes two requests the same: method, path, query (in any order), content type and body (JSON by value). */
const fingerprintOf = async (c: Context<AppEnv>) => {
  const query = [...new URL(c.req.url).searchParams].sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1))
  const type = c.req.header('content-type') ?? ''
  return sha256Hex(JSON.stringify([c.req.method, c.req.path, query, type, canonicalBody(type, await c.req.text())]))
}

type KeyRecord = { tenant_id: string; principal: string; key: string }

const matching = (r: KeyRecord) => sql<boolean>`tenant_id = ${r.tenant_id} and principal = ${r.principal} and key = ${r.key}`

/**
 * Claims the key in this transaction, or reads the record of the request that claimed it. A
 * concurrent first request's uncommitted record makes the insert wait for its end (bounded by
 * `lock_timeout`); a record past its time, or left unanswered by the pre-0012 code, is claimed anew.
 */
const claim = async (tx: TenantTx, r: KeyRecord, fingerprint: string) => {
  const fresh = { fingerprint, created_at: sql<Date>`now()`, response_status: null, response_body: null, response_type: null, response_headers: null }
  try {
    const [, inserted, , [existing]] = await pipeline(tx, [
      sql`select set_config('lock_timeout', ${`${WAIT_FOR_FIRST_MS}ms`}, true)`,
      tx
        .insertInto('idempotency_keys')
        .values({ ...r, fingerprint })
        .onConflict((oc) =>
          oc
            .columns(['tenant_id', 'principal', 'key'])
            .doUpdateSet(fresh)
            .where(sql<boolean>`idempotency_keys.created_at < now() - ${KEPT}::interval or idempotency_keys.response_status is null`),
        )
        .returning('key'),
      sql`set local lock_timeout to default`,
      tx.selectFrom('idempotency_keys').selectAll().where(matching(r)),
    ])
    return inserted.length > 0 ? undefined : existing
  } catch (error) {
    if (sqlState(error) !== '55P03') throw error
    throw new ApiError(
      'idempotency_request_in_progress',
      `A request with this Idempotency-Key is still being processed after ${WAIT_FOR_FIRST_MS / 1000} s; retry later with the same key.`,
      undefined,
      { 'Retry-After': '1' },
    )
  }
}

/** Undoes a keyed request's transaction when it answered with a server error: nothing of it is kept, so a retry runs afresh. */
const SERVER_ERROR = Symbol('server error')

/**
 * `Idempotency-Key` on state-changing POSTs: a retry within 24 h replays the first response
 * (status, body, Content-Type, ETag, Location); the same key with another request is refused. The
 * record is written in the request's own transaction: every gateway the handler calls joins it
 * as a part (db/pipeline.ts `asPart`), and the record commits with the work or not at all, so
 * after a crash a retry either replays what committed or runs for the first time, never twice.
 * Concurrent requests with one key run once; the others wait for its answer (at most
 * WAIT_FOR_FIRST_MS). Server errors are not kept. Responses may carry secrets (a new API key, a
 * child's data): the stored copy is sealed under a key derived from the client's Idempotency-Key,
 * which the database keeps only as a hash.
 */
export const idempotency = createMiddleware<AppEnv>(async (c, next) => {
  const key = c.req.header('idempotency-key')
  if (c.req.method !== 'POST' || key === undefined) return next()
  if (!KEY.test(key))
    throw new ApiError('invalid_request', 'Idempotency-Key must be 1 to 255 visible ASCII characters.', [{ path: 'Idempotency-Key', message: 'invalid' }])
  const owner = scopeOf(c.var.principal)
  const record: KeyRecord = { tenant_id: owner.tenantId, principal: owner.principal, key: await sha256Hex(key) }
  const sealingKey = await deriveSealingKey(key, `${owner.tenantId}:${owner.principal}`)
  const fingerprint = await fingerprintOf(c)
  const db = c.var.db
  try {
    return await withTenant(db, owner.tenantId, async ({ tx }) => {
      const first = await claim(tx, record, fingerprint)
      if (first) {
        if (first.fingerprint !== fingerprint)
          throw new ApiError('idempotency_key_reused', 'This Idempotency-Key was used with a different request; use a new key for a new request.')
        const headers = new Headers(first.response_headers ? JSON.parse(await unseal(sealingKey, first.response_headers)) : {})
        headers.set('Content-Type', first.response_type ?? 'application/json')
        headers.set('Idempotent-Replayed', 'true')
        const body = first.response_body === null ? null : await unseal(sealingKey, first.response_body)
        return new Response(body, { status: first.response_status ?? 200, headers })
      }
      c.set('db', tx)
      try {
        await next()
      } finally {
        c.set('db', db)
      }
      if (c.res.status >= 500) throw SERVER_ERROR
      const replayed = Object.fromEntries(REPLAYED_HEADERS.flatMap((h) => (c.res.headers.has(h) ? [[h, c.res.headers.get(h)]] : [])))
      const [body, headers] = await Promise.all([seal(sealingKey, await c.res.clone().text()), seal(sealingKey, JSON.stringify(replayed))])
      // Goes out with the COMMIT of the work.
      await atCommit(
        tx,
        tx
          .updateTable('idempotency_keys')
          .set({ response_status: c.res.status, response_body: body, response_type: c.res.headers.get('content-type'), response_headers: headers })
          .where(matching(record)),
      )
    })
  } catch (error) {
    if (error === SERVER_ERROR) return
    throw error
  }
})
