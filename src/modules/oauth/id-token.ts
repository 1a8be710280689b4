import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose'
import type { SsoSettingsRow } from '../identity'
import { OAuthError } from './oauth.errors'

const CLOCK_TOLERANCE_S = 60
const FETCH_TIMEOUT_MS = 5_000
/** Keys are refetched after this long, and at most once per cooldown when an unknown `kid` shows up. */
const CACHE_MAX_AGE_MS = 10 * 60_000
const COOLDOWN_MS = 30_000
const MAX_KEY_SETS = 100

/** One cached remote key set per JWKS URI (per isolate on Workers, per process on Node). */
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>()

const keySetFor = (uri: string) => {
  let set = keySets.get(uri)
  if (!set) {
    if (keySets.size >= MAX_KEY_SETS) keySets.delete(keySets.keys().next().value as string)
    set = createRemoteJWKSet(new URL(uri), { timeoutDuration: FETCH_TIMEOUT_MS, cacheMaxAge: CACHE_MAX_AGE_MS, cooldownDuration: COOLDOWN_MS })
    keySets.set(uri, set)
  }
  return set
}

const codeOf = (error: unknown) => (typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '')

/** Why an id_token was refused, in words a portal developer can act on. */
const refusal = (error: unknown): OAuthError => {
  const invalid = (description: string) => new OAuthError('invalid_grant', description)
  switch (codeOf(error)) {
    case 'ERR_JWT_EXPIRED':
      return invalid('The id_token has expired; sign in at the identity provider again.')
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED': {
      const claim = (error as { claim?: string }).claim
      if (claim === 'iss') return invalid("The id_token's issuer (iss) is not the identity provider configured for this tenant.")
      if (claim === 'aud') return invalid("The id_token's audience (aud) is not this tenant's portal client id.")
      if (claim === 'nbf') return invalid('The id_token is not valid yet (nbf).')
      return invalid(`The id_token's ${claim ?? ''} claim is not acceptable: ${(error as Error).message}`)
    }
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return invalid("The id_token's signature algorithm (alg) is not one this tenant's SSO settings allow.")
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return invalid("No key of the identity provider's JWK set matches the id_token's key id (kid) and algorithm.")
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return invalid("The id_token's signature does not verify.")
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return invalid('The subject_token is not a well-formed, signed id_token (JWT).')
    default:
      return new OAuthError('temporarily_unavailable', "The identity provider's keys (jwks_uri) could not be fetched; try again shortly.")
  }
}

/**
 * Verifies an employer id_token against the tenant's SSO settings: signature by a key of the
 * remote JWK set, allowed algorithm, exact issuer and audience, and expiry; `sub` must be present.
 */
export const verifyIdToken = async (token: string, sso: SsoSettingsRow): Promise<JWTPayload> => {
  try {
    const { payload } = await jwtVerify(token, keySetFor(sso.jwks_uri), {
      issuer: sso.issuer,
      audience: sso.audience,
      algorithms: sso.algorithms,
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['sub', 'exp'],
    })
    return payload
  } catch (error) {
    throw refusal(error)
  }
}
