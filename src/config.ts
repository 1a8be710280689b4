import type { JWK } from 'jose'
import type { Config } from './env'
import { billingConfigFrom } from './lib/billing-config'
import { Tokens } from './lib/jwt'

export const DEFAULT_ISSUER = 'https://api.tuoguan.local'
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024

type Vars = Record<string, unknown>

const str = (vars: Vars, name: string) => (typeof vars[name] === 'string' && vars[name] !== '' ? (vars[name] as string) : undefined)

const parseKeys = (raw: string): JWK[] => {
  try {
    const parsed = JSON.parse(raw)
    return Array.isArray(parsed) ? parsed : [parsed]
  } catch {
    throw new Error('JWT_PRIVATE_KEYS must be a JSON array of private JWKs (the first one signs)')
  }
}

/**
 * Validated configuration from environment variables (Node's process.env or a Worker's env).
 * `defaults` fills what the embedded local setup generates for itself.
 */
export const loadConfig = async (vars: Vars, defaults: { platformApiKey?: string; jwtPrivateKeys?: JWK[] } = {}): Promise<Config> => {
  const platformApiKey = str(vars, 'PLATFORM_API_KEY') ?? defaults.platformApiKey
  if (!platformApiKey || platformApiKey.length < 24) throw new Error('PLATFORM_API_KEY must be set to a secret of at least 24 characters')
  const keysVar = str(vars, 'JWT_PRIVATE_KEYS')
  const jwtKeys = keysVar ? parseKeys(keysVar) : defaults.jwtPrivateKeys
  if (!jwtKeys?.length) throw new Error('JWT_PRIVATE_KEYS must hold at least one private JWK')
  const maxBody = Number(str(vars, 'MAX_BODY_BYTES') ?? DEFAULT_MAX_BODY_BYTES)
  if (!Number.isInteger(maxBody) || maxBody < 1024) throw new Error('MAX_BODY_BYTES must be an integer of at least 1024')
  const silent = str(vars, 'LOG_LEVEL') === 'silent'
  return {
    platformApiKey,
    tokens: await Tokens.create(str(vars, 'JWT_ISSUER') ?? DEFAULT_ISSUER, jwtKeys),
    maxBodyBytes: maxBody,
    billing: billingConfigFrom(vars, str(vars, 'JWT_ISSUER') ?? DEFAULT_ISSUER),
    log: silent ? () => {} : (line) => console.log(JSON.stringify(line)),
  }
}
