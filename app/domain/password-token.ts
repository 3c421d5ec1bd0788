import { createHash, randomBytes } from 'node:crypto'

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

/** The shape of a token as it travels in a URL path: 43 base64url characters. */
export const PASSWORD_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/

export function hashPasswordToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

export function newPasswordToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url')
  return { token, tokenHash: hashPasswordToken(token) }
}

export type PasswordTokenTimes = { expiresAt: Date; usedAt: Date | null }

/** A link works once, and only before it expires. */
export function passwordTokenUsable(token: PasswordTokenTimes, now: Date): boolean {
  return token.usedAt === null && now.getTime() < token.expiresAt.getTime()
}
