import type { ColumnType } from 'kysely'

export interface FeedTables {
  feed_counters: { tenant_id: string; last_position: number }
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
