import { generateKeyPair } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, clientFor } from '../helpers/client'
import { newTenant, type TestTenant } from '../helpers/harness'
import { ID_TOKEN_TYPE, newEmployee, TOKEN_EXCHANGE_GRANT, tokenRequest } from '../helpers/portal'
import { type Idp, startIdp } from './idp'

let idp: Idp
beforeAll(async () => {
  idp = await startIdp()
})
afterAll(() => idp.close())

const configureSso = async (t: TestTenant, fields: Record<string, unknown> = {}) => {
  const res = await t.put('/v1/tenant/sso', { issuer: idp.issuer, jwks_uri: idp.jwksUri, audience: idp.audience, match_on: 'employee_number', ...fields })
  expect(res.status, res.text).toBe(200)
}

const exchange = (t: TestTenant, subjectToken: string, extra: Record<string, string> = {}) =>
  tokenRequest({ grant_type: TOKEN_EXCHANGE_GRANT, subject_token: subjectToken, subject_token_type: ID_TOKEN_TYPE, tenant: t.slug, ...extra })

const refused = async (t: TestTenant, subjectToken: string, pattern: RegExp, error = 'invalid_grant', status = 400) => {
  const res = await exchange(t, subjectToken)
  expect(res.status, res.text).toBe(status)
  expect(res.body.error).toBe(error)
  expect(res.body.error_description).toMatch(pattern)
  expect(res.body.access_token).toBeUndefined()
}

