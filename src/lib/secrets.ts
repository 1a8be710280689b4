/** Random secrets, hashes and comparison on Web Crypto: the same on Node and Workers. */
const encoder = new TextEncoder()

export const randomToken = (bytes = 32) => {
  const buf = crypto.getRandomValues(new Uint8Array(bytes))
  return btoa(String.fromCharCode(...buf))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

export const sha256Hex = async (value: string) => {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(value)))
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Compares two secrets in time independent of where they differ (digests have equal length). */
export const secretsEqual = async (a: string, b: string) => {
  const [x, y] = await Promise.all([sha256Hex(a), sha256Hex(b)])
  let diff = 0
  for (let i = 0; i < x.length; i++) diff |= x.charCodeAt(i) ^ y.charCodeAt(i)
  return diff === 0
}
