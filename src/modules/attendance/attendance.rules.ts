/**
 * Pure rules of check-in and check-out: the time of an event, who may take a child home, and when
 * a repeated request is the same as what is recorded. Nothing here reads a clock or a database.
 */
import type { RecordedPerson } from '../../db/tables/attendance'
import type { AuthorizedPickup } from '../../db/tables/portal'
import { pickupValidOn } from '../roster'

/** Device clocks drift: an event up to this far ahead of the server's clock is taken as now. */
export const MAX_CLOCK_SKEW_MS = 2 * 60_000

export type PersonInput = { kind: 'guardian' } | { kind: 'authorized_pickup'; phone: string } | { kind: 'other'; name: string; relation?: string }

/** The instant of an event: the one given, or now. Null when it is in the future. */
export const eventTime = (at: string | undefined, now: Date): Date | null => {
  if (at === undefined) return now
  const instant = new Date(at)
  return instant.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS ? null : instant
}

/** Phones compare on their digits (and a leading +), as the children module keeps them unique. */
export const samePhone = (a: string, b: string) => a.replace(/[^0-9+]/g, '') === b.replace(/[^0-9+]/g, '')

const asRecorded = (p: AuthorizedPickup): RecordedPerson => ({ kind: 'authorized_pickup', name: p.name, relation: p.relation, phone: p.phone })

export type Resolution = { ok: true; person: RecordedPerson } | { ok: false; message: string }

/** Who dropped a child off: anyone may; an authorized pickup named by phone must be on the child's list (on any day). */
export const resolveDropOff = (input: PersonInput, pickups: AuthorizedPickup[]): Resolution => {
  if (input.kind !== 'authorized_pickup') return { ok: true, person: input }
  const found = pickups.find((p) => samePhone(p.phone, input.phone))
  return found ? { ok: true, person: asRecorded(found) } : { ok: false, message: `no authorized pickup of this child has the phone ${input.phone}` }
}

/**
 * Who may take a child home on `date`: the guardian, or an authorized pickup whose window
 * (`valid_from`..`valid_until`) includes that day. Anyone else is refused, with the reason.
 */
export const resolvePickup = (input: PersonInput, pickups: AuthorizedPickup[], date: string): Resolution => {
  if (input.kind === 'guardian') return { ok: true, person: input }
  if (input.kind === 'other') return { ok: false, message: `${input.name} is not on the child's list of authorized pickups` }
  const found = pickups.find((p) => samePhone(p.phone, input.phone))
  if (!found) return { ok: false, message: `no authorized pickup of this child has the phone ${input.phone}` }
  if (!pickupValidOn(found, date)) {
    const window =
      found.valid_from === found.valid_until ? `only on ${found.valid_from}` : `from ${found.valid_from ?? 'any day'} until ${found.valid_until ?? 'removed'}`
    return { ok: false, message: `${found.name} (${found.relation}) may pick this child up ${window}, not on ${date}` }
  }
  return { ok: true, person: asRecorded(found) }
}

const samePerson = (recorded: RecordedPerson | null, input: PersonInput | undefined) => {
  if (input === undefined || recorded === null) return input === undefined && recorded === null
  if (recorded.kind !== input.kind) return false
  if (recorded.kind === 'authorized_pickup' && input.kind === 'authorized_pickup') return samePhone(recorded.phone, input.phone)
  if (recorded.kind === 'other' && input.kind === 'other') return recorded.name === input.name
  return true
}

/**
 * Whether a request repeats what is recorded (a retry): the same person and, when the request
 * names a time, the same instant. A request without a time repeats whatever time was recorded.
 */
export const repeats = (recorded: { at: Date; person: RecordedPerson | null }, request: { at?: string; person?: PersonInput }) =>
  (request.at === undefined || new Date(request.at).getTime() === recorded.at.getTime()) && samePerson(recorded.person, request.person)
