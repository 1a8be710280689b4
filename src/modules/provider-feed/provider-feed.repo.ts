import type { TenantTx } from '../../db/tenant'

/** The position of the oldest event kept, or null when the tenant has none. */
export const oldestPosition = async (tx: TenantTx, tenantId: string) =>
  (await tx.selectFrom('feed_events').select('position').where('tenant_id', '=', tenantId).orderBy('position').limit(1).executeTakeFirst())?.position ?? null

/** The position of the last committed event (committed positions are gap-free and in commit order). */
export const headPosition = async (tx: TenantTx, tenantId: string) =>
  (await tx.selectFrom('feed_counters').select('last_position').where('tenant_id', '=', tenantId).executeTakeFirst())?.last_position ?? 0

/** The live enrollments (seat, payment or waitlist) of a child, for the events its changes send. */
export const liveEnrollmentsOfChild = (tx: TenantTx, tenantId: string, childId: string) =>
  tx
    .selectFrom('enrollments')
    .select(['id', 'program_id'])
    .where('tenant_id', '=', tenantId)
    .where('child_id', '=', childId)
    .where('status', 'in', ['confirmed', 'awaiting_payment', 'waitlisted'])
    .orderBy('program_id')
    .execute()
