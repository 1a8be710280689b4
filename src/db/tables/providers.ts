import type { ColumnType, Generated } from 'kysely'
import type { CreatedAt, DefaultedTimestamp, Timestamp } from '../types'

export type ProviderKind = 'agency' | 'in_house_staff' | 'volunteers'

export interface ProviderContact {
  name?: string
  phone?: string
  email?: string
}

export interface ProvidersTable {
  tenant_id: string
  id: string
  name: string
  kind: ProviderKind
  contact: ColumnType<ProviderContact, ProviderContact | undefined, ProviderContact>
  version: Generated<number>
  created_at: CreatedAt
  updated_at: DefaultedTimestamp
}

export interface ContractsTable {
  tenant_id: string
  id: string
  provider_id: string
  /** YYYY-MM-DD */
  starts_on: string
  /** YYYY-MM-DD */
  ends_on: string
  notes: string | null
  revoked_at: Timestamp | null
  version: Generated<number>
  created_at: CreatedAt
  updated_at: DefaultedTimestamp
}

export interface ContractProgramsTable {
  tenant_id: string
  contract_id: string
  program_id: string
}

export interface ContractCredentialsTable {
  tenant_id: string
  id: string
  contract_id: string
  /** The TypeID (cli_...) of `id`: what the token endpoint receives. */
  client_id: string
  name: string | null
  secret_prefix: string
  secret_hash: string
  previous_secret_hash: string | null
  previous_secret_expires_at: Timestamp | null
  created_at: CreatedAt
  rotated_at: Timestamp | null
  last_used_at: Timestamp | null
  revoked_at: Timestamp | null
}

export interface ProvidersTables {
  providers: ProvidersTable
  contracts: ContractsTable
  contract_programs: ContractProgramsTable
  contract_credentials: ContractCredentialsTable
}
