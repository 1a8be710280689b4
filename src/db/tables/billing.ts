import type { ColumnType, Generated } from 'kysely'
import type { CreatedAt, DefaultedTimestamp, Timestamp } from '../types'

export type OutboxStatus = 'pending' | 'delivered' | 'dead'

export interface OutboxTable {
  tenant_id: string
  id: Generated<string>
  /** `area.action`, e.g. `billing.sync_subscription`: which handler performs it. */
  kind: string
  payload: ColumnType<Record<string, unknown>, Record<string, unknown> | undefined, never>
  status: Generated<OutboxStatus>
  attempts: Generated<number>
  available_at: DefaultedTimestamp
  claim_token: string | null
  claimed_until: Timestamp | null
  last_error: string | null
  created_at: CreatedAt
  delivered_at: Timestamp | null
}

export interface StripeEventsTable {
  tenant_id: string
  event_id: string
  type: string
  object_id: string | null
  outcome: string
  created_at: ColumnType<Date, Date, never>
  processed_at: CreatedAt
}

export interface TenantBillingTable {
  tenant_id: string
  stripe_customer_id: string | null
  stripe_subscription_id: string | null
  stripe_subscription_item_id: string | null
  price_id: string | null
  subscription_status: string | null
  quantity: number | null
  quantity_synced_at: Timestamp | null
  current_period_end: Timestamp | null
  cancel_at_period_end: Generated<boolean>
  last_event_at: Timestamp | null
  created_at: CreatedAt
  updated_at: DefaultedTimestamp
}

export type PaymentStatus = 'awaiting_payment' | 'paid' | 'released' | 'refund_pending' | 'refunded'

export interface EnrollmentPaymentsTable {
  tenant_id: string
  id: string
  enrollment_id: string
  /** Minor units of `currency` (fen for CNY). */
  amount: number
  currency: string
  status: PaymentStatus
  hold_expires_at: Timestamp
  checkout_session_id: string | null
  checkout_url: string | null
  payment_intent_id: string | null
  paid_at: Timestamp | null
  released_at: Timestamp | null
  refund_id: string | null
  refund_reason: string | null
  refunded_at: Timestamp | null
  created_at: CreatedAt
  updated_at: DefaultedTimestamp
}

export interface BillingTables {
  outbox: OutboxTable
  stripe_events: StripeEventsTable
  tenant_billing: TenantBillingTable
  enrollment_payments: EnrollmentPaymentsTable
}
