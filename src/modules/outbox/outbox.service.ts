import type { Kysely } from 'kysely'
import { type InTenant, type TenantData, withTenant } from '../../db/tenant'
import type { DB } from '../../db/types'
import { claimDue, claimOne, markDelivered, markFailed, type OutboxMessage } from './outbox.repo'
import { retryDelayMs } from './outbox.rules'

/** Performs one message's effect. It may run more than once (a crash after the effect, a lapsed claim): it must be idempotent. */
export type OutboxHandler = (message: OutboxMessage) => Promise<void>

export type Deliverer = {
  db: Kysely<DB>
  handlers: Readonly<Record<string, OutboxHandler>>
  /** Turns a failure into words for `last_error` and the log. */
  describe?: (error: unknown) => string
  log?: (line: Record<string, unknown>) => void
}

/** A claim outlives the slowest handler (a few Stripe calls of at most 15 s each); a dead deliverer's claim lapses after it. */
export const LEASE_SECONDS = 120
const BATCH = 20
const MAX_BATCHES = 10

const deliver = async (d: Deliverer, message: OutboxMessage) => {
  const handler = d.handlers[message.kind]
  try {
    if (!handler) throw new Error(`no handler for outbox messages of kind ${message.kind}`)
    await handler(message)
    await withTenant(d.db, message.tenant_id, (scope) => markDelivered(scope, message))
    return true
  } catch (error) {
    const words = (d.describe ?? ((e) => (e instanceof Error ? e.message : String(e))))(error)
    const delay = retryDelayMs(message.attempts)
    const retryAt = delay === null ? null : new Date(Date.now() + delay)
    await withTenant(d.db, message.tenant_id, (scope) => markFailed(scope, message, words, retryAt))
    d.log?.({
      level: delay === null ? 'error' : 'warn',
      message: `outbox ${message.kind} failed (attempt ${message.attempts}); ${retryAt ? `retrying at ${retryAt.toISOString()}` : 'giving up'}: ${words}`,
      tenant_id: message.tenant_id,
      outbox_id: message.id,
    })
    return false
  }
}

/**
 * Delivers every due message, of all tenants, a batch at a time: the after-commit kick and the
 * periodic sweep both call this. Concurrent drains claim disjoint messages.
 */
export const drainOutbox = async (d: Deliverer) => {
  const outcome = { delivered: 0, failed: 0 }
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const messages = await claimDue(d.db, BATCH, LEASE_SECONDS)
    for (const message of messages) {
      if (await deliver(d, message)) outcome.delivered += 1
      else outcome.failed += 1
    }
    if (messages.length < BATCH) break
  }
  return outcome
}

/**
 * Delivers one message right away (after the commit that wrote it), when a response waits for its
 * effect. False when it failed or another deliverer holds it: it stays for the retries.
 */
export const deliverNow = async (d: Deliverer, inTenant: InTenant<TenantData>, id: string) => {
  const message = await inTenant((scope) => claimOne(scope, id, LEASE_SECONDS))
  return message ? deliver(d, message) : false
}
