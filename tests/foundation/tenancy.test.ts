import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { RUNTIME_ROLE, type TenantTx, withRuntime, withTenant } from '../../src/db/tenant'
import { parseApiId } from '../../src/lib/ids'
import { testApp } from '../helpers/app'
import { newTenant } from '../helpers/harness'

const uuidOf = (tenant: { id: string }) => parseApiId('ten', tenant.id) as string

describe('row-level security', () => {
  it('shows no tenant rows when no tenant is set, even on a connection that had one', async () => {
    const { db } = await testApp()
    const a = await newTenant()
    await withTenant(db, uuidOf(a), async ({ tx }) => expect((await tx.selectFrom('api_keys').selectAll().execute()).length).toBeGreaterThan(0))
    const counts = await withRuntime(db, async (tx) => ({
      tenants: (await tx.selectFrom('tenants').selectAll().execute()).length,
      keys: (await tx.selectFrom('api_keys').selectAll().execute()).length,
      audit: (await tx.selectFrom('audit_events').selectAll().execute()).length,
    }))
    expect(counts).toEqual({ tenants: 0, keys: 0, audit: 0 })
  })

  it('lets a query that forgets its tenant filter see only its own tenant', async () => {
    const { db } = await testApp()
    const [a, b] = await Promise.all([newTenant(), newTenant()])
    const rows = await withTenant(db, uuidOf(a), ({ tx }) => tx.selectFrom('api_keys').select('tenant_id').execute())
    expect(rows.length).toBeGreaterThan(0)
    expect(new Set(rows.map((r) => r.tenant_id))).toEqual(new Set([uuidOf(a)]))
    const tenants = await withTenant(db, uuidOf(a), ({ tx }) => tx.selectFrom('tenants').select('id').execute())
    expect(tenants.map((t) => t.id)).toEqual([uuidOf(a)])
    expect(tenants.map((t) => t.id)).not.toContain(uuidOf(b))
  })

  it('refuses to write a row into another tenant, and to move one there', async () => {
    const { db } = await testApp()
    const [a, b] = await Promise.all([newTenant(), newTenant()])
    const write = (work: (tx: TenantTx) => Promise<unknown>) => withTenant(db, uuidOf(a), ({ tx }) => work(tx))
    await expect(
      write((tx) =>
        tx
          .insertInto('audit_events')
          .values({
            tenant_id: uuidOf(b),
            id: crypto.randomUUID(),
            actor_kind: 'api_key',
            actor_id: 'x',
            action: 'x',
            object_type: 'x',
            object_id: 'x',
            request_id: 'x',
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/)
    await expect(
      write((tx) =>
        tx
          .updateTable('api_keys')
          .set({ tenant_id: uuidOf(b) })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/)
    const untouched = await withTenant(db, uuidOf(b), ({ tx }) => tx.selectFrom('api_keys').select('id').execute())
    expect(untouched).toHaveLength(1)
  })

  it('has RLS enabled and forced on every table with a tenant_id, owned by a role other than the runtime role', async () => {
    const { db } = await testApp()
    const { rows } = await sql<{ table: string; enabled: boolean; forced: boolean; owner: string; policies: number }>`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced, pg_get_userbyid(c.relowner) as owner,
             (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)`.execute(db)
    expect(rows.length).toBeGreaterThanOrEqual(3)
    for (const table of rows) {
      expect(table, table.table).toMatchObject({ enabled: true, forced: true })
      expect(table.policies, table.table).toBeGreaterThan(0)
      expect(table.owner, table.table).not.toBe(RUNTIME_ROLE)
    }
  })

  it('runs the app as a role that owns nothing and cannot bypass RLS', async () => {
    const { db } = await testApp()
    const role = await withRuntime(db, async (tx) => (await sql<{ user: string }>`select current_user as user`.execute(tx)).rows[0]?.user)
    expect(role).toBe(RUNTIME_ROLE)
    const { rows } = await sql<{ super: boolean; bypass: boolean; owned: number }>`
      select r.rolsuper as super, r.rolbypassrls as bypass,
             (select count(*)::int from pg_class c where c.relowner = r.oid) as owned
      from pg_roles r where r.rolname = ${RUNTIME_ROLE}`.execute(db)
    expect(rows[0]).toEqual({ super: false, bypass: false, owned: 0 })
  })
})
