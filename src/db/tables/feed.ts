import type { ColumnType } from 'kysely'

export interface FeedTables {
  feed_counters: {
    tenant_id: string
    last_position: number
    /** The highest position removed from the feed (retention's low-water mark); 0 when none was. */
    removed_through: ColumnType<number, number | undefined, number>
  }
  feed_events: {
    tenant_id: string
    position: number
    id: string
    type: string
    program_id: string | null
    payload: ColumnType<Record<string, unknown>, Record<string, unknown>, never>
    occurred_at: ColumnType<Date, Date | string | undefined, never>
  }
}
