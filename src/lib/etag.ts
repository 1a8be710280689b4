import { ApiError } from './errors'

export const etagOf = (version: number) => `"${version}"`

/** The version an `If-Match` header asks for: undefined when absent or `*`; 412 when it names none. */
export const versionFromIfMatch = (ifMatch: string | undefined) => {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined
  const match = /^(?:W\/)?"(\d+)"$/.exec(ifMatch.trim())
  if (!match) throw new ApiError('precondition_failed', `If-Match ${ifMatch} is not an ETag this API issued; read the object again.`)
  return Number(match[1])
}

export const staleVersion = () =>
  new ApiError('precondition_failed', 'The object changed since the ETag in If-Match was read; read it again and reapply your change.')
