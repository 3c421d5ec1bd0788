import { hash } from '@node-rs/argon2'
import type { AppLocale } from '~/domain/locale.ts'
import { toDbLocale } from '~/domain/locale.ts'
import { newSignupToken, signupLinkExpiry } from '~/domain/signup-request.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { createRateLimit } from '~/utils/rate-limit.server.ts'
import { assertNewPasswordAllowed } from './password-policy.server.ts'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

export type SignUpInput = { email: string; password: string; realName: string; locale: AppLocale; redirectTo?: string | null }

/**
 * The two mails, written into the outbox in the caller's transaction. They belong to the
 * email feature, which accounts may not import (docs/architecture.md): the route hands them
 * in (`signupEmails` from app/services/email/queue-signup-emails.server.ts).
 */
export type SignupEmails = {
  confirmation: (tx: Tx, input: { signupRequestId: string; email: string; locale: AppLocale; token: string }) => Promise<void>
  existingAccount: (tx: Tx, input: { userId: string; now: Date }) => Promise<void>
}

/** Mails about one address per hour, whoever asks: the form cannot flood a mailbox. */
const MAILS_PER_MAILBOX_PER_HOUR = 3

/**
 * Asks for an account (issue 17: sign-up never reveals whether an address has one). The caller
 * always answers "if this address is new, a mail is on its way", whatever happens here:
 * - a new address gets a SignupRequest and a mail with a link (24 h, single use) that makes
 *   the account (confirm-sign-up.server.ts);
 * - an address with an account gets no request, and its owner a mail saying someone tried.
 * Both paths hash the password and write one mail, so they take about the same time.
 * The password policy applies first (a 422 that says why); then sign-ups are limited per
 * client address (SIGNUP_LIMIT_PER_HOUR an hour, then `too_many_signups`, 429).
 */
export async function requestSignUp(db: Db, input: SignUpInput, emails: SignupEmails, ctx: AuditContext = {}, now = new Date()): Promise<void> {
  await assertNewPasswordAllowed(input.password)
  const address = ctx.ipAddress?.trim()
  if (address) {
    const perAddress = createRateLimit({ name: 'signups-per-address', points: getEnv().SIGNUP_LIMIT_PER_HOUR, durationSec: 3600, scope: 'shared', db })
    const attempt = await perAddress.consume(address)
    if (!attempt.allowed) throw new AppError('too_many_signups', 'Too many sign-ups from this address; try again later', { retryAfterMs: attempt.retryAfterMs })
  }
  const passwordHash = await hash(input.password)
  const perMailbox = createRateLimit({ name: 'signup-mails-per-mailbox', points: MAILS_PER_MAILBOX_PER_HOUR, durationSec: 3600, scope: 'shared', db })
  if (!(await perMailbox.consume(input.email)).allowed) {
    logger.info('sign-up mail skipped: too many for one mailbox this hour')
    return
  }
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } })
  await db.$transaction(async (tx) => {
    if (existing) {
      await emails.existingAccount(tx, { userId: existing.id, now })
      await writeAudit(tx, 'user.signup_attempted_existing', {}, { ...ctx, userId: existing.id })
      return
    }
    // Links left unused past their day go as new ones are made, so the table stays small.
    await tx.signupRequest.deleteMany({ where: { expiresAt: { lte: now } } })
    const { token, tokenHash } = newSignupToken()
    const request = await tx.signupRequest.create({
      data: {
        tokenHash,
        email: input.email,
        realName: input.realName,
        locale: toDbLocale(input.locale),
        passwordHash,
        redirectTo: input.redirectTo ?? null,
        expiresAt: signupLinkExpiry(now),
        createdAt: now,
      },
      select: { id: true },
    })
    await emails.confirmation(tx, { signupRequestId: request.id, email: input.email, locale: input.locale, token })
    await writeAudit(tx, 'user.signup_requested', { signupRequestId: request.id }, { ...ctx, userId: null })
  })
}
