import { describe, expect, it } from 'vitest'
import { testApp } from './app'
import { bearer, clientFor, type RequestOptions, send } from './client'
import { expectProblem, newTenant, platform, type TestTenant } from './harness'

export type Surface = 'platform' | 'admin' | 'portal' | 'provider'

/** How to get a working credential of a surface for a tenant; portal and provider register theirs. */
const credentialMakers: Partial<Record<Surface, (tenant: TestTenant) => Promise<string>>> = {
  admin: async (t) => bearer(t.key),
  platform: async () => bearer((await testApp()).config.platformApiKey),
}
export const registerCredential = (surface: Surface, make: (tenant: TestTenant) => Promise<string>) => {
  credentialMakers[surface] = make
}

export type SecurityCase = {
  surface: Surface
  method: string
  /** Creates what the request names inside `owner`, and returns the request. */
  setup: (owner: TestTenant) => Promise<{ path: string } & RequestOptions>
}

const ID_IN_PATH = /\/[a-z]{2,4}_[0-7][0-9a-z]{25}(\/|$)/

/**
 * The checks every route runs: no credential 401, a forged or other surface's credential 401/403,
 * another tenant's id 404, and every error as problem+json.
 */
export const securitySuite = (name: string, c: SecurityCase) =>
  describe(`security: ${name}`, () => {
    const prepare = async () => {
      const owner = await newTenant()
      return { owner, request: await c.setup(owner) }
    }
    const call = (auth: string | undefined, r: { path: string } & RequestOptions) => send(c.method, r.path, auth, r)

    it('answers 401 without a credential', async () => {
      const { request } = await prepare()
      expectProblem(await call(undefined, request), 401, 'unauthenticated')
    })

    it('answers 401 to a forged credential', async () => {
      const { request } = await prepare()
      for (const forged of ['Bearer sk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'Bearer eyJhbGciOiJub25lIn0.e30.', 'Basic dXNlcjpwYXNz']) {
        expectProblem(await call(forged, request), 401, 'unauthenticated')
      }
    })

    it("refuses other surfaces' credentials", async () => {
      const { owner, request } = await prepare()
      for (const [surface, make] of Object.entries(credentialMakers)) {
        if (surface === c.surface || !make) continue
        const res = await call(await make(owner), request)
        expect([401, 403], `${surface} credential on the ${c.surface} surface: ${res.text}`).toContain(res.status)
        expectProblem(res, res.status)
      }
    })

    if (c.surface !== 'platform') {
      it("answers 404 to another tenant naming this tenant's objects", async () => {
        const { request } = await prepare()
        if (!ID_IN_PATH.test(request.path)) return
        const other = await newTenant()
        const make = credentialMakers[c.surface]
        if (!make) throw new Error(`no credential maker for ${c.surface}`)
        expectProblem(await call(await make(other), request), 404, 'not_found')
      })
    }

    if (c.surface === 'admin') {
      it('refuses a revoked key and a suspended tenant', async () => {
        const { owner, request } = await prepare()
        const spare = await owner.post('/v1/api-keys', { name: 'spare' })
        await owner.delete(`/v1/api-keys/${spare.body.id}`)
        expectProblem(await call(bearer(spare.body.secret), request), 401, 'unauthenticated')
        const operator = await platform()
        expect((await operator.post(`/v1/platform/tenants/${owner.id}/suspend`)).status).toBe(200)
        expectProblem(await call(bearer(owner.key), request), 403, 'tenant_suspended')
      })

      if (c.method !== 'GET') {
        it('refuses a read-only key', async () => {
          const { owner, request } = await prepare()
          const readOnly = await owner.post('/v1/api-keys', { name: 'reader', scopes: ['read'] })
          expectProblem(await clientFor(bearer(readOnly.body.secret)).send(c.method, request.path, request), 403, 'insufficient_scope')
        })
      }
    }
  })
