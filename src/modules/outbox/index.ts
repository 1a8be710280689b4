/**
 * The transactional outbox: `enqueue` writes a side effect in the transaction of the change;
 * `drainOutbox` (after commit, and periodically) and `deliverNow` perform it, retrying with backoff.
 * Handlers are idempotent; the Stripe ones pass idempotency keys derived from the message.
 */
export { insertMessage as enqueue, latestOf as latestMessageOf, type OutboxMessage } from './outbox.repo'
export { MAX_ATTEMPTS, retryDelayMs } from './outbox.rules'
export { type Deliverer, deliverNow, drainOutbox, LEASE_SECONDS, type OutboxHandler } from './outbox.service'
