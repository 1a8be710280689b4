import { type Kysely, sql, type Transaction } from 'kysely'
import type { DB } from './types'

/** The role every query of the app runs as: it owns no table and cannot bypass row-level security. */
export const RUNTIME_ROLE = 'tuoguan_app'

declare const tenantScoped: unique symbol
declare const platformScoped: unique symbol

/** A transaction in which app.tenant_id is set: row-level security admits one tenant's rows. */
export type TenantTx = Transaction<DB> & { readonly [tenantScoped]: true }
/** A transaction of the platform operator: it may read and write the tenants table, nothing else. */
export type PlatformTx = Transaction<DB> & { readonly [platformScoped]: true }
/** A transaction with no scope: it sees no tenant row; only security-definer functions reach across. */
export type RuntimeTx = Transaction<DB>

/** Runs `work` in a transaction as the runtime role, with `app.tenant_id` set to `tenantId`. */
export const withTenant = <T>(db: Kysely<DB>, tenantId: string, work: (tx: TenantTx) => Promise<T>) =>
  db.transaction().execute(async (trx) => {
    await sql`select set_config('role', ${RUNTIME_ROLE}, true), set_config('app.tenant_id', ${tenantId}, true)`.execute(trx)
    return work(trx as TenantTx)
  })

export const withPlatform = <T>(db: Kysely<DB>, work: (tx: PlatformTx) => Promise<T>) =>
  db.transaction().execute(async (trx) => {
    await sql`select set_config('role', ${RUNTIME_ROLE}, true), set_config('app.scope', 'platform', true)`.execute(trx)
    return work(trx as PlatformTx)
  })

export const withRuntime = <T>(db: Kysely<DB>, work: (tx: RuntimeTx) => Promise<T>) =>
  db.transaction().execute(async (trx) => {
    await sql`select set_config('role', ${RUNTIME_ROLE}, true)`.execute(trx)
    return work(trx)
  })

/** Requests of the platform surface keep their idempotency records under this tenant id. */
export const NO_TENANT = '00000000-0000-0000-0000-000000000000'

/** Inside a platform transaction, also enters one tenant, so the operator's change and its audit commit together. */
export const enterTenant = async (tx: PlatformTx, tenantId: string) => {
  await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(tx)
  return tx as unknown as TenantTx
}
