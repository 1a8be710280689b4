import { CompiledQuery, type RawBuilder, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { atCommit, deferToFirstStatement, pipeline } from '../../src/db/pipeline'
import { readInTenant, type TenantTx, withPlatform, withTenant } from '../../src/db/tenant'
import { newId, parseApiId } from '../../src/lib/ids'
import { testApp } from '../helpers/app'
import { newTenant } from '../helpers/harness'

const uuidOf = (tenant: { id: string }) => parseApiId('ten', tenant.id) as string

/** An audit row, as `recordAudit` writes it, to tell whether a held statement reached the database. */
const auditRow = (tx: TenantTx, objectId: string, details: Record<string, unknown> | RawBuilder<Record<string, unknown>> = {}) =>
  tx.insertInto('audit_events').values({
    tenant_id: sql<string>`app_tenant()`,
    id: newId('aud').uuid,
    actor_kind: 'platform',
    actor_id: 'pipeline-test',
    action: 'test.pipelined',
    object_type: 'test',
    object_id: objectId,
    request_id: 'req_pipeline_test',
    details,
  })

/** Appends `label` to a transaction-local setting and answers it: the order in which the database ran the steps. */
const step = (label: string) =>
  sql<{ steps: string }>`select set_config('pipeline_test.steps', coalesce(current_setting('pipeline_test.steps', true), '') || ${label}, true) as steps`

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

  it('runs held statements first, then the statements in order, then those held for the commit, then the COMMIT', async () => {
    const { db } = await testApp()
    const tenant = uuidOf(await newTenant())
    const objectId = `obj-order-${newId('aud').uuid}`
    const answers = await withTenant(db, tenant, async ({ tx }) => {
      await deferToFirstStatement(tx, step('a').compile(tx))
      await atCommit(tx, auditRow(tx, objectId, sql`jsonb_build_object('steps', current_setting('pipeline_test.steps'))`))
      const [b, c] = await pipeline(tx, [step('b'), step('c')])
      const d = await step('d').execute(tx)
      const [e] = await pipeline(tx, [step('e')], { commit: true })
      return [b, c, d.rows, e].map((rows) => rows[0]?.steps)
    })
    expect(answers).toEqual(['ab', 'abc', 'abcd', 'abcde'])
    const [row] = await readInTenant(db, tenant, ({ tx }) => tx.selectFrom('audit_events').select('details').where('object_id', '=', objectId))
    expect(row?.details).toEqual({ steps: 'abcde' })
  })

  it('sends a held statement with the next one: its failure surfaces there, not where it was handed over', async () => {
    const { db } = await testApp()
    const tenant = uuidOf(await newTenant())
    const objectId = `obj-held-${newId('aud').uuid}`
    let handedOver = false
    await expect(
      withTenant(db, tenant, async ({ tx }) => {
        await deferToFirstStatement(tx, CompiledQuery.raw('select 1 / 0'))
        handedOver = true
        await atCommit(tx, auditRow(tx, objectId))
        await tx.selectFrom('tenants').select('id').execute()
      }),
    ).rejects.toThrow(/division by zero/)
    expect(handedOver).toBe(true)
    expect(await audited(tenant, objectId)).toBe(0)
  })

  it('refuses a statement after the COMMIT went out, rather than run it outside the tenant', async () => {
    const { db } = await testApp()
    const tenant = uuidOf(await newTenant())
    const objectId = `obj-after-commit-${newId('aud').uuid}`
    await expect(
      withTenant(db, tenant, async ({ tx }) => {
        await pipeline(tx, [sql`select 1`], { commit: true })
        await tx.selectFrom('tenants').select('id').execute()
      }),
    ).rejects.toThrow(/already committed/)
    // Handed to `atCommit` after an early commit: refused when the transaction ends.
    await expect(
      withTenant(db, tenant, async ({ tx }) => {
        await pipeline(tx, [sql`select 1`], { commit: true })
        await atCommit(tx, auditRow(tx, objectId))
      }),
    ).rejects.toThrow(/already committed/)
    expect(await audited(tenant, objectId)).toBe(0)
    // The connection is fit for the next transaction.
    expect(await readInTenant(db, tenant, () => sql<{ n: number }>`select 1 as n`)).toEqual([{ n: 1 }])
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