describe('token exchange of an employer id_token', () => {
  it('signs in the roster employee named by the configured claim, verified against the remote JWK set', async () => {
    const t = await newTenant()
    await configureSso(t, { claim: 'employee_no' })
    const employee = await newEmployee(t, { employee_number: 'FY2019-042' })
    const res = await exchange(t, await idp.idToken({ employee_no: 'FY2019-042' }))
    expect(res.status, res.text).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      refresh_token: expect.stringMatching(/^rt_/),
    })
    const me = clientFor(bearer(res.body.access_token))
    expect((await me.get('/v1/portal/children')).status).toBe(200)
    const audit = await t.get(`/v1/audit-events?object_id=${employee.id}`)
    expect(audit.body.data[0]).toMatchObject({ action: 'portal_session.started', actor: { kind: 'employee', id: employee.id }, details: { method: 'sso' } })
  })

  it('matches the email case-insensitively, with an ES256 key when the settings allow it', async () => {
    const t = await newTenant()
    await configureSso(t, { match_on: 'email', algorithms: ['RS256', 'ES256'] })
    await newEmployee(t, { email: 'Wang.Lihua@court.example.cn' })
    const token = await idp.idToken({ email: 'wang.lihua@COURT.example.cn', email_verified: true }, { kid: 'ec-1' })
    expect((await exchange(t, token)).status).toBe(200)
    await refused(t, await idp.idToken({ email: 'wang.lihua@court.example.cn', email_verified: false }), /not verified this email/)
  })

  it('refuses a wrong issuer, a wrong audience and an expired id_token', async () => {
    const t = await newTenant()
    await configureSso(t)
    await newEmployee(t, { employee_number: 'E-1' })
    await refused(t, await idp.idToken({ employee_number: 'E-1' }, { issuer: 'https://evil.example.com/' }), /issuer \(iss\)/)
    await refused(t, await idp.idToken({ employee_number: 'E-1' }, { audience: 'another-app' }), /audience \(aud\)/)
    await refused(t, await idp.idToken({ employee_number: 'E-1' }, { expiresIn: -120 }), /expired/)
  })

  it('refuses an unknown kid, a forged signature and an algorithm the settings do not allow', async () => {
    const t = await newTenant()
    await configureSso(t)
    await newEmployee(t, { employee_number: 'E-1' })
    const stray = await idp.strayKey()
    await refused(t, await idp.idToken({ employee_number: 'E-1' }, { kid: 'stray', key: stray.privateKey }), /key id \(kid\)/)
    await refused(t, await idp.idToken({ employee_number: 'E-1' }, { kid: 'rsa-1', key: stray.privateKey }), /signature does not verify/)
    // PS256 and ES256 are real signatures, but neither algorithm is in ['RS256'].
    const pss = await generateKeyPair('PS256')
    await refused(t, await idp.idToken({ employee_number: 'E-1' }, { kid: 'rsa-1', alg: 'PS256', key: pss.privateKey }), /algorithm \(alg\)/)
    await refused(t, await idp.idToken({ employee_number: 'E-1' }, { kid: 'ec-1' }), /algorithm \(alg\)/)
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify({ iss: idp.issuer, aud: idp.audience, employee_number: 'E-1' })).toString('base64url')}.`
    await refused(t, unsigned, /./)
    await refused(t, 'not-a-jwt', /well-formed/)
  })

  it('refuses an id_token naming nobody on the roster, without the claim, or an employee who has left', async () => {
    const t = await newTenant()
    await configureSso(t)
    await refused(t, await idp.idToken({ employee_number: 'NOBODY' }), /No employee on this tenant's roster has the employee number NOBODY/)
    await refused(t, await idp.idToken({ email: 'x@example.com' }), /no employee_number claim/)
    const leaver = await newEmployee(t, { employee_number: 'E-9' })
    expect((await t.patch(`/v1/employees/${leaver.id}`, { status: 'left' })).status).toBe(200)
    await refused(t, await idp.idToken({ employee_number: 'E-9' }), /has left/)
  })

  it('signs in once per id_token: a replay is refused, a refused exchange leaves the token unspent', async () => {
    const t = await newTenant()
    await configureSso(t)
    const token = await idp.idToken({ employee_number: 'E-7' })
    // Nobody on the roster yet: refused, and the token is not spent by it.
    await refused(t, token, /No employee on this tenant's roster/)
    await newEmployee(t, { employee_number: 'E-7' })
    expect((await exchange(t, token)).status).toBe(200)
    await refused(t, token, /already been exchanged/)
    // Another id_token of the same employee signs in (an IdP makes each one unique, with a nonce or jti).
    expect((await exchange(t, await idp.idToken({ employee_number: 'E-7', nonce: 'second sign-in' }))).status).toBe(200)
  })

  it('starts one session when the same id_token is exchanged many times at once', async () => {
    const t = await newTenant()
    await configureSso(t)
    await newEmployee(t, { employee_number: 'E-8' })
    const token = await idp.idToken({ employee_number: 'E-8' })
    const results = await Promise.all(Array.from({ length: 10 }, () => exchange(t, token)))
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(400)])
    for (const r of results.filter((r) => r.status === 400)) expect(r.body.error_description).toMatch(/already been exchanged/)
  })

  it("does not accept one tenant's id_token for another tenant's roster", async () => {
    const [a, b] = [await newTenant(), await newTenant()]
    await configureSso(a)
    await configureSso(b, { audience: 'b-portal' })
    await newEmployee(a, { employee_number: 'E-1' })
    await newEmployee(b, { employee_number: 'E-1' })
    // Issued for a's client id: b's settings want another audience.
    await refused(b, await idp.idToken({ employee_number: 'E-1' }), /audience/)
  })

  it('tells a tenant without SSO, and a portal sending the wrong token type, what to do', async () => {
    const t = await newTenant()
    await refused(t, await idp.idToken({ employee_number: 'E-1' }), /has not configured SSO/, 'unauthorized_client')
    await configureSso(t)
    const wrongType = await exchange(t, await idp.idToken({ employee_number: 'E-1' }), { subject_token_type: 'urn:ietf:params:oauth:token-type:jwt' })
    expect(wrongType.status).toBe(400)
    expect(wrongType.body).toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(/subject_token_type must be/) })
    const noTenant = await tokenRequest({ grant_type: TOKEN_EXCHANGE_GRANT, subject_token: 'x', subject_token_type: ID_TOKEN_TYPE })
    expect(noTenant.body).toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(/tenant parameter is required/) })
    const unknownTenant = await exchange({ ...t, slug: 'no-such-tenant-x' }, 'x')
    expect(unknownTenant.body).toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(/No tenant/) })
  })

  it("answers temporarily_unavailable when the identity provider's keys cannot be fetched", async () => {
    const t = await newTenant()
    const down = await startIdp()
    await down.close()
    await configureSso(t, { jwks_uri: down.jwksUri })
    await newEmployee(t, { employee_number: 'E-1' })
    await refused(t, await idp.idToken({ employee_number: 'E-1' }), /could not be fetched/, 'temporarily_unavailable', 503)
  })
})
