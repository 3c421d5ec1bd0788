import { formatMoney } from '~/domain/money.ts'
import { fromDbLocale, localized } from '~/domain/locale.ts'
import { formatDeadline } from '~/domain/bank-transfer.ts'
import { renderTransferExpiredEmail, renderTransferInstructionsEmail } from '~/domain/transfer-email.ts'
import { translate } from '~/i18n/i18n.ts'
import type { Db } from '~/utils/db.server.ts'
import { emailConfigured } from '~/services/email/mailer.server.ts'
import { publicBaseUrl } from '~/services/email/queue-confirmation-email.server.ts'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

const REG_SELECT = {
  id: true,
  user: { select: { id: true, email: true, realName: true, locale: true } },
  event: { select: { slug: true, titleZh: true, titleEn: true, timeZone: true, bankAccount: true } },
} as const

type InstructionsRegistration = {
  id: string
  user: { id: string; email: string; realName: string; locale: 'zh_CN' | 'en' }
  event: { titleZh: string; titleEn: string; timeZone: string; bankAccount: { accountName: string; bankName: string; accountNumber: string } | null }
}
type InstructionsTransfer = { id: string; reference: string; amount: number; currency: string; deadline: Date }

/** The "how to pay by bank transfer" outbox row for one registration and its transfer; null when the event takes no transfers. */
export function transferInstructionsEmail(reg: InstructionsRegistration, transfer: InstructionsTransfer) {
  const account = reg.event.bankAccount
  if (!account) return null
  const locale = fromDbLocale(reg.user.locale)
  const message = renderTransferInstructionsEmail((key, values) => translate(locale, key, values), {
    realName: reg.user.realName,
    eventTitle: localized(locale, reg.event.titleZh, reg.event.titleEn),
    accountName: account.accountName,
    bankName: account.bankName,
    accountNumber: account.accountNumber,
    amount: formatMoney(transfer.amount, transfer.currency, locale),
    reference: transfer.reference,
    deadline: formatDeadline(transfer.deadline, reg.event.timeZone, locale),
    ticketUrl: `${publicBaseUrl()}/tickets/${reg.id}`,
  })
  return {
    dedupeKey: `transfer_instructions:${reg.id}:${transfer.id}`,
    kind: 'transfer_instructions',
    toAddress: reg.user.email,
    userId: reg.user.id,
    locale: reg.user.locale,
    ...message,
    status: emailConfigured() ? ('QUEUED' as const) : ('OUTBOX' as const),
  }
}

/**
 * "How to pay by bank transfer", written in the caller's transaction (the outbox), once per
 * registration and transfer: a group reference replacing one's own sends the new one.
 */
export async function queueTransferInstructionsEmail(tx: Tx, registrationId: string, transferId: string): Promise<void> {
  const [reg, transfer] = await Promise.all([
    tx.registration.findUnique({ where: { id: registrationId }, select: REG_SELECT }),
    tx.bankTransfer.findUnique({ where: { id: transferId }, select: { id: true, reference: true, amount: true, currency: true, deadline: true } }),
  ])
  const row = reg && transfer ? transferInstructionsEmail(reg, transfer) : null
  if (row) await tx.emailMessage.createMany({ data: [row], skipDuplicates: true })
}

/** "Your seat was released: the transfer did not arrive in time", once per registration and transfer. */
export async function queueTransferExpiredEmail(tx: Tx, registrationId: string, transferId: string, reference: string): Promise<void> {
  const reg = await tx.registration.findUnique({ where: { id: registrationId }, select: REG_SELECT })
  if (!reg) return
  const locale = fromDbLocale(reg.user.locale)
  const message = renderTransferExpiredEmail((key, values) => translate(locale, key, values), {
    realName: reg.user.realName,
    eventTitle: localized(locale, reg.event.titleZh, reg.event.titleEn),
    reference,
    eventUrl: `${publicBaseUrl()}/events/${reg.event.slug}`,
  })
  await tx.emailMessage.createMany({
    data: [
      {
        dedupeKey: `transfer_expired:${reg.id}:${transferId}`,
        kind: 'transfer_expired',
        toAddress: reg.user.email,
        userId: reg.user.id,
        locale: reg.user.locale,
        ...message,
        status: emailConfigured() ? 'QUEUED' : 'OUTBOX',
      },
    ],
    skipDuplicates: true,
  })
}
