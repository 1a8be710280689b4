import { existsSync } from 'node:fs'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { type Kysely, sql } from 'kysely'
import type { App } from '../app'
import type { Database } from '../db/client'
import { withPlatform } from '../db/tenant'
import type { DB } from '../db/types'
import { randomToken } from '../lib/secrets'
import { caller, type DemoCredentials, type DemoTenantCredentials, demoTenants, type SeedOptions, seedDemo } from './demo'
import { seedPortalInvitation } from './portal'

/** One demo employer as the database records it (table demo_seed): what the seed made, minus its secrets. */
type RecordedTenant = Omit<DemoTenantCredentials, 'hr_api_key' | 'provider' | 'portal'> & {
  provider: Omit<DemoTenantCredentials['provider'], 'client_secret'>
  portal: Omit<DemoTenantCredentials['portal'], 'invitation_code'>
}
type DemoRecord = { tenants: RecordedTenant[] }

export type DemoStart = {
  /** The app the seed talks to in-process (its requests kept out of the log). */
  app: App
  /** The app's database (the runtime login; every read here goes through the platform scope). */
  db: Kysely<DB>
  /** Opens a connection as the migration owner, only to remove what a seed that did not finish created. */
  owner: () => Promise<Database>
  platformApiKey: string
  /** `.data/demo-credentials.json`: a copy of the secrets for the operator, never the source of truth. */
  file: string
  /** False with SEED_DEMO=false: no seeding; a credentials file already there is still shown. */
  seed: boolean
  log?: (line: string) => void
  /** Test hook (TUOGUAN_TEST_SEED_KILL_AFTER): the process kills itself (-9) after this many seed requests. */
  killAfterRequests?: number
}

const slugs = demoTenants.map((t) => t.slug)
const requestIdOf = (runId: string) => `demo-seed:${runId}`

const withoutSecrets = (demo: DemoCredentials): DemoRecord => ({
  tenants: demo.tenants.map(({ hr_api_key: _k, provider: { client_secret: _s, ...provider }, portal: { invitation_code: _c, ...portal }, ...t }) => ({
    ...t,
    provider,
    portal,
  })),
})

const readMarker = (db: Kysely<DB>) => withPlatform(db, (tx) => tx.selectFrom('demo_seed').selectAll().executeTakeFirst())

const readCredentialsFile = async (file: string): Promise<DemoCredentials | undefined> => {
  if (!existsSync(file)) return undefined
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as DemoCredentials
    return Array.isArray(parsed?.tenants) ? parsed : undefined
  } catch {
    return undefined
  }
}

/** Written whole or not at all: a crash while writing leaves the previous file (or none). */
const writeCredentialsFile = async (file: string, credentials: DemoCredentials) => {
  const partial = `${file}.${randomToken(6)}.tmp`
  await writeFile(partial, JSON.stringify(credentials, null, 2), { mode: 0o600 })
  await rename(partial, file)
}

const sameTenants = (file: DemoCredentials, record: DemoRecord) =>
  file.tenants.length === record.tenants.length && file.tenants.every((t, i) => t.id === record.tenants[i]?.id && t.slug === record.tenants[i]?.slug)

/**
 * The tables holding a tenant's rows, in an order that deletes every referencing row before the
 * row it references (from the catalog, so tables that later migrations add are covered).
 */
const deletionOrder = async (tx: Kysely<DB>) => {
  const tables = (
    await sql<{ name: string }>`
      select c.relname as name from pg_class c join pg_attribute a on a.attrelid = c.oid
      where c.relkind = 'r' and c.relnamespace = current_schema()::regnamespace and a.attname = 'tenant_id' and not a.attisdropped`.execute(tx)
  ).rows.map((r) => r.name)
  const references = (
    await sql<{ child: string; parent: string }>`
      select c.relname as child, p.relname as parent from pg_constraint k
      join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
      where k.contype = 'f' and k.connamespace = current_schema()::regnamespace and k.conrelid <> k.confrelid`.execute(tx)
  ).rows
  const order: string[] = []
  const left = new Set(tables)
  while (left.size > 0) {
    const free = [...left].filter((t) => !references.some((r) => r.parent === t && left.has(r.child)))
    if (free.length === 0) throw new Error(`cyclic references among ${[...left].join(', ')}`)
    for (const t of free.sort()) {
      order.push(t)
      left.delete(t)
    }
  }
  return order
}

