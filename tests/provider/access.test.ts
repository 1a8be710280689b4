import { createLocalJWKSet, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { bearer, clientFor, send } from '../helpers/client'
import { expectProblem, newTenant, platform, type TestTenant } from '../helpers/harness'
import { signedInEmployee } from '../helpers/portal'
import { clientCredentialsRequest, dayFromToday, issueCredential, providerClient, providerWorld } from '../helpers/provider'

/** A draft program and a contract covering it for the dates given (from yesterday to 30 days ahead by default). */
const contractWithCredential = async (
  t: TestTenant,
  dates: { starts_on: string; ends_on: string } = { starts_on: dayFromToday(-1), ends_on: dayFromToday(30) },
) => {
  const program = await t.post('/v1/programs', { name: 'After-school care' })
  const agency = await t.post('/v1/providers', { name: '阳光托育', kind: 'agency' })
  const contract = await t.post('/v1/contracts', { provider_id: agency.body.id, program_ids: [program.body.id], ...dates })
  expect(contract.status, contract.text).toBe(201)
  return { contractId: contract.body.id as string, programId: program.body.id as string, credential: await issueCredential(t, contract.body.id) }
}

const feed = (auth: string) => send('GET', '/v1/provider/feed', auth)

describe('client credentials (POST /v1/oauth/token, grant_type=client_credentials)', () => {
  it('issues a 15-minute provider token for the contract, by HTTP Basic or in the form', async () => {
    const t = await newTenant()
    const { contractId, credential } = await contractWithCredential(t)
    for (const how of ['basic', 'post'] as const) {
      const res = await clientCredentialsRequest(credential.client_id, credential.client_secret, how)
      expect(res.status, res.text).toBe(200)
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect(res.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 900 })
      const jwks = await send('GET', '/.well-known/jwks.json', undefined)
      const { payload } = await jwtVerify(res.body.access_token, createLocalJWKSet(jwks.body), { audience: 'tuoguan:provider', typ: 'at+jwt' })
      expect(payload).toMatchObject({ sub: contractId, tid: t.id, cli: credential.client_id })
      expect((payload.exp as number) - (payload.iat as number)).toBe(900)
      expect((await feed(bearer(res.body.access_token))).status).toBe(200)
    }
  })

  it('refuses a wrong secret, an unknown client, and a client that authenticates twice or not at all', async () => {
    const t = await newTenant()
    const { credential } = await contractWithCredential(t)
    for (const [id, secret] of [
      [credential.client_id, `${credential.client_secret}x`],
      ['cli_01h455vb4pex5vsknk084sn02q', credential.client_secret],
    ] as const) {
      const res = await clientCredentialsRequest(id, secret)
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic/)
      expect(res.body).toEqual({ error: 'invalid_client', error_description: expect.stringMatching(/Client authentication failed/) })
    }
    const none = await send('POST', '/v1/oauth/token', undefined, {
      raw: 'grant_type=client_credentials',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    expect(none.status).toBe(401)
    expect(none.body.error).toBe('invalid_client')
    const both = await send('POST', '/v1/oauth/token', undefined, {
      raw: new URLSearchParams({ grant_type: 'client_credentials', client_secret: credential.client_secret }).toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${btoa(`${credential.client_id}:${credential.client_secret}`)}` },
    })
    expect(both.body).toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(/one way/) })
    const twice = await send('POST', '/v1/oauth/token', undefined, {
      raw: `grant_type=client_credentials&client_id=${credential.client_id}&client_id=${credential.client_id}&client_secret=${credential.client_secret}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    expect(twice.body).toEqual({ error: 'invalid_request', error_description: 'The client_id parameter is sent more than once.' })
  })

  it('gives a contract that has not started a token, and an expired contract or a suspended tenant none', async () => {
    const t = await newTenant()
    const scheduled = await contractWithCredential(t, { starts_on: dayFromToday(10), ends_on: dayFromToday(40) })
    expect((await clientCredentialsRequest(scheduled.credential.client_id, scheduled.credential.client_secret)).status).toBe(200)

    const expired = await contractWithCredential(t, { starts_on: dayFromToday(-40), ends_on: dayFromToday(-1) })
    const refused = await clientCredentialsRequest(expired.credential.client_id, expired.credential.client_secret)
    expect(refused.status).toBe(400)
    expect(refused.body).toEqual({
      error: 'unauthorized_client',
      error_description: `Contract ${expired.contractId} ended on ${dayFromToday(-1)}; ask the employer to extend it.`,
    })

    expect((await (await platform()).post(`/v1/platform/tenants/${t.id}/suspend`)).status).toBe(200)
    const suspended = await clientCredentialsRequest(scheduled.credential.client_id, scheduled.credential.client_secret)
    expect(suspended.body).toMatchObject({ error: 'unauthorized_client', error_description: expect.stringMatching(/suspended/) })
  })

  it('keeps the previous secret working through a rotation grace period only', async () => {
    const t = await newTenant()
    const { contractId, credential } = await contractWithCredential(t)
    const rotated = await t.post(`/v1/contracts/${contractId}/credentials/${credential.client_id}/rotate`, { grace_period_seconds: 600 })
    expect(rotated.status, rotated.text).toBe(200)
    expect((await clientCredentialsRequest(credential.client_id, credential.client_secret)).status).toBe(200)
    expect((await clientCredentialsRequest(credential.client_id, rotated.body.client_secret)).status).toBe(200)
    await t.post(`/v1/contracts/${contractId}/credentials/${credential.client_id}/rotate`, {})
    expect((await clientCredentialsRequest(credential.client_id, rotated.body.client_secret)).status).toBe(401)
  })
})

describe('a provider token stops at once', () => {
  it('when the contract is revoked, though the token has not expired', async () => {
    const t = await newTenant()
    const { contractId, credential } = await contractWithCredential(t)
    const provider = await providerClient(credential)
    expect((await provider.get('/v1/provider/feed')).status).toBe(200)
    expect((await t.post(`/v1/contracts/${contractId}/revoke`)).status).toBe(200)
    const res = await provider.get('/v1/provider/feed')
    expectProblem(res, 401, 'unauthenticated')
    expect(res.body.detail).toMatch(/was revoked/)
    expect(res.headers.get('www-authenticate')).toMatch(/invalid_token/)
    expect((await clientCredentialsRequest(credential.client_id, credential.client_secret)).status).toBe(401)
  })

  it('when its credential is revoked, while another credential of the contract keeps working', async () => {
    const t = await newTenant()
    const { contractId, credential } = await contractWithCredential(t)
    const spare = await providerClient(await issueCredential(t, contractId))
    const provider = await providerClient(credential)
    expect((await t.delete(`/v1/contracts/${contractId}/credentials/${credential.client_id}`)).status).toBe(200)
    expectProblem(await provider.get('/v1/provider/feed'), 401, 'unauthenticated')
    expect((await spare.get('/v1/provider/feed')).status).toBe(200)
  })

  it('when the contract ends (its dates are cut short), and works again when they are extended', async () => {
    const t = await newTenant()
    const { contractId, credential } = await contractWithCredential(t, { starts_on: dayFromToday(-10), ends_on: dayFromToday(10) })
    const provider = await providerClient(credential)
    expect((await t.patch(`/v1/contracts/${contractId}`, { ends_on: dayFromToday(-1) })).status).toBe(200)
    const res = await provider.get('/v1/provider/feed')
    expectProblem(res, 401, 'unauthenticated')
    expect(res.body.detail).toMatch(`ended on ${dayFromToday(-1)}`)
    expect((await t.patch(`/v1/contracts/${contractId}`, { ends_on: dayFromToday(10) })).status).toBe(200)
    expect((await provider.get('/v1/provider/feed')).status).toBe(200)
  })

  it('when the tenant is suspended (403 tenant_suspended), and works again on reactivation', async () => {
    const t = await newTenant()
    const { credential } = await contractWithCredential(t)
    const provider = await providerClient(credential)
    const operator = await platform()
    await operator.post(`/v1/platform/tenants/${t.id}/suspend`)
    expectProblem(await provider.get('/v1/provider/feed'), 403, 'tenant_suspended')
    await operator.post(`/v1/platform/tenants/${t.id}/reactivate`)
    expect((await provider.get('/v1/provider/feed')).status).toBe(200)
  })

  it('is no credential on the admin or portal surface, and their credentials are none here', async () => {
    const t = await newTenant()
    const { credential } = await contractWithCredential(t)
    const provider = await providerClient(credential)
    expectProblem(await provider.get('/v1/tenant'), 401, 'unauthenticated')
    expectProblem(await provider.get('/v1/portal/children'), 401, 'unauthenticated')
    const employee = await signedInEmployee(t)
    expectProblem(await clientFor(bearer(employee.accessToken)).get('/v1/provider/feed'), 401, 'unauthenticated')
    expectProblem(await clientFor(bearer(credential.client_secret)).get('/v1/provider/feed'), 401, 'unauthenticated')
  })
})

describe('scope: one contract, its programs, its dates', () => {
  it("answers 404 for a program of another contract of the same tenant, and for another tenant's program", async () => {
    const w = await providerWorld(await newTenant())
    const ours = dayFromToday(0)
    const other = await contractWithCredential(w.tenant)
    const elsewhere = await providerWorld(await newTenant())
    for (const programId of [other.programId, elsewhere.program.id, 'prg_01h455vb4pex5vsknk084sn02q', 'not-an-id-at-all']) {
      const roster = await w.provider.get(`/v1/provider/roster?program_id=${programId}&date=${ours}`)
      if (programId === 'not-an-id-at-all') expectProblem(roster, 422, 'invalid_request')
      else expectProblem(roster, 404, 'not_found')
    }
    for (const programId of [other.programId, elsewhere.program.id]) {
      const checkIn = await w.provider.post('/v1/provider/check-ins', { program_id: programId, child_id: 'chd_01h455vb4pex5vsknk084sn02q' })
      expectProblem(checkIn, 404, 'not_found')
      expectProblem(await w.provider.get(`/v1/provider/attendance.csv?from=${ours}&to=${ours}&program_id=${programId}`), 404, 'not_found')
    }
    // Nor does a child of another tenant exist for this contract.
    const theirs = await elsewhere.guardian.post('/v1/portal/children', {
      name: '李小红',
      date_of_birth: '2020-05-05',
      allergies: [],
      emergency_contacts: [],
      authorized_pickups: [],
      consent: { purpose: 'childcare_services', policy_version: '2027-01' },
    })
    expectProblem(await w.provider.post('/v1/provider/check-ins', { program_id: w.program.id, child_id: theirs.body.id }), 404, 'not_found')
  })

  it("answers 422 outside_contract for a day outside the contract's dates", async () => {
    const t = await newTenant()
    const w = await providerWorld(t)
    const narrow = await t.post('/v1/contracts', {
      provider_id: (await t.post('/v1/providers', { name: 'Volunteers', kind: 'volunteers' })).body.id,
      program_ids: [w.program.id],
      starts_on: dayFromToday(1),
      ends_on: dayFromToday(5),
    })
    const volunteers = await providerClient(await issueCredential(t, narrow.body.id))
    expect((await volunteers.get(`/v1/provider/roster?program_id=${w.program.id}&date=${dayFromToday(3)}`)).status).toBe(200)
    const res = await volunteers.get(`/v1/provider/roster?program_id=${w.program.id}&date=${dayFromToday(6)}`)
    expectProblem(res, 422, 'outside_contract')
    expect(res.body.errors).toEqual([
      { path: 'date', message: `${dayFromToday(6)} is outside the contract, which covers ${dayFromToday(1)} to ${dayFromToday(5)}` },
    ])
  })
})
