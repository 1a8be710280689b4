import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { atCommit, pipeline } from '../../src/db/pipeline'
import { readInTenant, type TenantTx, withPlatform, withTenant } from '../../src/db/tenant'
import { newId, parseApiId } from '../../src/lib/ids'
import { onRealServer, testApp } from '../helpers/app'
import { newTenant } from '../helpers/harness'

const uuidOf = (tenant: { id: string }) => parseApiId('ten', tenant.id) as string

/** An audit row, as `recordAudit` writes it, to tell whether a held statement reached the database. */
const auditRow = (tx: TenantTx, objectId: string) =>
  tx.insertInto('audit_events').values({
    tenant_id: sql<string>`app_tenant()`,
    id: newId('aud').uuid,
    actor_kind: 'platform',
    actor_id: 'pipeline-test',
    action: 'test.pipelined',
    object_type: 'test',
    object_id: objectId,
    request_id: 'req_pipeline_test',
    details: {},
  })

const audited = async (tenantId: string, objectId: string) => {
  const { db } = await testApp()
  const rows = await readInTenant(db, tenantId, ({ tx }) => tx.selectFrom('audit_events').select('id').where('object_id', '=', objectId))
  return rows.length
}

describe('statements sent together (db/pipeline.ts)', () => {
  it('answers each statement its own rows, in order, inside the tenant', async () => {
    const { db } = await testApp()
    const [a, b] = await Promise.all([newTenant(), newTenant()])
    const [tenants, one] = await withTenant(db, uuidOf(a), ({ tx }) => pipeline(tx, [tx.selectFrom('tenants').select('id'), sql<{ n: number }>`select 1 as n`]))
    expect(tenants.map((t) => t.id)).toEqual([uuidOf(a)])
    expect(tenants.map((t) => t.id)).not.toContain(uuidOf(b))
    expect(one).toEqual([{ n: 1 }])
  })

  it('writes what was held for the commit when a pipeline commits early, and with the COMMIT otherwise', async () => {
    const { db } = await testApp()
    const tenant = uuidOf(await newTenant())
    const early = `obj-early-${newId('aud').uuid}`
    const late = `obj-late-${newId('aud').uuid}`
    await withTenant(db, tenant, async ({ tx }) => {
      await atCommit(tx, auditRow(tx, early))
      await pipeline(tx, [sql`select 1`], { commit: true })
    })
    await withTenant(db, tenant, async ({ tx }) => {
      await atCommit(tx, auditRow(tx, late))
    })
    expect(await audited(tenant, early)).toBe(1)
    expect(await audited(tenant, late)).toBe(1)
  })

  it('writes nothing held for the commit when the transaction fails, and throws the first failure', async () => {
    const { db } = await testApp()
    const tenant = uuidOf(await newTenant())
    const objectId = `obj-failed-${newId('aud').uuid}`
    await expect(
      withTenant(db, tenant, async ({ tx }) => {
        await atCommit(tx, auditRow(tx, objectId))
        await pipeline(tx, [sql`select 1`, sql`select 1 / 0`, sql`select 2`])
      }),
    ).rejects.toThrow(/division by zero/)
    await expect(
      withTenant(db, tenant, async ({ tx }) => {
        await atCommit(tx, auditRow(tx, objectId))
        await pipeline(tx, [sql`select 1 / 0`], { commit: true })
      }),
    ).rejects.toThrow(/division by zero/)
    expect(await audited(tenant, objectId)).toBe(0)
  })

  it.runIf(onRealServer)('refuses a statement after the COMMIT went out, rather than run it outside the tenant', async () => {
    const { db } = await testApp()
    const tenant = uuidOf(await newTenant())
    await expect(
      withTenant(db, tenant, async ({ tx }) => {
        await pipeline(tx, [sql`select 1`], { commit: true })
        await tx.selectFrom('tenants').select('id').execute()
      }),
    ).rejects.toThrow(/already committed/)
  })
})

describe('gateways inside an open transaction run as parts of it (asPart)', () => {
  it('commit with the whole; a failing part is undone alone; a failing whole undoes every part', async () => {
    const { db } = await testApp()
    const tenantId = uuidOf(await newTenant())
    const run = newId('aud').uuid
    const [kept, failed, whole] = [`part-kept-${run}`, `part-failed-${run}`, `whole-failed-${run}`]
    await withTenant(db, tenantId, async ({ tx: outer }) => {
      await withTenant(outer, tenantId, ({ tx }) => atCommit(tx, auditRow(tx, kept)))
      await expect(
        withTenant(outer, tenantId, async ({ tx }) => {
          await auditRow(tx, failed).execute()
          throw new Error('the part fails')
        }),
      ).rejects.toThrow('the part fails')
      // A part's own commit is the whole's to make: the whole goes on after it.
      await readInTenant(outer, tenantId, ({ tx }) => auditRow(tx, `${kept}-read`))
      await auditRow(outer, `${kept}-outer`).execute()
    })
    expect(await audited(tenantId, kept)).toBe(1)
    expect(await audited(tenantId, `${kept}-read`)).toBe(1)
    expect(await audited(tenantId, `${kept}-outer`)).toBe(1)
    expect(await audited(tenantId, failed)).toBe(0)

    await expect(
      withTenant(db, tenantId, async ({ tx: outer }) => {
        await withTenant(outer, tenantId, ({ tx }) => auditRow(tx, whole).execute())
        throw new Error('the whole fails')
      }),
    ).rejects.toThrow('the whole fails')
    expect(await audited(tenantId, whole)).toBe(0)
  })

  it("restores the whole's scope after a part in another scope", async () => {
    const { db } = await testApp()
    const [a, b] = await Promise.all([newTenant(), newTenant()])
    const seen = await withTenant(db, uuidOf(a), async ({ tx: outer }) => {
      await withTenant(outer, uuidOf(b), ({ tx }) => tx.selectFrom('tenants').select('id').execute())
      await withPlatform(outer, (tx) => tx.selectFrom('tenants').select('id').limit(1).execute())
      return outer.selectFrom('tenants').select('id').execute()
    })
    expect(seen.map((t) => t.id)).toEqual([uuidOf(a)])
  })
})
