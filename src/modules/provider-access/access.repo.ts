import { type Kysely, sql } from 'kysely'
import { type TenantData, withRuntime } from '../../db/tenant'
import type { DB } from '../../db/types'

/** What `authenticate_contract_client` answers for a client id and the hash of its secret. */
export type ClientRow = {
  tenant_id: string
  contract_id: string
  credential_id: string
  provider_id: string
  starts_on: string
  ends_on: string
  contract_revoked_at: Date | null
  contract_status: 'scheduled' | 'active' | 'expired' | 'revoked'
  tenant_status: 'active' | 'suspended'
  tenant_time_zone: string
}

/** The credential with this client id and secret hash, before any tenant is known (the one cross-tenant path). */
export const authenticateClient = async (db: Kysely<DB>, clientId: string, secretHash: string) =>
  withRuntime(db, async (tx) => (await sql<ClientRow>`select * from authenticate_contract_client(${clientId}, ${secretHash})`.execute(tx)).rows[0])

/** A contract as the provider surface sees it on each request: its state, dates, programs and its tenant's calendar. */
export type Standing = {
  starts_on: string
  ends_on: string
  revoked_at: Date | null
  tenant_status: 'active' | 'suspended'
  time_zone: string
  /** Today on the tenant's calendar. */
  today: string
  credential_revoked: boolean
  program_ids: string[]
}

/** The contract and the credential its token was issued to, read in one statement inside the tenant. */
export const contractStanding = (scope: TenantData, contractId: string, credentialId: string) =>
  sql<Standing>`
    select c.starts_on, c.ends_on, c.revoked_at, t.status as tenant_status, t.time_zone,
           (now() at time zone t.time_zone)::date as today,
           (cc.id is null or cc.revoked_at is not null) as credential_revoked,
           coalesce((select array_agg(cp.program_id::text order by cp.program_id) from contract_programs cp
                     where cp.tenant_id = c.tenant_id and cp.contract_id = c.id), '{}') as program_ids
    from contracts c
    join tenants t on t.id = c.tenant_id
    left join contract_credentials cc on cc.tenant_id = c.tenant_id and cc.contract_id = c.id and cc.id = ${credentialId}
    where c.tenant_id = ${scope.tenantId} and c.id = ${contractId}`
