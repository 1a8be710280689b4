import { describe, expect, it } from 'vitest'
import { bearer, clientFor } from '../helpers/client'
import { expectProblem, newTenant } from '../helpers/harness'
import { securitySuite } from '../helpers/security'

describe('admin: API keys', () => {
  it('shows the secret once, lists keys without it, and records use', async () => {
    const t = await newTenant()
    const made = await t.post('/v1/api-keys', { name: 'payroll sync', scopes: ['read'] })
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ object: 'api_key', name: 'payroll sync', scopes: ['read'], revoked_at: null, last_used_at: null })
    expect(made.body.secret).toMatch(/^sk_[A-Za-z0-9_-]{43}$/)
    expect(made.body.secret.startsWith(made.body.prefix)).toBe(true)

    expect((await clientFor(bearer(made.body.secret)).get('/v1/tenant')).status).toBe(200)
    const listed = await t.get('/v1/api-keys')
    const key = listed.body.data.find((k: { id: string }) => k.id === made.body.id)
    expect(key.secret).toBeUndefined()
    expect(listed.text).not.toContain(made.body.secret)
    expect(key.last_used_at).not.toBeNull()
  })

  it('lets a read-only key read and not write', async () => {
    const t = await newTenant()
    const reader = clientFor(bearer((await t.post('/v1/api-keys', { name: 'reader', scopes: ['read'] })).body.secret))
    expect((await reader.get('/v1/api-keys')).status).toBe(200)
    expectProblem(await reader.post('/v1/api-keys', { name: 'escalate' }), 403, 'insufficient_scope')
  })

  it('revokes a key at once; revoking again changes nothing', async () => {
    const t = await newTenant()
    const made = await t.post('/v1/api-keys', { name: 'temp' })
    const revoked = await t.delete(`/v1/api-keys/${made.body.id}`)
    expect(revoked.status).toBe(200)
    expect(revoked.body.revoked_at).not.toBeNull()
    expectProblem(await clientFor(bearer(made.body.secret)).get('/v1/tenant'), 401, 'unauthenticated')
    expect((await t.delete(`/v1/api-keys/${made.body.id}`)).body.revoked_at).toBe(revoked.body.revoked_at)
  })

  it("does not let one tenant see or revoke another's keys", async () => {
    const [a, b] = await Promise.all([newTenant(), newTenant()])
    expectProblem(await b.delete(`/v1/api-keys/${a.keyId}`), 404, 'not_found')
    expect((await b.get('/v1/api-keys')).body.data.map((k: { id: string }) => k.id)).not.toContain(a.keyId)
    expect((await a.get('/v1/tenant')).status).toBe(200)
  })
})

securitySuite('POST /v1/api-keys', { surface: 'admin', method: 'POST', setup: async () => ({ path: '/v1/api-keys', body: { name: 'x' } }) })
securitySuite('GET /v1/api-keys', { surface: 'admin', method: 'GET', setup: async () => ({ path: '/v1/api-keys' }) })
securitySuite('DELETE /v1/api-keys/{key_id}', {
  surface: 'admin',
  method: 'DELETE',
  setup: async (t) => ({ path: `/v1/api-keys/${(await t.post('/v1/api-keys', { name: 'victim' })).body.id}` }),
})
