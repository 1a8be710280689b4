import type { TenantData } from '../../db/tenant'

/**
 * The oldest position a reader can start after: retention's low-water mark (the highest position it
 * removed, 0 when it removed none). A cursor there stays valid however long the feed stays idle.
 */
export const oldestCursorPosition = async (scope: TenantData) =>
  (await scope.tx.selectFrom('feed_counters').select('removed_through').where('tenant_id', '=', scope.tenantId).executeTakeFirst())?.removed_through ?? 0

/** The position of the last committed event (committed positions are gap-free and in commit order). */
export const headPosition = async (scope: TenantData) =>
  (await scope.tx.selectFrom('feed_counters').select('last_position').where('tenant_id', '=', scope.tenantId).executeTakeFirst())?.last_position ?? 0
