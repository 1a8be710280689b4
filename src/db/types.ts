import type { ColumnType, Generated } from 'kysely'
import type { AttendanceTables } from './tables/attendance'
import type { BillingTables } from './tables/billing'
import type { EmployeesTables } from './tables/employees'
import type { EnrollmentsTables } from './tables/enrollments'
import type { FeedTables } from './tables/feed'
import type { PortalTables } from './tables/portal'
import type { ProgramsTables } from './tables/programs'
import type { ProvidersTables } from './tables/providers'
import type { SeedTables } from './tables/seed'

// jsonb columns take plain objects: both drivers serialise them by the parameter's type.

/** A timestamp column: read as Date, written as Date or an SQL expression. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>
/** A timestamp with a database default that updates may set. */
export type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>

export interface TenantsTable {
  id: string
  slug: string
  name: string
  time_zone: string
  locale: string
  branding: ColumnType<Branding, Branding | undefined, Branding>
  status: Generated<'active' | 'suspended'>
  version: Generated<number>
  created_at: CreatedAt
  updated_at: DefaultedTimestamp
}

export interface Branding {
  display_name?: string
  logo_url?: string
  primary_color?: string
  accent_color?: string
  portal_host?: string
}

export interface ApiKeysTable {
  tenant_id: string
  id: string
  name: string
  prefix: string
  secret_hash: string
  scopes: string[]
  created_at: CreatedAt
  last_used_at: Timestamp | null
  revoked_at: Timestamp | null
}

export interface IdempotencyKeysTable {
  tenant_id: string
  principal: string
  key: string
  fingerprint: string
  response_status: number | null
  response_body: string | null
  response_type: string | null
  /** Sealed JSON of the replayed headers (ETag, Location); null on records older than migration 0012. */
  response_headers: string | null
  created_at: DefaultedTimestamp
}

export interface AuditEventsTable {
  tenant_id: string
  id: string
  actor_kind: string
  actor_id: string
  action: string
  object_type: string
  object_id: string
  request_id: string
  details: ColumnType<Record<string, unknown>, Record<string, unknown> | undefined, never>
  created_at: CreatedAt
}

export interface FoundationTables {
  tenants: TenantsTable
  api_keys: ApiKeysTable
  idempotency_keys: IdempotencyKeysTable
  audit_events: AuditEventsTable
}

/** Every table the app reaches; each area declares its own in `tables/`. */
export interface DB
  extends FoundationTables,
    ProgramsTables,
    ProvidersTables,
    EmployeesTables,
    PortalTables,
    FeedTables,
    EnrollmentsTables,
    AttendanceTables,
    BillingTables,
    SeedTables {}
