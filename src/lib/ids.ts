import { TypeID, typeid } from 'typeid-js'
import { notFound } from './errors'

/** Prefixes of the API's ids; the database stores the UUIDv7 behind each. */
export const prefixes = {
  tenant: 'ten',
  apiKey: 'key',
  audit: 'aud',
  request: 'req',
  site: 'sit',
  program: 'prg',
  group: 'grp',
  provider: 'prv',
  contract: 'ctr',
  employee: 'emp',
  importRun: 'imp',
  invitation: 'inv',
  child: 'chd',
  consent: 'cns',
  enrollment: 'enr',
  absence: 'abs',
  attendance: 'att',
  feedEvent: 'evt',
} as const

/** A new id: the UUIDv7 for the database and the TypeID the API shows. */
export const newId = (prefix: string) => {
  const id = typeid(prefix)
  return { uuid: id.toUUID(), api: id.toString() }
}

export const toApiId = (prefix: string, uuid: string) => TypeID.fromUUID(prefix, uuid).toString()

/** The UUID behind an API id, or null when it is not a well-formed id of that kind. */
export const parseApiId = (prefix: string, id: string): string | null => {
  try {
    const parsed = TypeID.fromString(id)
    return parsed.getType() === prefix ? parsed.toUUID() : null
  } catch {
    return null
  }
}

/** The UUID behind an API id; an id that cannot exist answers 404 like one that does not. */
export const uuidOf = (prefix: string, id: string, what: string) => {
  const uuid = parseApiId(prefix, id)
  if (!uuid) throw notFound(what, id)
  return uuid
}

/** The zod pattern of an id with this prefix (for contracts). */
export const idPattern = (prefix: string) => new RegExp(`^${prefix}_[0-7][0-9a-hjkmnp-tv-z]{25}$`)
