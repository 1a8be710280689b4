import type { TenantScope } from '../../db/tenant'
import { recordAudit } from '../../lib/audit'
import { ApiError } from '../../lib/errors'
import { FEED_RETENTION_DAYS, readFeed } from '../../lib/feed'
import { decodeCursor, encodeCursor } from '../../lib/pagination'
import type { ContractScope } from '../provider-access'
import { toFeedEvent, visibleTo } from './provider-feed.present'
import { headPosition, oldestCursorPosition } from './provider-feed.repo'

const CURSOR = /^f:(\d{1,15})$/
const encodePosition = (position: number) => encodeCursor(`f:${position}`)
const decodePosition = (cursor: string) => Number(CURSOR.exec(decodeCursor(cursor, (k) => CURSOR.test(k)) as string)?.[1])

export const cursorExpired = () =>
  new ApiError(
    'cursor_expired',
    `This cursor points to events older than the ${FEED_RETENTION_DAYS} days the feed keeps, and some of them are gone. Resync: take a cursor at the head (GET /v1/provider/feed?start=latest), read the roster of each program for the days you need (GET /v1/provider/roster), then follow the feed from that cursor.`,
  )

export type FeedRequest = { cursor?: string; limit: number; start: 'oldest' | 'latest' }

/**
 * A page of the contract's feed: its programs' events after the cursor, in commit order. Reads
 * past events the contract does not see still advance the cursor. A page that carries medical
 * data (allergy changes) is written to the audit log.
 */
export const readContractFeed = async (scope: TenantScope, contract: ContractScope, req: FeedRequest) => {
  let after: number
  if (req.cursor !== undefined) after = decodePosition(req.cursor)
  else if (req.start === 'latest') after = await headPosition(scope)
  else after = await oldestCursorPosition(scope)

  const page = await readFeed(scope, after, req.limit + 1, contract.programIds)
  if (page === 'expired') throw cursorExpired()
  const hasMore = page.events.length > req.limit
  const read = hasMore ? page.events.slice(0, req.limit) : page.events
  const events = read.filter(visibleTo(contract))

  const medical = events.filter((e) => e.type === 'child.allergies_changed')
  if (medical.length > 0)
    await recordAudit(scope, {
      action: 'feed.medical_data_read',
      objectType: 'contract',
      objectId: contract.contractApiId,
      details: { child_ids: [...new Set(medical.map((e) => e.payload.child_id))], event_count: medical.length },
    })

  return {
    object: 'feed_page' as const,
    data: events.map(toFeedEvent),
    has_more: hasMore,
    next_cursor: encodePosition(read.at(-1)?.position ?? after),
  }
}
