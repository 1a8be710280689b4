import { ApiError } from './errors'

export const etagOf = (version: number) => `"${version}"`

/** Versions are Postgres `integer`s: an ETag naming a larger one was never issued. */
const MAX_VERSION = 2_147_483_647

/** The version an `If-Match` header asks for: undefined when absent or `*`; 412 when it names none this API could have issued. */
export const versionFromIfMatch = (ifMatch: string | undefined) => {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined
  const match = /^(?:W\/)?"(\d{1,10})"$/.exec(ifMatch.trim())
  if (!match || Number(match[1]) > MAX_VERSION)
    throw new ApiError('precondition_failed', `If-Match ${ifMatch} is not an ETag this API issued; read the object again.`, [
      { path: 'if-match', message: 'is not an ETag this API issued' },
    ])
  return Number(match[1])
}

export const staleVersion = () =>
  new ApiError('precondition_failed', 'The object changed since the ETag in If-Match was read; read it again and reapply your change.')
