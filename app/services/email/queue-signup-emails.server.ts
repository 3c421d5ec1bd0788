import { fromDbLocale, toDbLocale, type AppLocale } from '~/domain/locale.ts'
import { renderSignupConfirmationEmail, renderSignupExistingEmail } from '~/domain/signup-email.ts'
import { existingAccountMailKey, SIGNUP_LINK_TTL_MS } from '~/domain/signup-request.ts'
import { translate } from '~/i18n/i18n.ts'
import type { Db } from '~/utils/db.server.ts'
import { emailConfigured } from '~/services/email/mailer.server.ts'
import { publicBaseUrl } from './queue-confirmation-email.server.ts'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

/**
 * Writes the "finish signing up" e-mail (a new address) in the caller's transaction (the
 * outbox), in the language the form was used in. The token is in the message only: the
 * database keeps its hash. One message per sign-up request.
 */
export async function queueSignupConfirmationEmail(tx: Tx, input: { signupRequestId: string; email: string; locale: AppLocale; token: string }): Promise<void> {
  const message = renderSignupConfirmationEmail((key, values) => translate(input.locale, key, values), {
    confirmUrl: `${publicBaseUrl()}/signup/confirm/${input.token}`,
    hours: SIGNUP_LINK_TTL_MS / 3600_000,
  })
  await tx.emailMessage.createMany({
    data: [
      {
        dedupeKey: `signup_confirmation:${input.signupRequestId}`,
        kind: 'signup_confirmation',
        toAddress: input.email,
        userId: null,
        locale: toDbLocale(input.locale),
        ...message,
        status: emailConfigured() ? 'QUEUED' : 'OUTBOX',
      },
    ],
    skipDuplicates: true,
  })
}

/**
 * Writes the "someone tried to sign up with your address" e-mail to an account's owner, in
 * the account's language and with the account's name, with the link to log in. At most one
 * per account and hour (the key), so repeated tries cannot flood the owner's inbox.
 */
export async function queueSignupExistingEmail(tx: Tx, input: { userId: string; now: Date }): Promise<void> {
  const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, realName: true, locale: true } })
  if (!user) return
  const locale = fromDbLocale(user.locale)
  const message = renderSignupExistingEmail((key, values) => translate(locale, key, values), { realName: user.realName, loginUrl: `${publicBaseUrl()}/login` })
  await tx.emailMessage.createMany({
    data: [
      {
        dedupeKey: existingAccountMailKey(user.id, input.now),
        kind: 'signup_existing',
        toAddress: user.email,
        userId: user.id,
        locale: user.locale,
        ...message,
        status: emailConfigured() ? 'QUEUED' : 'OUTBOX',
      },
    ],
    skipDuplicates: true,
  })
}

/** Both, as `requestSignUp` takes them (accounts may not import the email feature; the route hands them in). */
export const signupEmails = { confirmation: queueSignupConfirmationEmail, existingAccount: queueSignupExistingEmail }