/**
 * Removes, as the migration owner, the demo employers that the seed run `runId` created and
 * nothing else: a tenant counts as the run's only when its `tenant.created` audit event carries the
 * run's request id (written in the transaction that created it). Each tenant goes in one
 * transaction, with everything it holds. Answers the slugs removed.
 */
const removeRun = async (owner: Kysely<DB>, runId: string) => {
  const order = await deletionOrder(owner)
  const candidates = await owner.transaction().execute(async (tx) => {
    await sql`select set_config('app.scope', 'platform', true)`.execute(tx)
    return tx.selectFrom('tenants').select(['id', 'slug']).where('slug', 'in', slugs).execute()
  })
  const removed: string[] = []
  for (const tenant of candidates)
    await owner.transaction().execute(async (tx) => {
      // Row-level security is forced on the owner too: it acts in the tenant (and the platform, for the tenants row).
      await sql`select set_config('app.tenant_id', ${tenant.id}, true), set_config('app.scope', 'platform', true)`.execute(tx)
      const ours = await tx
        .selectFrom('audit_events')
        .select('id')
        .where('tenant_id', '=', tenant.id)
        .where('action', '=', 'tenant.created')
        .where('request_id', '=', requestIdOf(runId))
        .executeTakeFirst()
      if (!ours) return
      // A second pass takes what triggers of the first added (an erased enrollment asks for a billing sync).
      for (let pass = 0; pass < 3; pass++) {
        let deleted = 0n
        for (const table of order) deleted += (await sql`delete from ${sql.table(table)} where tenant_id = ${tenant.id}`.execute(tx)).numAffectedRows ?? 0n
        if (deleted === 0n) break
      }
      await tx.deleteFrom('tenants').where('id', '=', tenant.id).execute()
      removed.push(tenant.slug)
    })
  return removed
}

/**
 * Fresh secrets for a seeded demo whose credentials file is gone (or belongs to another store),
 * through the API as a client would get them: a new HR key per employer (the previous demo keys are
 * revoked, their secrets being lost), the provider credential rotated, a new invitation code.
 */
const mintCredentials = async (app: App, platformApiKey: string, record: DemoRecord, log: (line: string) => void): Promise<DemoCredentials> => {
  const operator = caller(app, platformApiKey)
  const tenants: DemoTenantCredentials[] = []
  for (const t of record.tenants) {
    try {
      const key = await operator<{ id: string; secret: string }>('POST', `/v1/platform/tenants/${t.id}/api-keys`, {
        name: 'Demo HR key',
        scopes: ['read', 'write'],
      })
      const hr = caller(app, key.secret)
      const keys = await hr<{ data: { id: string; name: string; revoked_at: string | null }[] }>('GET', '/v1/api-keys?limit=100')
      for (const old of keys.data) if (old.name === 'Demo HR key' && old.id !== key.id && old.revoked_at === null) await hr('DELETE', `/v1/api-keys/${old.id}`)
      const credential = await hr<{ client_secret: string }>('POST', `/v1/contracts/${t.provider.contract_id}/credentials/${t.provider.client_id}/rotate`, {})
      const invitation_code = await seedPortalInvitation(hr, t.portal.employee_id)
      tenants.push({
        ...t,
        hr_api_key: key.secret,
        provider: { ...t.provider, client_secret: credential.client_secret },
        portal: { ...t.portal, invitation_code },
      })
    } catch (error) {
      // The demo is the operator's to change: an employer whose demo objects were changed is left out.
      log(`  ${t.display_name} (${t.slug}): no fresh credentials (${error instanceof Error ? error.message : String(error)})`)
    }
  }
  return { platform_api_key: platformApiKey, tenants }
}

