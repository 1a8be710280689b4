import { CompiledQuery, type Kysely, sql, type Transaction } from 'kysely'
import { asPart, deferToFirstStatement, pipeline, type Statement, withCommitTail } from './pipeline'
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

/** The settings of a scope: the runtime role, and the tenant or the platform (or neither). */
const settingsOf = (scope: { tenantId?: string; platform?: boolean }) =>
  CompiledQuery.raw("select set_config('role', $1, true), set_config('app.tenant_id', $2, true), set_config('app.scope', $3, true)", [
    RUNTIME_ROLE,
    scope.tenantId ?? '',
    scope.platform ? 'platform' : '',
  ])

/** The settings in force in each open transaction, so a part (see `asPart`) can restore them. */
const settingsIn = new WeakMap<Transaction<DB>, CompiledQuery>()

/**
 * Opens a transaction with these settings; they go out with its first statement (same connection,
 * in order), saving a round trip. Given a transaction a gateway opened (a keyed request's, see
 * middleware/idempotency.ts), runs as a part of it instead: a savepoint, committed with the whole.
 */
const open = <T>(db: Kysely<DB>, settings: CompiledQuery, options: { tail: boolean }, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> => {
  if (db.isTransaction) {
    const tx = db as Transaction<DB>
    const leave = settingsIn.get(tx)
    if (!leave) throw new Error('a gateway joins only a transaction that a gateway opened')
    settingsIn.set(tx, settings)
    return asPart(tx, { enter: settings, leave, tail: options.tail }, () => work(tx)).finally(() => settingsIn.set(tx, leave))
  }
  return db.transaction().execute(async (trx) => {
    await deferToFirstStatement(trx, settings)
    settingsIn.set(trx, settings)
    return options.tail ? withCommitTail(trx, () => work(trx)) : work(trx)
  })
}

/**
 * Runs `work` in a transaction as the runtime role, with `app.tenant_id` set to `tenantId`;
 * statements `work` hands to `atCommit` go out with the COMMIT.
 */
export const withTenant = <T>(db: Kysely<DB>, tenantId: string, work: (tx: TenantTx) => Promise<T>) =>
  open(db, settingsOf({ tenantId }), { tail: true }, (trx) => work(trx as TenantTx))

/** One statement in its own tenant transaction, answering its rows: BEGIN, settings, statement and COMMIT in one round trip. */
export const readInTenant = <O>(db: Kysely<DB>, tenantId: string, query: (tx: TenantTx) => Statement<O>) =>
  withTenant(db, tenantId, async (tx) => (await pipeline(tx, [query(tx)], { commit: true }))[0])

/** No commit tail: a platform transaction may enter several tenants, so its audits run where they are called. */
export const withPlatform = <T>(db: Kysely<DB>, work: (tx: PlatformTx) => Promise<T>) =>
  open(db, settingsOf({ platform: true }), { tail: false }, (trx) => work(trx as PlatformTx))

export const withRuntime = <T>(db: Kysely<DB>, work: (tx: RuntimeTx) => Promise<T>) => open(db, settingsOf({}), { tail: false }, work)

/** Requests of the platform surface keep their idempotency records under this tenant id. */
export const NO_TENANT = '00000000-0000-0000-0000-000000000000'

/** Inside a platform transaction, also enters one tenant, so the operator's change and its audit commit together. */
export const enterTenant = async (tx: PlatformTx, tenantId: string) => {
  await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(tx)
  return tx as unknown as TenantTx
}
