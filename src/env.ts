import type { Kysely } from 'kysely'
import type { TenantTx } from './db/tenant'
import type { DB } from './db/types'
import type { Tokens } from './lib/jwt'
import type { BillingConfig } from './modules/billing/billing.config'

/** Who is calling, once the surface's auth middleware has run. */
export type Principal =
  | { kind: 'platform' }
  | { kind: 'admin'; tenantId: string; keyId: string; scopes: string[] }
  | { kind: 'employee'; tenantId: string; employeeId: string }
  | { kind: 'provider'; tenantId: string; contractId: string }

/** Everything the app needs from its runtime, validated once at start. */
export type Config = {
  platformApiKey: string
  tokens: Tokens
  /** Bodies larger than this answer 413 (routes may allow more). */
  maxBodyBytes: number
  /** Stripe (docs/billing.md); undefined when not configured: billing routes answer `billing_not_configured`. */
  billing: BillingConfig | undefined
  log: (line: Record<string, unknown>) => void
}

export type AppEnv = {
  Variables: {
    requestId: string
    config: Config
    db: Kysely<DB>
    principal: Principal
    /** Runs work inside the principal's tenant: the only way to reach tenant data. */
    inTenant: <T>(work: (tx: TenantTx) => Promise<T>) => Promise<T>
  }
}

/** The tenant of a tenant-surface principal (the platform operator has none). */
export const tenantIdOf = (principal: Principal) => {
  if (principal.kind === 'platform') throw new Error('the platform principal has no tenant')
  return principal.tenantId
}
