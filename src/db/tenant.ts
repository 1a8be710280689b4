import { CompiledQuery, type Kysely, sql, type Transaction } from 'kysely'
import type { Actor } from '../lib/audit'
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
 * A piece of work inside one tenant, as the gateway opens it: the transaction (row-level security
 * admits this tenant's rows), the tenant its queries still name (`where('tenant_id', '=', scope.tenantId)`),
 * who acts and for which request (what audit entries record), and the tenant's time zone. Every
 * repository and service takes it, or the part of it it needs (`TenantData`).
 */
export type TenantScope = {
  readonly tx: TenantTx
  readonly tenantId: string
  readonly actor: Actor
  readonly requestId: string
  /** The tenant's IANA time zone: read with the first call (one query), then kept for the scope. */
  readonly timeZone: () => Promise<string>
}

/** The part of a scope that reaching tenant rows needs; what a transaction opened for no actor (a lookup, a background job) has. */
export type TenantData = Pick<TenantScope, 'tx' | 'tenantId' | 'timeZone'>

/** A transaction becomes tenant data here and nowhere else, once its settings name the tenant. */
const dataIn = (trx: Transaction<DB>, tenantId: string): TenantData => {
  const tx = trx as TenantTx
  let timeZone: Promise<string> | undefined
  return {
    tx,
    tenantId,
    timeZone: () => {
      timeZone ??= tx
        .selectFrom('tenants')
        .select('time_zone')
        .where('id', '=', tenantId)
        .executeTakeFirstOrThrow()
        .then((row) => row.time_zone)
      return timeZone
    },
  }
}

/** The same scope with an actor: for work that learns who acts only inside it (a sign-in names the employee). */
export const actingAs = (data: TenantData, actor: Actor): TenantScope => ({ ...data, actor, requestId: actor.requestId })

/**
 * Runs `work` in a transaction as the runtime role, with `app.tenant_id` set to `tenantId`, on behalf
 * of `actor` (omitted where no one acts yet: the scope is then only `TenantData`); statements
 * `work` hands to `atCommit` go out with the COMMIT.
 */
export function withTenant<T>(db: Kysely<DB>, tenantId: string, actor: Actor, work: (scope: TenantScope) => Promise<T>): Promise<T>
export function withTenant<T>(db: Kysely<DB>, tenantId: string, work: (scope: TenantData) => Promise<T>): Promise<T>
export function withTenant<T>(
  db: Kysely<DB>,
  tenantId: string,
  actorOrWork: Actor | ((scope: TenantData) => Promise<T>),
  work?: (scope: TenantScope) => Promise<T>,
): Promise<T> {
  return open(db, settingsOf({ tenantId }), { tail: true }, (trx) => {
    const data = dataIn(trx, tenantId)
    if (typeof actorOrWork === 'function') return actorOrWork(data)
    if (!work) throw new Error('withTenant needs its work')
    return work(actingAs(data, actorOrWork))
  })
}

/** Opens scopes in one tenant (`c.var.inTenant`, or a job's `(work) => withTenant(db, tenantId, work)`): for work that runs several transactions. */
export type InTenant<S extends TenantData = TenantScope> = <T>(work: (scope: S) => Promise<T>) => Promise<T>

/** One statement in its own tenant transaction, answering its rows: BEGIN, settings, statement and COMMIT in one round trip. */
export const readInTenant = <O>(db: Kysely<DB>, tenantId: string, query: (scope: TenantData) => Statement<O>) =>
  withTenant(db, tenantId, async (scope) => (await pipeline(scope.tx, [query(scope)], { commit: true }))[0])

/** No commit tail: a platform transaction may enter several tenants, so its audits run where they are called. */
export const withPlatform = <T>(db: Kysely<DB>, work: (tx: PlatformTx) => Promise<T>) =>
  open(db, settingsOf({ platform: true }), { tail: false }, (trx) => work(trx as PlatformTx))

export const withRuntime = <T>(db: Kysely<DB>, work: (tx: RuntimeTx) => Promise<T>) => open(db, settingsOf({}), { tail: false }, work)

/** Requests of the platform surface keep their idempotency records under this tenant id. */
export const NO_TENANT = '00000000-0000-0000-0000-000000000000'

/**
 * Inside a platform transaction, also enters one tenant, so the operator's change and its audit
 * commit together: the transaction is then both the platform's and the tenant's.
 */
export const enterTenant = async (tx: PlatformTx, tenantId: string, actor: Actor): Promise<TenantScope> => {
  await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(tx)
  return actingAs(dataIn(tx, tenantId), actor)
}
