import type { Kysely } from 'kysely'
import type { InTenant } from './db/tenant'
import type { DB } from './db/types'
import type { Tokens } from './lib/jwt'
import type { BillingConfig } from './modules/billing/billing.config'
import type { ContractScope } from './modules/provider-access/provider-auth'

/**
 * Who is calling, once the surface's auth middleware has run. Ids are the database's UUIDs; the
 * API's prefixed ids (`emp_...`) are converted at the edge (schemas, presenters, path params).
 */
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
    /** Runs work inside the principal's tenant, on its behalf: the only way to reach tenant data. */
    inTenant: InTenant
    /** Provider surface: the contract the request may reach (set by `providerAuth`). */
    contract: ContractScope
    /** Public routes and the token endpoint: the tenant the request turned out to be about, for CORS (and its origins, when already read). */
    corsTenant: { id: string; origins?: string[] }
  }
}
