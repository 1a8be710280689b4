import type { ColumnType, Generated } from 'kysely'
import type { CreatedAt, DefaultedTimestamp, Timestamp } from '../types'

export type IdTokenAlgorithm = 'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA'

export interface SsoSettingsTable {
  tenant_id: string
  issuer: string
  jwks_uri: string
  audience: string
  algorithms: IdTokenAlgorithm[]
  match_on: 'employee_number' | 'email'
  claim: string
  version: Generated<number>
  created_at: CreatedAt
  updated_at: DefaultedTimestamp
}

export interface PortalSettingsTable {
  tenant_id: string
  origins: ColumnType<string[], string[] | undefined, string[]>
  version: Generated<number>
  created_at: CreatedAt
  updated_at: DefaultedTimestamp
}

export interface InvitationsTable {
  tenant_id: string
  id: string
  employee_id: string
  lookup: string
  secret_hash: string
  expires_at: Timestamp
  failed_attempts: Generated<number>
  locked_at: Timestamp | null
  redeemed_at: Timestamp | null
  revoked_at: Timestamp | null
  /** The session the code opened (refresh_tokens.family_id); null before migration 0013. */
  session_family_id: string | null
  created_at: CreatedAt
}

export type SignInMethod = 'sso' | 'invitation'

export interface RefreshTokensTable {
  tenant_id: string
  id: string
  family_id: string
  employee_id: string
  token_hash: string
  sign_in_method: SignInMethod
  created_at: CreatedAt
  expires_at: Timestamp
  session_expires_at: Timestamp
  rotated_at: Timestamp | null
  revoked_at: Timestamp | null
}

/** An employer id_token the token exchange accepted, by hash, kept until it expires: it signs in once. */
export interface ExchangedIdTokensTable {
  tenant_id: string
  token_hash: string
  expires_at: Timestamp
  created_at: CreatedAt
}

export interface EmergencyContact {
  name: string
  relation: string
  phone: string
}

export interface AuthorizedPickup {
  name: string
  relation: string
  phone: string
  /** `YYYY-MM-DD`; absent: always (within valid_until). */
  valid_from?: string
  valid_until?: string
}

export type Sex = 'female' | 'male' | 'other'

export interface ChildrenTable {
  tenant_id: string
  id: string
  employee_id: string
  name: string
  /** `YYYY-MM-DD` */
  date_of_birth: string
  sex: Sex | null
  allergies: ColumnType<string[], string[] | undefined, string[]>
  medical_notes: string | null
  dietary_needs: ColumnType<string[], string[] | undefined, string[]>
  emergency_contacts: ColumnType<EmergencyContact[], EmergencyContact[] | undefined, EmergencyContact[]>
  authorized_pickups: ColumnType<AuthorizedPickup[], AuthorizedPickup[] | undefined, AuthorizedPickup[]>
  version: Generated<number>
  created_at: CreatedAt
  updated_at: DefaultedTimestamp
}

export interface ConsentsTable {
  tenant_id: string
  id: string
  employee_id: string
  child_id: string
  purpose: string
  policy_version: string
  given_at: CreatedAt
  withdrawn_at: Timestamp | null
  withdrawal_reason: 'child_deleted' | null
  request_id: string
}

export interface PortalTables {
  sso_settings: SsoSettingsTable
  portal_settings: PortalSettingsTable
  invitations: InvitationsTable
  refresh_tokens: RefreshTokensTable
  exchanged_id_tokens: ExchangedIdTokensTable
  children: ChildrenTable
  consents: ConsentsTable
}
