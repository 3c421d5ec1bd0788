import { hashOneTimeToken, newOneTimeToken, ONE_TIME_TOKEN_PATTERN } from './one-time-token.ts'

/** The shape and hash of the link's token (./one-time-token.ts). */
export const SIGNUP_TOKEN_PATTERN = ONE_TIME_TOKEN_PATTERN
export const hashSignupToken = hashOneTimeToken
export const newSignupToken = newOneTimeToken

/**
 * Sign-up by e-mail link (issue 17, no enumeration): the form never says whether an address
 * has an account; the mail does, to its owner only. The link works once, for 24 hours. Only
 * the SHA-256 of its token is stored: the token carries 256 random bits, so a fast hash is
 * enough, and a copy of the database holds no working link.
 */
export const SIGNUP_LINK_TTL_MS = 24 * 3600_000

export function signupLinkExpiry(now: Date): Date {
  return new Date(now.getTime() + SIGNUP_LINK_TTL_MS)
}

export function signupLinkUsable(request: { expiresAt: Date }, now: Date): boolean {
  return now.getTime() < request.expiresAt.getTime()
}

/**
 * The dedupe key of the "someone tried to sign up with your address" mail: one per account
 * and hour, so repeated tries cannot flood the owner's inbox.
 */
export function existingAccountMailKey(userId: string, now: Date): string {
  return `signup_existing:${userId}:${Math.floor(now.getTime() / 3600_000)}`
}
