import type { AuthorizedPickup } from '../../db/tables/portal'
import type { TenantData } from '../../db/tenant'
import type { NewFeedEvent } from '../../lib/feed'
import { prefixes, toApiId } from '../../lib/ids'
import { liveEnrollmentsOfChild } from './children.repo'

/** What of a child its providers are told about when it changes. */
export type ChildCareFacts = {
  id: string
  authorized_pickups: AuthorizedPickup[]
  allergies: string[]
  medical_notes: string | null
  dietary_needs: string[]
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/**
 * The feed events of a change to a child: `child.pickups_changed` when the authorized pickups
 * changed, `child.allergies_changed` when the allergies, medical notes or dietary needs did; one
 * per program the child is enrolled or waitlisted in. Append them last in the changing transaction.
 */
export const childChangeEvents = async (scope: TenantData, before: ChildCareFacts, after: ChildCareFacts): Promise<NewFeedEvent[]> => {
  const pickups = !same(before.authorized_pickups, after.authorized_pickups)
  const care = !same([before.allergies, before.medical_notes, before.dietary_needs], [after.allergies, after.medical_notes, after.dietary_needs])
  if (!pickups && !care) return []
  const child_id = toApiId(prefixes.child, after.id)
  return (await liveEnrollmentsOfChild(scope, after.id)).flatMap((e) => {
    const ids = { child_id, program_id: toApiId(prefixes.program, e.program_id), enrollment_id: toApiId(prefixes.enrollment, e.id) }
    return [
      ...(pickups ? [{ type: 'child.pickups_changed', programId: e.program_id, payload: { ...ids, authorized_pickups: after.authorized_pickups } }] : []),
      ...(care
        ? [
            {
              type: 'child.allergies_changed',
              programId: e.program_id,
              payload: { ...ids, allergies: after.allergies, medical_notes: after.medical_notes, dietary_needs: after.dietary_needs },
            },
          ]
        : []),
    ]
  })
}
