import { type CryptoKey, createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose'
import { ApiError } from './errors'
import { randomToken } from './secrets'

/** Each surface's tokens carry their own audience; one surface never accepts another's. */
export const audiences = { portal: 'tuoguan:portal', provider: 'tuoguan:provider' } as const
export type Surface = keyof typeof audiences

const ALG = 'ES256'
const TYP = 'at+jwt'
const CLOCK_TOLERANCE_S = 30
/** At most this many verified tokens are remembered (the oldest go first). */
const VERIFIED_KEPT = 10_000

/** A fresh signing key as a private JWK with `kid` and `alg`. */
export const generateSigningJwk = async (): Promise<JWK> => {
  const { privateKey } = await generateKeyPair(ALG, { extractable: true })
  return { ...(await exportJWK(privateKey)), kid: `k_${randomToken(9)}`, alg: ALG, use: 'sig' }
}

const publicPart = ({ d: _d, ...rest }: JWK): JWK => rest

/** Signs with the first key; verifies against all (so keys can rotate). */
export class Tokens {
  private constructor(
    readonly issuer: string,
    private readonly signingKey: CryptoKey,
    private readonly signingKid: string,
    private readonly publicJwks: JWK[],
    private readonly keySet: ReturnType<typeof createLocalJWKSet>,
  ) {}

  static async create(issuer: string, privateJwks: JWK[]) {
    const [first] = privateJwks
    if (!first?.kid || !first.d) throw new Error('JWT signing keys must be private JWKs with a kid')
    const publicJwks = privateJwks.map((k) => ({ ...publicPart(k), alg: ALG, use: 'sig' }))
    const signingKey = (await importJWK({ ...first, alg: ALG }, ALG)) as CryptoKey
    return new Tokens(issuer, signingKey, first.kid, publicJwks, createLocalJWKSet({ keys: publicJwks }))
  }

  jwks() {
    return { keys: this.publicJwks }
  }

  sign(surface: Surface, subject: string, claims: Record<string, unknown>, ttlSeconds: number) {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: ALG, kid: this.signingKid, typ: TYP })
      .setIssuer(this.issuer)
      .setAudience(audiences[surface])
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .setJti(randomToken(12))
      .sign(this.signingKey)
  }

  /**
   * Tokens that passed `verify`, until they expire: checking an ES256 signature costs more than the
   * rest of a small request, and a client sends the same token for its 15 minutes. Only the expiry
   * can change a verdict over time (the keys are fixed for the life of the instance).
   */
  private readonly verified = new Map<string, { surface: Surface; payload: JWTPayload & { sub: string; exp: number } }>()

  /** The token's claims, or 401: algorithm, issuer, audience, type and expiry are all pinned. */
  async verify(token: string, surface: Surface): Promise<JWTPayload & { sub: string }> {
    const known = this.verified.get(token)
    const now = Math.floor(Date.now() / 1000)
    if (known?.surface === surface && known.payload.exp > now - CLOCK_TOLERANCE_S) return known.payload
    if (known) this.verified.delete(token)
    const payload = await this.verifySignature(token, surface)
    if (this.verified.size >= VERIFIED_KEPT) this.verified.delete(this.verified.keys().next().value as string)
    this.verified.set(token, { surface, payload })
    return payload
  }

  private async verifySignature(token: string, surface: Surface) {
    try {
      const { payload } = await jwtVerify(token, this.keySet, {
        algorithms: [ALG],
        issuer: this.issuer,
        audience: audiences[surface],
        typ: TYP,
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['sub', 'exp', 'iat'],
      })
      return payload as JWTPayload & { sub: string; exp: number }
    } catch {
      throw new ApiError('unauthenticated', `The bearer token is not a valid ${surface} access token.`)
    }
  }
}
