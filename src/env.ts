import type { Kysely } from 'kysely'
import type { InTenant } from './db/tenant'
import type { DB } from './db/types'
import type { BillingConfig } from './lib/billing-config'
import type { Tokens } from './lib/jwt'

/**
 * Who is calling, once the surface's auth middleware has run. Ids are the database's UUIDs; the
 * API's prefixed ids (`emp_...`) are converted at the edge (schemas, presenters, path params).
 */
export type Principal =
  | { kind: 'platform' }
  | { kind: 'admin'; tenantId: string; keyId: string; scopes: string[] }
  | { kind: 'employee'; tenantId: string; employeeId: string }
  | { kind: 'provider'; tenantId: string; contractId: string }

/** What a provider request may reach: one contract of one tenant, its programs and its dates. */
export type ContractScope = {
  /** The contract's UUID and its API id (`ctr_...`). */
  contractId: string
  contractApiId: string
  starts_on: string
  ends_on: string
  /** UUIDs of the programs the contract covers. */
  programIds: string[]
  timeZone: string
  /** Today on the tenant's calendar, as of the request. */
  today: string
}

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
