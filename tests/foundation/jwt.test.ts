import { importJWK, SignJWT } from 'jose'
import { describe, expect, it, vi } from 'vitest'
import { audiences, generateSigningJwk, Tokens } from '../../src/lib/jwt'

const ISSUER = 'https://api.test'
const setup = async () => {
  const jwk = await generateSigningJwk()
  return { jwk, tokens: await Tokens.create(ISSUER, [jwk]) }
}
const rejected = (tokens: Tokens, token: string, surface: 'portal' | 'provider' = 'portal') =>
  expect(tokens.verify(token, surface)).rejects.toMatchObject({ code: 'unauthenticated' })

describe('access tokens', () => {
  it('verifies its own token for the right surface', async () => {
    const { tokens } = await setup()
    const token = await tokens.sign('portal', 'emp_1', { tid: 'ten_1' }, 900)
    await expect(tokens.verify(token, 'portal')).resolves.toMatchObject({ sub: 'emp_1', tid: 'ten_1', iss: ISSUER, aud: audiences.portal })
  })

  it('rejects another surface’s token (wrong audience)', async () => {
    const { tokens } = await setup()
    await rejected(tokens, await tokens.sign('provider', 'ctr_1', { tid: 't' }, 900), 'portal')
  })

  it('rejects alg none', async () => {
    const { tokens } = await setup()
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
    const now = Math.floor(Date.now() / 1000)
    await rejected(tokens, `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64({ sub: 'x', iss: ISSUER, aud: audiences.portal, iat: now, exp: now + 60 })}.`)
  })

  it('rejects a symmetric algorithm and a key it does not know', async () => {
    const { tokens, jwk } = await setup()
    const claims = { tid: 't' }
    const hs = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: jwk.kid, typ: 'at+jwt' })
      .setIssuer(ISSUER)
      .setAudience(audiences.portal)
      .setSubject('x')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-shared-secret-of-enough-length-123456'))
    await rejected(tokens, hs)
    const stranger = await generateSigningJwk()
    const foreign = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: stranger.kid, typ: 'at+jwt' })
      .setIssuer(ISSUER)
      .setAudience(audiences.portal)
      .setSubject('x')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(await importJWK(stranger, 'ES256'))
    await rejected(tokens, foreign)
  })

  it('rejects an expired token beyond 30 s of clock tolerance, and a wrong type or issuer', async () => {
    const { tokens, jwk } = await setup()
    const key = await importJWK(jwk, 'ES256')
    const now = Math.floor(Date.now() / 1000)
    const make = (header: object, iss: string, exp: number) =>
      new SignJWT({ tid: 't' })
        .setProtectedHeader({ alg: 'ES256', kid: jwk.kid, ...header })
        .setIssuer(iss)
        .setAudience(audiences.portal)
        .setSubject('x')
        .setIssuedAt(now - 600)
        .setExpirationTime(exp)
        .sign(key)
    await rejected(tokens, await make({ typ: 'at+jwt' }, ISSUER, now - 31))
    await expect(tokens.verify(await make({ typ: 'at+jwt' }, ISSUER, now - 20), 'portal')).resolves.toBeDefined()
    await rejected(tokens, await make({ typ: 'JWT' }, ISSUER, now + 60))
    await rejected(tokens, await make({ typ: 'at+jwt' }, 'https://evil.example', now + 60))
  })

  it('remembers a verified token only until it expires, and only for its surface', async () => {
    const { tokens } = await setup()
    const token = await tokens.sign('portal', 'emp_1', { tid: 't' }, 60)
    await expect(tokens.verify(token, 'portal')).resolves.toMatchObject({ sub: 'emp_1' })
    await rejected(tokens, token, 'provider')
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(Date.now() + 85_000)
      await expect(tokens.verify(token, 'portal')).resolves.toMatchObject({ sub: 'emp_1' })
      vi.setSystemTime(Date.now() + 10_000)
      await rejected(tokens, token)
    } finally {
      vi.useRealTimers()
    }
  })

  it('keeps verifying tokens of a retired key while a new one signs', async () => {
    const old = await setup()
    const token = await old.tokens.sign('portal', 'emp_1', { tid: 't' }, 900)
    const rotated = await Tokens.create(ISSUER, [await generateSigningJwk(), old.jwk])
    await expect(rotated.verify(token, 'portal')).resolves.toMatchObject({ sub: 'emp_1' })
    expect(rotated.jwks().keys).toHaveLength(2)
  })
})
