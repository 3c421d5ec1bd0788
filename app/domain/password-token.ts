import { hashOneTimeToken, newOneTimeToken, ONE_TIME_TOKEN_PATTERN } from './one-time-token.ts'

/** The shape and hash of the link's token (./one-time-token.ts). */
export const PASSWORD_TOKEN_PATTERN = ONE_TIME_TOKEN_PATTERN
export const hashPasswordToken = hashOneTimeToken
export const newPasswordToken = newOneTimeToken

/**
 * One-time password links (issue 17): "forgot password" mails a RESET link valid for an
 * hour; `npm run admin:create` prints a SETUP link valid for a day. Only the SHA-256 of the
 * token is stored, so a copy of the database cannot be used to take over an account; the
 * token carries 256 random bits, so a fast hash is enough.
 */
export type PasswordTokenPurpose = 'RESET' | 'SETUP'

export const PASSWORD_TOKEN_TTL_MS: Record<PasswordTokenPurpose, number> = {
  RESET: 3600_000,
  SETUP: 24 * 3600_000,
}

export type PasswordTokenTimes = { expiresAt: Date; usedAt: Date | null }

/** A link works once, and only before it expires. */
export function passwordTokenUsable(token: PasswordTokenTimes, now: Date): boolean {
  return token.usedAt === null && now.getTime() < token.expiresAt.getTime()
}
