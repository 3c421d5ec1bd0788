import { createHash, randomBytes } from 'node:crypto'

/**
 * The tokens of one-time links (password reset and set-up, sign-up confirmation): 256 random
 * bits in base64url, of which only the SHA-256 is stored. A fast hash is enough for so much
 * randomness, and a copy of the database holds no working link.
 */

/** A token as it travels in a link's path: 43 base64url characters. */
export const ONE_TIME_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/

export function hashOneTimeToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

export function newOneTimeToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url')
  return { token, tokenHash: hashOneTimeToken(token) }
}
