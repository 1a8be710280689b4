/**
 * Invitation codes: 24 Crockford base32 characters shown in groups of four. The first 8 are the
 * public `lookup` (it finds the invitation, so wrong attempts count against it); the last 16 are
 * the secret (80 bits; only its hash is stored). Parsing forgives case, spaces, hyphens and the
 * look-alikes I/L (1) and O (0).
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const LOOKUP_LENGTH = 8
const SECRET_LENGTH = 16

const randomChars = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => ALPHABET[b & 31]).join('')

const grouped = (chars: string) => chars.match(/.{1,4}/g)?.join('-') ?? chars

export type InvitationCode = { lookup: string; secret: string; code: string }

export const generateInvitationCode = (): InvitationCode => {
  const lookup = randomChars(LOOKUP_LENGTH)
  const secret = randomChars(SECRET_LENGTH)
  return { lookup, secret, code: grouped(lookup + secret) }
}

/** The visible prefix of a code (its lookup part), to tell codes apart without revealing them. */
export const codePrefix = (lookup: string) => grouped(lookup)

/** The parts of a typed code, or null when it cannot be a code. */
export const parseInvitationCode = (typed: string): { lookup: string; secret: string } | null => {
  const chars = typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0')
  if (chars.length !== LOOKUP_LENGTH + SECRET_LENGTH) return null
  if (![...chars].every((ch) => ALPHABET.includes(ch))) return null
  return { lookup: chars.slice(0, LOOKUP_LENGTH), secret: chars.slice(LOOKUP_LENGTH) }
}
