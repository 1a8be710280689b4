import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { send } from '../helpers/client'
import { expectProblem, newTenant, platform } from '../helpers/harness'
import { INVITATION_GRANT, invite, newEmployee, signedInEmployee, tokenRequest } from '../helpers/portal'

describe('POST /v1/oauth/token', () => {
  it('issues a 15-minute ES256 portal access token naming the employee and tenant, verifiable with the JWKS', async () => {
    const t = await newTenant()
    const me = await signedInEmployee(t)
    const jwks = await send('GET', '/.well-known/jwks.json', undefined)
    const { payload } = await jwtVerify(me.accessToken, createLocalJWKSet(jwks.body), { audience: 'tuoguan:portal', typ: 'at+jwt' })
    expect(payload).toMatchObject({ sub: me.employeeId, tid: t.id, sid: expect.any(String) })
    expect((payload.exp as number) - (payload.iat as number)).toBe(900)
    expect(decodeProtectedHeader(me.accessToken)).toMatchObject({ alg: 'ES256', kid: expect.any(String) })
  })

  it('answers OAuth errors, not problem+json, for a malformed request', async () => {
    const json = await send('POST', '/v1/oauth/token', undefined, { body: { grant_type: 'refresh_token', refresh_token: 'x' } })
    expect(json.status).toBe(400)
    expect(json.headers.get('content-type')).toMatch(/^application\/json/)
    expect(json.body).toEqual({ error: 'invalid_request', error_description: expect.stringMatching(/form-encoded/) })

    const missing = await tokenRequest({ code: 'x' })
    expect(missing.status).toBe(400)
    expect(missing.body).toEqual({ error: 'invalid_request', error_description: expect.stringMatching(/grant_type/) })

    const unsupported = await tokenRequest({ grant_type: 'password', username: 'a', password: 'b' })
    expect(unsupported.status).toBe(400)
    expect(unsupported.body).toMatchObject({ error: 'unsupported_grant_type', error_description: expect.stringMatching(/password is not supported/) })
    expect(unsupported.headers.get('cache-control')).toBe('no-store')

    const repeated = await send('POST', '/v1/oauth/token', undefined, {
      raw: 'grant_type=refresh_token&refresh_token=a&refresh_token=b',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    expect(repeated.body).toEqual({ error: 'invalid_request', error_description: 'The refresh_token parameter is sent more than once.' })

    const proto = await tokenRequest({ grant_type: '__proto__' })
    expect(proto.body.error).toBe('unsupported_grant_type')
  })

  it('refuses sign-in to a suspended tenant, and to a tenant named wrongly', async () => {
    const t = await newTenant()
    const employee = await newEmployee(t)
    const code = await invite(t, employee.id)
    await (await platform()).post(`/v1/platform/tenants/${t.id}/suspend`)
    const res = await tokenRequest({ grant_type: INVITATION_GRANT, tenant: t.slug, code })
    expect(res.body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/suspended/) })
    const other = await newTenant()
    const wrong = await tokenRequest({ grant_type: INVITATION_GRANT, tenant: other.slug, code })
    expect(wrong.body).toMatchObject({ error: 'invalid_grant', error_description: 'The invitation code is not valid.' })
  })

  it('keeps its other methods out', async () => {
    expectProblem(await send('GET', '/v1/oauth/token', undefined), 405, 'method_not_allowed')
  })
})
