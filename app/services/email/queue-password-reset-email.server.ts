import { escapeHtml, singleLine } from '~/domain/email.ts'
import { fromDbLocale } from '~/domain/locale.ts'
import { translate } from '~/i18n/i18n.ts'
import type { Db } from '~/utils/db.server.ts'
import { emailConfigured } from '~/services/email/mailer.server.ts'
import { publicBaseUrl } from './queue-confirmation-email.server.ts'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

/**
 * Writes the "reset your password" e-mail in the caller's transaction (the outbox), in the
 * account's language, with the one-time link. The token is in the message only: the
 * database keeps its hash. One message per token (the key is the token's expiry and user).
 */
export async function queuePasswordResetEmail(tx: Tx, input: { userId: string; token: string; expiresAt: Date }): Promise<void> {
  const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, realName: true, locale: true } })
  if (!user) return
  const locale = fromDbLocale(user.locale)
  const t = (key: string) => translate(locale, key, { name: user.realName })
  const link = `${publicBaseUrl()}/reset-password/${input.token}`
  const paragraphs = [t('email.confirmed.greeting'), t('email.passwordReset.body'), t('email.passwordReset.link'), link, t('email.passwordReset.ignore'), t('email.signature')]
  const html = [
    `<p>${escapeHtml(paragraphs[0]!)}</p>`,
    `<p>${escapeHtml(paragraphs[1]!)}</p>`,
    `<p>${escapeHtml(paragraphs[2]!)}<br><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
    `<p>${escapeHtml(paragraphs[4]!)}</p>`,
    `<p>${escapeHtml(paragraphs[5]!)}</p>`,
  ].join('\n')
  await tx.emailMessage.createMany({
    data: [
      {
        dedupeKey: `password_reset:${user.id}:${input.expiresAt.getTime()}`,
        kind: 'password_reset',
        toAddress: user.email,
        userId: user.id,
        locale: user.locale,
        subject: singleLine(t('email.passwordReset.subject')),
        text: paragraphs.join('\n\n') + '\n',
        html,
        status: emailConfigured() ? 'QUEUED' : 'OUTBOX',
      },
    ],
    skipDuplicates: true,
  })
}
