import { hashPasswordToken, passwordTokenUsable, type PasswordTokenPurpose } from '~/domain/password-token.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * Whether a one-time link still works, without spending it: the page shows the form (and
 * whose password it sets) or says that the link is dead.
 */
export async function findPasswordLink(db: Db, token: string, now = new Date()): Promise<{ purpose: PasswordTokenPurpose; email: string } | null> {
  const found = await db.passwordToken.findUnique({
    where: { tokenHash: hashPasswordToken(token) },
    select: { purpose: true, expiresAt: true, usedAt: true, user: { select: { email: true } } },
  })
  return found && passwordTokenUsable(found, now) ? { purpose: found.purpose, email: found.user.email } : null
}
