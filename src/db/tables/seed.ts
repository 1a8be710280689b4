import type { ColumnType } from 'kysely'

/** The demo seed of `npm start` (migration 0015): one row, written by the seed itself. */
export interface SeedTables {
  demo_seed: {
    singleton: ColumnType<boolean, boolean | undefined, never>
    run_id: string
    started_at: ColumnType<Date, Date | string | undefined, never>
    completed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
    /** What the seed made, without its secrets (src/seed/start.ts, `DemoRecord`). */
    demo: ColumnType<Record<string, unknown> | null, Record<string, unknown> | null | undefined, Record<string, unknown> | null>
  }
}