/**
 * The demo of `npm start`, decided by the database (table demo_seed, migration 0015), not by the
 * credentials file:
 * - no record: seed afresh (the record is written first, then every request carries the run's id);
 * - a record of a seed that did not finish (a crash, Ctrl-C): remove the employers that run created
 *   (as the migration owner; only those) and seed afresh;
 * - a finished seed: show the credentials file, or, when it is missing or belongs to another store,
 *   mint fresh credentials through the API and rewrite it.
 * A store seeded before the record existed is adopted when its credentials file matches it. Demo
 * slugs taken by employers the seed did not create: no demo (said so), the server starts anyway.
 */
export const startDemo = async (options: DemoStart): Promise<DemoCredentials | undefined> => {
  const { app, db, platformApiKey, file } = options
  const log = options.log ?? ((line: string) => console.log(line))
  const marker = await readMarker(db)
  const saved = await readCredentialsFile(file)

  if (marker?.completed_at && marker.demo) {
    const record = marker.demo as DemoRecord
    if (saved && sameTenants(saved, record)) return { ...saved, platform_api_key: platformApiKey }
    log(`${file} is ${saved ? 'not this store’s' : 'missing'}: minting fresh demo credentials through the API.`)
    const minted = await mintCredentials(app, platformApiKey, record, log)
    await writeCredentialsFile(file, minted)
    return minted
  }
  if (!options.seed) return saved

  if (marker) {
    const owner = await options.owner()
    try {
      const removed = await removeRun(owner.db, marker.run_id)
      log(
        `The demo seed started ${marker.started_at.toISOString()} did not finish: removed the ${removed.length} demo employer(s) it had created${removed.length ? ` (${removed.join(', ')})` : ''}; seeding again.`,
      )
    } finally {
      await owner.close()
    }
    await withPlatform(db, (tx) => tx.deleteFrom('demo_seed').where('run_id', '=', marker.run_id).execute())
  }

  const taken = await withPlatform(db, (tx) => tx.selectFrom('tenants').select(['id', 'slug']).where('slug', 'in', slugs).execute())
  if (taken.length > 0 && !marker && saved) {
    // Seeded before this record existed: adopt the store's seed if the file describes it.
    const operator = caller(app, platformApiKey)
    const matches = await Promise.all(
      saved.tenants.map((t) =>
        operator<{ slug: string }>('GET', `/v1/platform/tenants/${t.id}`).then(
          (found) => found.slug === t.slug,
          () => false,
        ),
      ),
    )
    if (saved.tenants.length > 0 && matches.every(Boolean)) {
      await withPlatform(db, (tx) =>
        tx
          .insertInto('demo_seed')
          .values({ run_id: 'adopted', completed_at: new Date(), demo: withoutSecrets(saved) })
          .execute(),
      )
      return { ...saved, platform_api_key: platformApiKey }
    }
  }
  if (taken.length > 0) {
    log(
      `Not seeding the demo: the slugs ${taken.map((t) => t.slug).join(', ')} belong to employers this store's demo seed did not create. Remove them, or start with SEED_DEMO=false.`,
    )
    return undefined
  }

  const runId = randomToken(12).replace(/[^A-Za-z0-9]/g, 'x')
  await withPlatform(db, (tx) => tx.insertInto('demo_seed').values({ run_id: runId }).execute())
  log('Seeding the demo employers through the API (first start of this store)…')
  let requests = 0
  const seedOptions: SeedOptions = {
    requestId: requestIdOf(runId),
    seeded: (t) => log(`  seeded ${t.display_name} (${t.slug})`),
    afterRequest: () => {
      requests += 1
      if (options.killAfterRequests !== undefined && requests >= options.killAfterRequests) process.kill(process.pid, 'SIGKILL')
    },
  }
  const credentials = await seedDemo(app, platformApiKey, seedOptions)
  await writeCredentialsFile(file, credentials)
  await withPlatform(db, (tx) =>
    tx
      .updateTable('demo_seed')
      .set({ completed_at: new Date(), demo: withoutSecrets(credentials) })
      .where('run_id', '=', runId)
      .execute(),
  )
  return credentials
}
