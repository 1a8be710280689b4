import { sql } from 'kysely'
import { atCommit, pipeline } from '../../db/pipeline'
import type { TenantTx } from '../../db/tenant'
import { newId, prefixes, toApiId } from '../../lib/ids'

export type NewFeedEvent = { type: string; programId: string | null; payload: Record<string, unknown>; occurredAt?: Date }

/** How long events are kept; a cursor older than that answers 410 cursor_expired. */
export const FEED_RETENTION_DAYS = 30

/**
 * Appends events to the tenant's feed, as the last statement of the transaction that makes the
 * change (it goes out with the COMMIT, see `atCommit`): it takes positions from the tenant's
 * counter row, which stays locked until commit, and that is what orders positions by commit.
 */
export const appendFeedEvents = async (tx: TenantTx, tenantId: string, events: NewFeedEvent[]) => {
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
    tx,
    sql`
      with counter as (
        insert into feed_counters (tenant_id, last_position) values (${tenantId}::uuid, ${events.length}::bigint)
        on conflict (tenant_id) do update set last_position = feed_counters.last_position + excluded.last_position
        returning last_position)
      insert into feed_events (tenant_id, position, id, type, program_id, payload, occurred_at)
      select ${tenantId}::uuid, counter.last_position - ${events.length}::bigint + e.n, e.id, e.type, e.program_id, e.payload, coalesce(e.occurred_at, now())
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
export const readFeed = async (tx: TenantTx, tenantId: string, after: number, limit: number, programIds?: string[]): Promise<FeedPage | 'expired'> => {
  if (programIds && programIds.length === 0) return { events: [], last: after }
  // Both reads in one round trip; the page is dropped when retention already took events after the cursor.
  const [[oldest], events] = await pipeline(tx, [
    tx.selectFrom('feed_events').select('position').where('tenant_id', '=', tenantId).orderBy('position').limit(1),
    tx
      .selectFrom('feed_events')
      .select(['id', 'position', 'type', 'program_id', 'payload', 'occurred_at'])
      .where('tenant_id', '=', tenantId)
      .where('position', '>', after)
      .$if(programIds !== undefined, (q) => q.where('program_id', 'in', programIds as string[]))
      .orderBy('position')
      .limit(limit),
  ])
  if (oldest && after < oldest.position - 1) return 'expired'
  return { events, last: events.at(-1)?.position ?? after }
}

export const feedEventApiId = (uuid: string) => toApiId(prefixes.feedEvent, uuid)
