import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose'

type Key = { kid: string; alg: string; privateKey: CryptoKey; publicJwk: JWK }

const makeKey = async (kid: string, alg: string): Promise<Key> => {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true })
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } }
}

export type Idp = {
  issuer: string
  jwksUri: string
  audience: string
  /** Signs an id_token; `with` overrides the key, header or standard claims. */
  idToken: (
    claims: JWTPayload,
    options?: { kid?: string; alg?: string; key?: CryptoKey; issuer?: string; audience?: string; expiresIn?: number },
  ) => Promise<string>
  /** A key the JWK set does not publish. */
  strayKey: () => Promise<Key>
  keys: Key[]
  requests: () => number
  close: () => Promise<void>
}

/**
 * An employer identity provider on loopback: a real HTTP server publishing a JWK set (an RSA key
 * `rsa-1` for RS256 and an EC key `ec-1` for ES256), and a signer of real id_tokens.
 */
export const startIdp = async (): Promise<Idp> => {
  const keys = [await makeKey('rsa-1', 'RS256'), await makeKey('ec-1', 'ES256')]
  let served = 0
  const server: Server = createServer((req, res) => {
    served += 1
    if (req.url !== '/jwks.json') {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: keys.map((k) => k.publicJwk) }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const issuer = `${base}/`
  const audience = 'tuoguan-portal'
  return {
    issuer,
    jwksUri: `${base}/jwks.json`,
    audience,
    keys,
    requests: () => served,
    strayKey: () => makeKey('stray', 'RS256'),
    idToken: async (claims, options = {}) => {
      const key = keys.find((k) => k.kid === (options.kid ?? 'rsa-1')) ?? keys[0]!
      const now = Math.floor(Date.now() / 1000)
      return new SignJWT({ ...claims })
        .setProtectedHeader({ alg: options.alg ?? key.alg, kid: options.kid ?? key.kid, typ: 'JWT' })
        .setIssuer(options.issuer ?? issuer)
        .setAudience(options.audience ?? audience)
        .setSubject(typeof claims.sub === 'string' ? claims.sub : 'idp-user-1')
        .setIssuedAt(now - 5)
        .setExpirationTime(now + (options.expiresIn ?? 300))
        .sign(options.key ?? key.privateKey)
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  }
}
