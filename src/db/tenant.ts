import { CompiledQuery, type Kysely, sql, type Transaction } from 'kysely'
import { deferToFirstStatement, pipeline, type Statement, withCommitTail } from './pipeline'
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

/**
 * Runs `work` in a transaction as the runtime role, with `app.tenant_id` set to `tenantId`. The
 * settings go out with the transaction's first statement (same connection, in order), saving a
 * round trip; statements `work` hands to `atCommit` go out with the COMMIT.
 */
export const withTenant = <T>(db: Kysely<DB>, tenantId: string, work: (tx: TenantTx) => Promise<T>) =>
  db.transaction().execute(async (trx) => {
    await deferToFirstStatement(trx, CompiledQuery.raw("select set_config('role', $1, true), set_config('app.tenant_id', $2, true)", [RUNTIME_ROLE, tenantId]))
    return withCommitTail(trx, () => work(trx as TenantTx))
  })

/** One statement in its own tenant transaction, answering its rows: BEGIN, settings, statement and COMMIT in one round trip. */
export const readInTenant = <O>(db: Kysely<DB>, tenantId: string, query: (tx: TenantTx) => Statement<O>) =>
  withTenant(db, tenantId, async (tx) => (await pipeline(tx, [query(tx)], { commit: true }))[0])

export const withPlatform = <T>(db: Kysely<DB>, work: (tx: PlatformTx) => Promise<T>) =>
  db.transaction().execute(async (trx) => {
    await deferToFirstStatement(trx, CompiledQuery.raw("select set_config('role', $1, true), set_config('app.scope', 'platform', true)", [RUNTIME_ROLE]))
    // No commit tail: a platform transaction may enter several tenants, so its audits run where they are called.
    return work(trx as PlatformTx)
  })

export const withRuntime = <T>(db: Kysely<DB>, work: (tx: RuntimeTx) => Promise<T>) =>
  db.transaction().execute(async (trx) => {
    await deferToFirstStatement(trx, CompiledQuery.raw("select set_config('role', $1, true)", [RUNTIME_ROLE]))
    return work(trx)
  })

/** Requests of the platform surface keep their idempotency records under this tenant id. */
export const NO_TENANT = '00000000-0000-0000-0000-000000000000'

/** Inside a platform transaction, also enters one tenant, so the operator's change and its audit commit together. */
export const enterTenant = async (tx: PlatformTx, tenantId: string) => {
  await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(tx)
  return tx as unknown as TenantTx
}
