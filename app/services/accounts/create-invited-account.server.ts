import { randomBytes } from 'node:crypto'
import { hash } from '@node-rs/argon2'
import { newPasswordToken } from '~/domain/password-token.ts'
import type { Db } from '~/utils/db.server.ts'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

/** How long the set-password link of an invited account works (a speaker may read the mail days before the event). */
export const INVITED_ACCOUNT_LINK_TTL_MS = 7 * 24 * 3600_000

/** The unusable password hash of a new invited account (argon2 of 32 random bytes nobody knows); made outside the transaction. */
export function unusablePasswordHash(): Promise<string> {
  return hash(randomBytes(32).toString('base64url'))
}

/**
 * An account made for someone invited by e-mail (issue 15: a speaker without an account): no
 * usable password, and a one-time SETUP link with which its owner sets one through the usual
 * set-password page (app/routes/reset-password.$token.tsx). In the caller's transaction.
 */
export async function createInvitedAccount(tx: Tx, input: { email: string; realName: string; passwordHash: string; now: Date }) {
  const user = await tx.user.create({ data: { email: input.email, realName: input.realName, passwordHash: input.passwordHash }, select: { id: true, realName: true } })
  const { token, tokenHash } = newPasswordToken()
  await tx.passwordToken.create({ data: { userId: user.id, tokenHash, purpose: 'SETUP', expiresAt: new Date(input.now.getTime() + INVITED_ACCOUNT_LINK_TTL_MS), createdAt: input.now } })
  return { userId: user.id, realName: user.realName, token }
}
