import type { z } from '@hono/zod-openapi'
import { feedEventApiId } from '../../lib/feed'
import { prefixes, toApiId } from '../../lib/ids'
import { type ContractDates, withinContract } from '../provider-access'
import type { FeedEvent } from './provider-feed.schemas'

type StoredEvent = { id: string; type: string; program_id: string | null; payload: Record<string, unknown>; occurred_at: Date }

/** The types this version of the contract describes; any other stored type is not sent. */
export const FEED_TYPES = new Set([
  'enrollment.confirmed',
  'enrollment.waitlisted',
  'enrollment.promoted',
  'enrollment.withdrawn',
  'enrollment.cancelled',
  'absence.reported',
  'absence.withdrawn',
  'attendance.checked_in',
  'attendance.checked_out',
  'child.pickups_changed',
  'child.allergies_changed',
])

/**
 * Whether a contract sees a stored event: one of its programs' (the read filters those), of a
 * type the contract describes, and for attendance, of a day within the contract's dates (another
 * contract's earlier season of the same program stays its own).
 */
export const visibleTo = (contract: ContractDates) => (e: StoredEvent) => {
  if (!FEED_TYPES.has(e.type) || e.program_id === null) return false
  if (e.type.startsWith('attendance.')) return typeof e.payload.date === 'string' && withinContract(contract, e.payload.date)
  return true
}

/** A stored event as the contract shows it. Payloads are stored as their modules wrote them, in the contract's shape per type. */
export const toFeedEvent = (e: StoredEvent) =>
  ({
    id: feedEventApiId(e.id),
    object: 'event' as const,
    type: e.type,
    occurred_at: e.occurred_at.toISOString(),
    program_id: toApiId(prefixes.program, e.program_id as string),
    payload: e.payload,
  }) as z.infer<typeof FeedEvent>
