import { describe, expect, it } from 'vitest'
import { parseApiId } from '../../src/lib/ids'
import { expectProblem, newTenant, platform } from '../helpers/harness'
import { authenticate, createContract, issueCredential } from './fixtures'

const uuid = (prefix: string, id: string) => parseApiId(prefix, id)

describe('contract credentials', () => {
  it('issues a client id and a secret shown once, and authenticates with them', async () => {
    const t = await newTenant()
    const c = await createContract(t)
    const issued = await t.post(`/v1/contracts/${c.id}/credentials`, { name: 'front desk' })
    expect(issued.status, issued.text).toBe(201)
    expect(issued.body).toEqual({
      id: expect.stringMatching(/^cli_[0-7][0-9a-z]{25}$/),
      object: 'contract_credential',
      client_id: issued.body.id,
      contract_id: c.id,
      name: 'front desk',
      secret_prefix: issued.body.client_secret.slice(0, 11),
      client_secret: expect.stringMatching(/^cs_[A-Za-z0-9_-]{43}$/),
      created_at: expect.any(String),
      rotated_at: null,
      previous_secret_expires_at: null,
      last_used_at: null,
      revoked_at: null,
    })
    const listed = await t.get(`/v1/contracts/${c.id}/credentials`)
    expect(listed.body.data).toHaveLength(1)
    expect(listed.text).not.toContain(issued.body.client_secret)
    expect(listed.body.data[0]).not.toHaveProperty('client_secret')

    const [auth] = await authenticate(issued.body.client_id, issued.body.client_secret)
    expect(auth).toEqual({
      tenant_id: uuid('ten', t.id),
      contract_id: uuid('ctr', c.id),
      credential_id: uuid('cli', issued.body.id),
      provider_id: uuid('prv', c.provider_id),
      starts_on: '2027-07-05',
      ends_on: '2027-08-13',
      contract_revoked_at: null,
      contract_status: 'scheduled',
      tenant_status: 'active',
      tenant_time_zone: 'Asia/Shanghai',
    })
    // Its use shows in the list (recorded at most once a minute).
    expect((await t.get(`/v1/contracts/${c.id}/credentials`)).body.data[0].last_used_at).toEqual(expect.any(String))
  })

  it('issues a credential without a body, and keeps credentials apart', async () => {
    const t = await newTenant()
    const [c1, c2] = [await createContract(t), await createContract(t)]
    const bare = await t.post(`/v1/contracts/${c1.id}/credentials`)
    expect(bare.status, bare.text).toBe(201)
    expect(bare.body.name).toBeNull()
    const second = await issueCredential(t, c2.id)
    expect(await authenticate(bare.body.client_id, second.client_secret)).toEqual([])
    expect(await authenticate(second.client_id, bare.body.client_secret)).toEqual([])
    expect(await authenticate(bare.body.client_id, `${bare.body.client_secret}x`)).toEqual([])
    expect(await authenticate('cli_01jd7k3m5n6p7q8r9s0t1v2w3x', bare.body.client_secret)).toEqual([])
    expect((await t.get(`/v1/contracts/${c2.id}/credentials`)).body.data.map((k: { id: string }) => k.id)).toEqual([second.id])
  })

  it('reports an expired contract, and a suspended tenant, so neither is usable', async () => {
    const t = await newTenant()
    const past = await createContract(t, { starts_on: '2020-06-01', ends_on: '2020-08-31' })
    const current = await createContract(t, { starts_on: '2020-01-01', ends_on: '2099-12-31' })
    const [old, now] = [await issueCredential(t, past.id), await issueCredential(t, current.id)]
    expect((await authenticate(old.client_id, old.client_secret))[0]?.contract_status).toBe('expired')
    expect((await authenticate(now.client_id, now.client_secret))[0]).toMatchObject({ contract_status: 'active', tenant_status: 'active' })
    await (await platform()).post(`/v1/platform/tenants/${t.id}/suspend`)
    expect((await authenticate(now.client_id, now.client_secret))[0]?.tenant_status).toBe('suspended')
  })

  it('revokes a credential at once; others of the contract keep working', async () => {
    const t = await newTenant()
    const c = await createContract(t)
    const [a, b] = [await issueCredential(t, c.id), await issueCredential(t, c.id)]
    const revoked = await t.delete(`/v1/contracts/${c.id}/credentials/${a.client_id}`)
    expect(revoked.status, revoked.text).toBe(200)
    expect(revoked.body).toMatchObject({ id: a.id, revoked_at: expect.any(String) })
    expect(revoked.body).not.toHaveProperty('client_secret')
    expect(await authenticate(a.client_id, a.client_secret)).toEqual([])
    expect(await authenticate(b.client_id, b.client_secret)).toHaveLength(1)
    const again = await t.delete(`/v1/contracts/${c.id}/credentials/${a.client_id}`)
    expect(again.body.revoked_at).toBe(revoked.body.revoked_at)
    expectProblem(await t.post(`/v1/contracts/${c.id}/credentials/${a.client_id}/rotate`), 409, 'invalid_state')
    expect(await authenticate(a.client_id, a.client_secret)).toEqual([])
  })

  it('revoking the contract revokes every credential, and it issues no more', async () => {
    const t = await newTenant()
    const c = await createContract(t)
    const [a, b] = [await issueCredential(t, c.id), await issueCredential(t, c.id)]
    await t.post(`/v1/contracts/${c.id}/revoke`)
    expect(await authenticate(a.client_id, a.client_secret)).toEqual([])
    expect(await authenticate(b.client_id, b.client_secret)).toEqual([])
    const listed = await t.get(`/v1/contracts/${c.id}/credentials`)
    expect(listed.body.data.map((k: { revoked_at: string | null }) => k.revoked_at)).toEqual([expect.any(String), expect.any(String)])
    expectProblem(await t.post(`/v1/contracts/${c.id}/credentials`, {}), 409, 'invalid_state')
    const audit = await t.get(`/v1/audit-events?object_id=${c.id}`)
    expect(audit.body.data[0]).toMatchObject({
      action: 'contract.revoked',
      details: { credentials_revoked: expect.arrayContaining([a.client_id, b.client_id]) },
    })
  })

  it('rotates the secret under the same client id; the old one stops at once by default', async () => {
    const t = await newTenant()
    const c = await createContract(t)
    const k = await issueCredential(t, c.id)
    const rotated = await t.post(`/v1/contracts/${c.id}/credentials/${k.client_id}/rotate`)
    expect(rotated.status, rotated.text).toBe(200)
    expect(rotated.body).toMatchObject({ client_id: k.client_id, rotated_at: expect.any(String), previous_secret_expires_at: null })
    expect(rotated.body.client_secret).not.toBe(k.client_secret)
    expect(rotated.body.secret_prefix).toBe(rotated.body.client_secret.slice(0, 11))
    expect(await authenticate(k.client_id, k.client_secret)).toEqual([])
    expect(await authenticate(k.client_id, rotated.body.client_secret)).toHaveLength(1)
  })

  it('keeps the previous secret working through a grace period, then not', async () => {
    const t = await newTenant()
    const c = await createContract(t)
    const k = await issueCredential(t, c.id)
    const long = await t.post(`/v1/contracts/${c.id}/credentials/${k.client_id}/rotate`, { grace_period_seconds: 3600 })
    expect(Date.parse(long.body.previous_secret_expires_at) - Date.now()).toBeGreaterThan(3500_000)
    expect(await authenticate(k.client_id, k.client_secret)).toHaveLength(1)
    expect(await authenticate(k.client_id, long.body.client_secret)).toHaveLength(1)

    // A second rotation retires the secret still in its grace period at once.
    const short = await t.post(`/v1/contracts/${c.id}/credentials/${k.client_id}/rotate`, { grace_period_seconds: 1 })
    expect(await authenticate(k.client_id, k.client_secret)).toEqual([])
    expect(await authenticate(k.client_id, long.body.client_secret)).toHaveLength(1)
    await new Promise((r) => setTimeout(r, 1200))
    expect(await authenticate(k.client_id, long.body.client_secret)).toEqual([])
    expect(await authenticate(k.client_id, short.body.client_secret)).toHaveLength(1)

    // Revoking stops the grace-period secret as well.
    const last = await t.post(`/v1/contracts/${c.id}/credentials/${k.client_id}/rotate`, { grace_period_seconds: 600 })
    await t.delete(`/v1/contracts/${c.id}/credentials/${k.client_id}`)
    expect(await authenticate(k.client_id, short.body.client_secret)).toEqual([])
    expect(await authenticate(k.client_id, last.body.client_secret)).toEqual([])

    expectProblem(await t.post(`/v1/contracts/${c.id}/credentials/${k.client_id}/rotate`, { grace_period_seconds: 8 * 86400 }), 422, 'invalid_request')
    const audit = await t.get(`/v1/audit-events?object_id=${k.client_id}`)
    expect(audit.body.data.map((e: { action: string }) => e.action)).toEqual([
      'contract_credential.revoked',
      'contract_credential.rotated',
      'contract_credential.rotated',
      'contract_credential.rotated',
      'contract_credential.created',
    ])
  })

  it('allows at most 5 credentials in use per contract', async () => {
    const t = await newTenant()
    const c = await createContract(t)
    const issued = []
    for (let i = 0; i < 5; i++) issued.push(await issueCredential(t, c.id))
    const sixth = await t.post(`/v1/contracts/${c.id}/credentials`, { name: 'one too many' })
    expectProblem(sixth, 409, 'conflict')
    expect(sixth.body.detail).toContain('revoke one first')
    await t.delete(`/v1/contracts/${c.id}/credentials/${issued[0]?.client_id}`)
    expect((await t.post(`/v1/contracts/${c.id}/credentials`, { name: 'replacement' })).status).toBe(201)
  })

  it('never exceeds 5 credentials in use under concurrent issues, nor issues one past a concurrent revocation', async () => {
    const t = await newTenant()
    const c = await createContract(t)
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => t.post(`/v1/contracts/${c.id}/credentials`, { name: `racer ${i}` })))
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 201, 201, 409, 409, 409])
    const d = await createContract(t)
    const [issued, revoked] = await Promise.all([t.post(`/v1/contracts/${d.id}/credentials`), t.post(`/v1/contracts/${d.id}/revoke`)])
    expect(revoked.status).toBe(200)
    // Either the credential came first and the revocation took it along, or the contract refused it.
    if (issued.status === 201) expect(await authenticate(issued.body.client_id, issued.body.client_secret)).toEqual([])
    else expectProblem(issued, 409, 'invalid_state')
  })

  it("answers 404 for another tenant's contract or credential, and for a credential of another contract", async () => {
    const [a, b] = [await newTenant(), await newTenant()]
    const [c1, c2] = [await createContract(a), await createContract(a)]
    const k = await issueCredential(a, c1.id)
    expectProblem(await b.post(`/v1/contracts/${c1.id}/credentials`), 404, 'not_found')
    expectProblem(await b.get(`/v1/contracts/${c1.id}/credentials`), 404, 'not_found')
    expectProblem(await b.delete(`/v1/contracts/${c1.id}/credentials/${k.client_id}`), 404, 'not_found')
    expectProblem(await b.post(`/v1/contracts/${c1.id}/credentials/${k.client_id}/rotate`), 404, 'not_found')
    expectProblem(await a.delete(`/v1/contracts/${c2.id}/credentials/${k.client_id}`), 404, 'not_found')
    expectProblem(await a.post(`/v1/contracts/${c2.id}/credentials/${k.client_id}/rotate`), 404, 'not_found')
    expect(await authenticate(k.client_id, k.client_secret)).toHaveLength(1)
  })

  it('replays an issue retried with the same Idempotency-Key instead of minting a second secret', async () => {
    const t = await newTenant()
    const c = await createContract(t)
    const headers = { 'Idempotency-Key': 'issue-front-desk-1' }
    const first = await t.post(`/v1/contracts/${c.id}/credentials`, { name: 'front desk' }, { headers })
    const retry = await t.post(`/v1/contracts/${c.id}/credentials`, { name: 'front desk' }, { headers })
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect(retry.body).toEqual(first.body)
    expect((await t.get(`/v1/contracts/${c.id}/credentials`)).body.data).toHaveLength(1)
  })
})
