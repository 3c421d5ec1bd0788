import { hash } from '@node-rs/argon2'
import type { AppLocale } from '~/domain/locale.ts'
import { toDbLocale } from '~/domain/locale.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { SESSION_TTL_MS } from '~/utils/session.server.ts'

export type SignUpInput = { email: string; password: string; realName: string; locale: AppLocale }

/** Creates an ATTENDEE account and signs it in, in one transaction. */
export async function signUp(db: Db, input: SignUpInput, ctx: AuditContext = {}, now = new Date()) {
  const passwordHash = await hash(input.password)
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, passwordHash, realName: input.realName, locale: toDbLocale(input.locale) },
        select: { id: true },
      })
      const session = await tx.loginSession.create({
        data: { userId: user.id, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) },
        select: { id: true, expiresAt: true },
      })
      await writeAudit(tx, 'user.signed_up', {}, { ...ctx, userId: user.id })
      logger.info({ userId: user.id }, 'user signed up')
      return { userId: user.id, session }
    })
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError('email_taken', 'That email address is already registered')
    }
    throw error
  }
}
