import { type Kysely, sql } from 'kysely'
import { atCommit, pipeline } from '../db/pipeline'
import type { TenantData } from '../db/tenant'
import type { DB } from '../db/types'
import { newId, prefixes, toApiId } from './ids'

export type NewFeedEvent = { type: string; programId: string | null; payload: Record<string, unknown>; occurredAt?: Date }

/** How long events are kept; a cursor older than that answers 410 cursor_expired. */
export const FEED_RETENTION_DAYS = 30

/**
 * Appends events to the tenant's feed, as the last statement of the transaction that makes the
 * change (it goes out with the COMMIT, see `atCommit`): it takes positions from the tenant's
 * counter row, which stays locked until commit, and that is what orders positions by commit.
 */
export const appendFeedEvents = async (scope: TenantData, events: NewFeedEvent[]) => {
  if (events.length === 0) return
  const rows = events.map((e, i) => ({
    n: i + 1,
    id: newId(prefixes.feedEvent).uuid,
    type: e.type,
    program_id: e.programId,
    payload: e.payload,
    occurred_at: e.occurredAt?.toISOString() ?? null,
  }))
  // One statement: the counter moves and the events take the positions it hands out.
  await atCommit(
    scope.tx,
    sql`
      with counter as (
        insert into feed_counters (tenant_id, last_position) values (${scope.tenantId}::uuid, ${events.length}::bigint)
        on conflict (tenant_id) do update set last_position = feed_counters.last_position + excluded.last_position
        returning last_position)
      insert into feed_events (tenant_id, position, id, type, program_id, payload, occurred_at)
      select ${scope.tenantId}::uuid, counter.last_position - ${events.length}::bigint + e.n, e.id, e.type, e.program_id, e.payload, coalesce(e.occurred_at, now())
      from counter, jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb) as e(n int, id uuid, type text, program_id uuid, payload jsonb, occurred_at timestamptz)`,
  )
}

export type FeedPage = {
  events: { id: string; position: number; type: string; program_id: string | null; payload: Record<string, unknown>; occurred_at: Date }[]
  /** The position to resume after: the last event's, or the cursor itself when nothing is new. */
  last: number
}

/**
 * Events after `after`, in position (= commit) order, limited to `programIds` when given.
 * Returns `expired` when events after the cursor have already been deleted by retention.
 */
export const readFeed = async (scope: TenantData, after: number, limit: number, programIds?: string[]): Promise<FeedPage | 'expired'> => {
  if (programIds && programIds.length === 0) return { events: [], last: after }
  // Both reads in one round trip; the page is dropped when retention already took events after the
  // cursor: the cursor lies before retention's low-water mark (migration 0014), also when no event is left.
  const [[counter], events] = await pipeline(scope.tx, [
    scope.tx.selectFrom('feed_counters').select('removed_through').where('tenant_id', '=', scope.tenantId),
    scope.tx
      .selectFrom('feed_events')
      .select(['id', 'position', 'type', 'program_id', 'payload', 'occurred_at'])
      .where('tenant_id', '=', scope.tenantId)
      .where('position', '>', after)
      .$if(programIds !== undefined, (q) => q.where('program_id', 'in', programIds as string[]))
      .orderBy('position')
      .limit(limit),
  ])
  if (counter && after < counter.removed_through) return 'expired'
  return { events, last: events.at(-1)?.position ?? after }
}

/**
 * Retention (`npm run maintain`, as the owner across tenants): removes the events older than the
 * window. The delete moves each tenant's low-water mark (migration 0014), so a cursor behind it
 * answers 410 even when no event is left, and a cursor at or past it stays valid.
 */
export const removeExpiredFeedEvents = async (owner: Kysely<DB>) =>
  (await sql`delete from feed_events where occurred_at < now() - make_interval(days => ${FEED_RETENTION_DAYS})`.execute(owner)).numAffectedRows ?? 0n

export const feedEventApiId = (uuid: string) => toApiId(prefixes.feedEvent, uuid)
