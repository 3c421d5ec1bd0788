import { hashSignupToken, SIGNUP_TOKEN_PATTERN, signupLinkUsable } from '~/domain/signup-request.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { createLoginSession } from './create-login-session.server.ts'

const invalidLink = () => new AppError('signup_link_invalid', 'This sign-up link is not valid (used, expired or incomplete)')
/** The account exists: its owner logs in instead, and still goes where the sign-up was heading. */
const emailTaken = (redirectTo: string | null) => new AppError('email_taken', 'That email address is already registered', { redirectTo })

async function findUsable(db: Db, token: string, now: Date) {
  if (!SIGNUP_TOKEN_PATTERN.test(token)) return null
  const request = await db.signupRequest.findUnique({ where: { tokenHash: hashSignupToken(token) } })
  return request && signupLinkUsable(request, now) ? request : null
}

/** What the confirmation page shows before the button is pressed: the address, or null for a dead link. */
export async function findSignUpRequest(db: Db, token: string, now = new Date()): Promise<{ email: string } | null> {
  const request = await findUsable(db, token, now)
  return request ? { email: request.email } : null
}

/**
 * Opens a sign-up link (made by requestSignUp): makes the ATTENDEE account with the name,
 * language and password hash given at sign-up, and starts its login session, in one
 * transaction. The link works once: its row is deleted with the account's creation, and a
 * second press, an expired link or an unknown token is `signup_link_invalid`. If the address
 * got an account meanwhile (another link of the same address), the link is spent and the
 * answer is `email_taken` (its details carry the stored redirectTo, for the log-in link): whoever holds the link holds the mailbox, so saying so leaks nothing.
 */
export async function confirmSignUp(db: Db, input: { token: string; previousSessionId?: string | null }, ctx: AuditContext = {}, now = new Date()) {
  const request = await findUsable(db, input.token, now)
  if (!request) throw invalidLink()
  if (await db.user.findUnique({ where: { email: request.email }, select: { id: true } })) {
    await db.signupRequest.deleteMany({ where: { id: request.id } })
    throw emailTaken(request.redirectTo)
  }
  try {
    return await db.$transaction(async (tx) => {
      // Whoever deletes the row makes the account: a double click or a second tab loses here.
      const { count } = await tx.signupRequest.deleteMany({ where: { id: request.id } })
      if (count === 0) throw invalidLink()
      const user = await tx.user.create({
        data: { email: request.email, passwordHash: request.passwordHash, realName: request.realName, locale: request.locale },
        select: { id: true },
      })
      const session = await createLoginSession(tx, { userId: user.id, previousSessionId: input.previousSessionId }, ctx, now)
      await writeAudit(tx, 'user.signed_up', {}, { ...ctx, userId: user.id })
      logger.info({ userId: user.id }, 'user signed up')
      return { userId: user.id, session, redirectTo: request.redirectTo }
    })
  } catch (error) {
    // Two links of one address pressed at the same moment: the second finds the account made.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw emailTaken(request.redirectTo)
    throw error
  }
}
