import { describe, expect, it } from 'vitest'
import { send } from '../helpers/client'
import { expectProblem, newTenant, platform, type TestTenant } from '../helpers/harness'
import { INVITATION_GRANT, invite, newEmployee, signedInEmployee, tokenRequest } from '../helpers/portal'
import { assignProvider, createProgram } from '../programs/fixtures'

const brandingOf = (slugOrHost: string, headers: Record<string, string> = {}) => send('GET', `/v1/portal/tenants/${slugOrHost}`, undefined, { headers })

const setOrigins = async (t: TestTenant, origins: string[]) => {
  const res = await t.put('/v1/tenant/portal', { origins })
  expect(res.status, res.text).toBe(200)
}

describe('portal branding (public)', () => {
  it('shows display name, logo, colours, locale, sign-in methods and the published programs, by slug or portal host', async () => {
    const t = await newTenant({
      locale: 'zh-CN',
      branding: { display_name: 'Court Summer Care', logo_url: 'https://cdn.example.com/court.png', primary_color: '#8B1A1A', accent_color: '#D4A017' },
    })
    const host = `${t.slug}.care.example.cn`
    expect((await t.patch('/v1/tenant', { branding: { display_name: 'Court Summer Care', primary_color: '#8B1A1A', portal_host: host } })).status).toBe(200)
    const published = await createProgram(t, { name: 'Summer 2027' })
    await createProgram(t, { name: 'Draft, not shown' })
    await assignProvider(t, [published.id])
    const publish = await t.post(`/v1/programs/${published.id}/publish`)
    expect(publish.status, publish.text).toBe(200)

    const res = await brandingOf(t.slug)
    expect(res.status, res.text).toBe(200)
    expect(res.body).toEqual({
      object: 'portal_branding',
      slug: t.slug,
      name: `Tenant ${t.slug}`,
      display_name: 'Court Summer Care',
      logo_url: null,
      primary_color: '#8B1A1A',
      accent_color: null,
      portal_host: host,
      locale: 'zh-CN',
      time_zone: 'Asia/Shanghai',
      sign_in: { methods: ['invitation'], sso: null },
      programs: [
        {
          id: published.id,
          name: 'Summer 2027',
          starts_on: '2027-07-05',
          ends_on: expect.any(String),
          min_age: 3,
          max_age: 7,
          registration_opens_at: expect.any(String),
          registration_closes_at: expect.any(String),
        },
      ],
    })
    const byHost = await brandingOf(host)
    expect(byHost.body).toEqual(res.body)

    await t.put('/v1/tenant/sso', { issuer: 'https://login.example.cn', jwks_uri: 'https://login.example.cn/jwks', audience: 'portal-app', match_on: 'email' })
    expect((await brandingOf(t.slug)).body.sign_in).toEqual({
      methods: ['sso', 'invitation'],
      sso: { issuer: 'https://login.example.cn', client_id: 'portal-app' },
    })
  })

  it('is cacheable by a CDN, with an ETag that answers 304 until something changes', async () => {
    const t = await newTenant()
    const res = await brandingOf(t.slug)
    expect(res.headers.get('cache-control')).toMatch(/^public, .*s-maxage=\d+/)
    expect(res.headers.get('vary')).toMatch(/Origin/)
    const etag = res.headers.get('etag') as string
    expect(etag).toMatch(/^W\/"[0-9a-f]{32}"$/)
    const unchanged = await brandingOf(t.slug, { 'If-None-Match': etag })
    expect(unchanged.status).toBe(304)
    expect(unchanged.text).toBe('')
    await t.patch('/v1/tenant', { branding: { display_name: 'New name' } })
    const changed = await brandingOf(t.slug, { 'If-None-Match': etag })
    expect(changed.status).toBe(200)
    expect(changed.body.display_name).toBe('New name')
  })

  it('answers 404 for an unknown tenant, 422 for a malformed one, and 403 while the tenant is suspended', async () => {
    expectProblem(await brandingOf('no-such-tenant'), 404, 'not_found')
    expectProblem(await brandingOf('Bad_Slug!'), 422, 'invalid_request')
    const t = await newTenant()
    await (await platform()).post(`/v1/platform/tenants/${t.id}/suspend`)
    expectProblem(await brandingOf(t.slug), 403, 'tenant_suspended')
  })
})

describe('CORS on the portal', () => {
  it("admits the tenant's configured origins only", async () => {
    const [t, other] = [await newTenant(), await newTenant()]
    await setOrigins(t, ['https://care.court.example.cn'])
    await setOrigins(other, ['https://care.bank.example.cn'])
    const allowed = await brandingOf(t.slug, { Origin: 'https://care.court.example.cn' })
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://care.court.example.cn')
    expect(allowed.headers.get('access-control-expose-headers')).toMatch(/ETag/)
    for (const origin of ['https://care.bank.example.cn', 'https://evil.example.com']) {
      const refused = await brandingOf(t.slug, { Origin: origin })
      expect(refused.status).toBe(200)
      expect(refused.headers.get('access-control-allow-origin')).toBeNull()
    }

    const me = await signedInEmployee(t)
    expect((await me.get('/v1/portal/children', { headers: { Origin: 'https://care.court.example.cn' } })).headers.get('access-control-allow-origin')).toBe(
      'https://care.court.example.cn',
    )
    expect((await me.get('/v1/portal/children', { headers: { Origin: 'https://care.bank.example.cn' } })).headers.get('access-control-allow-origin')).toBeNull()
  })

  it('answers preflights for configured origins, before any credential', async () => {
    const t = await newTenant()
    await setOrigins(t, ['https://care.court.example.cn'])
    const preflight = (origin: string) =>
      send('OPTIONS', '/v1/portal/children', undefined, {
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type, idempotency-key' },
      })
    const ok = await preflight('https://care.court.example.cn')
    expect(ok.status).toBe(204)
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://care.court.example.cn')
    expect(ok.headers.get('access-control-allow-methods')).toMatch(/POST/)
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/Idempotency-Key/)
    const refused = await preflight('https://evil.example.com')
    expect(refused.headers.get('access-control-allow-origin')).toBeNull()
  })

  it("lets the tenant's portal read the token endpoint's answers", async () => {
    const t = await newTenant()
    await setOrigins(t, ['https://care.court.example.cn'])
    const employee = await newEmployee(t)
    const code = await invite(t, employee.id)
    const origin = { Origin: 'https://care.court.example.cn' }
    const signedIn = await tokenRequest({ grant_type: INVITATION_GRANT, tenant: t.slug, code }, origin)
    expect(signedIn.status).toBe(200)
    expect(signedIn.headers.get('access-control-allow-origin')).toBe('https://care.court.example.cn')
    const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: signedIn.body.refresh_token }, origin)
    expect(refreshed.headers.get('access-control-allow-origin')).toBe('https://care.court.example.cn')
    const elsewhere = await tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token }, { Origin: 'https://evil.example.com' })
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull()
  })
})
