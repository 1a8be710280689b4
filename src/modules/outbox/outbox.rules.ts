/** After this many failed attempts a message is given up (`dead`); at the cap that is about a day of trying. */
export const MAX_ATTEMPTS = 30
const FIRST_RETRY_MS = 10_000
const LONGEST_WAIT_MS = 60 * 60 * 1000

/**
 * How long to wait before the next attempt after `attempts` attempts failed: doubling from 10 s up
 * to an hour, spread by ±20 % so that messages failing together do not retry together. Null when
 * the message should be given up.
 */
export const retryDelayMs = (attempts: number, random: number = Math.random()): number | null => {
  if (attempts >= MAX_ATTEMPTS) return null
  const base = Math.min(LONGEST_WAIT_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1))
  return Math.round(base * (0.8 + 0.4 * random))
}
