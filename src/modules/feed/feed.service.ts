import { sql } from 'kysely'
import type { TenantTx } from '../../db/tenant'
import { newId, prefixes, toApiId } from '../../lib/ids'

export type NewFeedEvent = { type: string; programId: string | null; payload: Record<string, unknown>; occurredAt?: Date }

/** How long events are kept; a cursor older than that answers 410 cursor_expired. */
export const FEED_RETENTION_DAYS = 30

/**
 * Appends events to the tenant's feed. Call it as the LAST step of the transaction that makes the
 * change: it locks the tenant's counter row until commit, which is what orders positions by commit.
 */
export const appendFeedEvents = async (tx: TenantTx, tenantId: string, events: NewFeedEvent[]) => {
  if (events.length === 0) return []
  const { rows } = await sql<{ last_position: number }>`
    insert into feed_counters (tenant_id, last_position) values (${tenantId}, ${events.length})
    on conflict (tenant_id) do update set last_position = feed_counters.last_position + excluded.last_position
    returning last_position`.execute(tx)
  const last = rows[0]?.last_position ?? events.length
  const first = last - events.length + 1
  const values = events.map((e, i) => ({
    tenant_id: tenantId,
    position: first + i,
    id: newId(prefixes.feedEvent).uuid,
    type: e.type,
    program_id: e.programId,
    payload: e.payload,
    ...(e.occurredAt ? { occurred_at: e.occurredAt } : {}),
  }))
  return tx.insertInto('feed_events').values(values).returning(['position', 'id']).execute()
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
  const oldest = await tx.selectFrom('feed_events').select('position').where('tenant_id', '=', tenantId).orderBy('position').limit(1).executeTakeFirst()
  if (oldest && after < oldest.position - 1) return 'expired'
  const events = await tx
    .selectFrom('feed_events')
    .select(['id', 'position', 'type', 'program_id', 'payload', 'occurred_at'])
    .where('tenant_id', '=', tenantId)
    .where('position', '>', after)
    .$if(programIds !== undefined, (q) => q.where('program_id', 'in', programIds as string[]))
    .orderBy('position')
    .limit(limit)
    .execute()
  return { events, last: events.at(-1)?.position ?? after }
}

export const feedEventApiId = (uuid: string) => toApiId(prefixes.feedEvent, uuid)
