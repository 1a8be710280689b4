/**
 * How billing's background work runs: the periodic sweep and the Node loop (the deliverer is in
 * billing.deliver.ts). The runtime entries drive them (docs/billing.md): on Node a loop in the
 * process, kicked after each write and every minute; on Workers `ctx.waitUntil` after each write
 * and a cron trigger. Without Stripe settings all of it does nothing.
 */
import { type Kysely, sql } from 'kysely'
import { withRuntime, withTenant } from '../../db/tenant'
import type { DB } from '../../db/types'
import type { Config } from '../../env'
import type { Actor } from '../../lib/audit'
import { newId, prefixes } from '../../lib/ids'
import { deliverOutbox } from './billing.deliver'
import { heldSeatHooks } from './held-seats.hooks'
import { dropStaleHold } from './payments.hooks'
import { findPaymentOf } from './payments.repo'

const HOLDS_PER_SWEEP = 100
/** Delivered outbox messages are kept this long, then pruned by the sweep. */
const OUTBOX_KEPT_DAYS = 7
const sweepActor = (): Actor => ({ kind: 'platform', id: 'billing-sweep', requestId: newId(prefixes.request).api })

/** Releases seats whose hold ran out unpaid; each in its tenant's transaction, with its promotions and feed events. */
export const releaseExpiredHolds = async (db: Kysely<DB>, config: Config) => {
  const billing = config.billing
  if (!billing) return 0
  const due = await withRuntime(
    db,
    async (tx) => (await sql<{ tenant_id: string; enrollment_id: string }>`select * from expired_payment_holds(${HOLDS_PER_SWEEP})`.execute(tx)).rows,
  )
  let released = 0
  for (const hold of due) {
    try {
      const done = await withTenant(db, hold.tenant_id, sweepActor(), async (scope) => {
        const payment = await findPaymentOf(scope, hold.enrollment_id)
        if (payment?.status !== 'awaiting_payment' || payment.hold_expires_at > new Date()) return false
        if (await heldSeatHooks().releaseAwaitingPayment({ ...scope, billing }, hold.enrollment_id, 'payment not completed within the hold')) return true
        await dropStaleHold(scope, payment)
        return false
      })
      if (done) released += 1
    } catch (error) {
      config.log({
        level: 'error',
        message: `releasing an expired hold failed: ${error instanceof Error ? error.message : String(error)}`,
        tenant_id: hold.tenant_id,
      })
    }
  }
  return released
}

/**
 * The periodic sweep: releases expired holds, enqueues a sync for every tenant whose billable
 * quantity moved with the calendar (or that has no subscription yet), delivers the outbox, and
 * prunes delivered messages older than a week.
 */
export const runBillingSweep = async (db: Kysely<DB>, config: Config) => {
  if (!config.billing) return
  const step = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work()
    } catch (error) {
      config.log({ level: 'error', message: `billing sweep: ${what} failed: ${error instanceof Error ? error.message : String(error)}` })
    }
  }
  await step('releasing expired holds', () => releaseExpiredHolds(db, config))
  await step('reconciling subscriptions', () => withRuntime(db, (tx) => sql`select enqueue_due_subscription_syncs()`.execute(tx)))
  await step('delivering the outbox', () => deliverOutbox(db, config))
  await step('pruning delivered messages', () => withRuntime(db, (tx) => sql`select prune_outbox(${OUTBOX_KEPT_DAYS})`.execute(tx)))
}

export type BillingLoop = { kick: () => void; stop: () => Promise<void> }

/**
 * Node's driver: a sweep every `intervalMs`, and a delivery whenever `kick` is called (after each
 * write). At most one run at a time; a kick during a run runs once more after it.
 */
export const startBillingLoop = (db: Kysely<DB>, config: Config, intervalMs = 60_000): BillingLoop => {
  if (!config.billing) return { kick: () => {}, stop: async () => {} }
  let running: Promise<void> | undefined
  let next: 'deliver' | 'sweep' | undefined
  const run = (what: 'deliver' | 'sweep') => {
    if (running) {
      next = next === 'sweep' || what === 'sweep' ? 'sweep' : 'deliver'
      return
    }
    const work = what === 'sweep' ? runBillingSweep(db, config) : deliverOutbox(db, config).then(() => undefined)
    running = work
      .catch((error) => config.log({ level: 'error', message: `billing loop: ${error instanceof Error ? error.message : String(error)}` }))
      .finally(() => {
        running = undefined
        const again = next
        next = undefined
        if (again) run(again)
      })
  }
  const timer = setInterval(() => run('sweep'), intervalMs)
  timer.unref?.()
  run('sweep')
  return {
    kick: () => run('deliver'),
    stop: async () => {
      clearInterval(timer)
      next = undefined
      await running
    },
  }
}
