import { emailPriority } from '~/domain/email.ts'
import { toDbLocale } from '~/domain/locale.ts'
import type { DeskQuery } from '~/domain/registration-desk.ts'
import { registrantMessageDedupeKey, validateMessageTemplate, type MessageTemplate } from '~/domain/registrant-message.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import { emailConfigured } from '~/services/email/mailer.server.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { deskWhere } from './list-event-registrations.server.ts'
import { messageContext, messageFilter, recipientMail, RECIPIENT_SELECT, type RecipientRow } from './registrant-message-recipients.server.ts'

export type SendInput = {
  eventId: string
  query: DeskQuery
  template: MessageTemplate
  templateId?: string | null
  /** The send form's nonce: the same nonce twice is one send. */
  nonce: string
  /** The recipient count the preview showed. */
  expected: number
}
export type SendResult = { sendId: string; recipients: number; changed: boolean }

const PAGE = 1000

/**
 * Sends a message to the registrants the desk's filter selects: one mail per registration into
 * the outbox (queued for SMTP when it is configured), each in the recipient's language, and the
 * send logged with its filter, text and recipients, all in one transaction with its audit row.
 * Idempotent on the form's nonce: a double submit returns the first send and mails nobody twice.
 * A filter that now selects a different number of people than the preview showed is refused
 * (the staff member previews again), and so is one that selects nobody.
 */
export async function sendRegistrantMessage(db: Db, input: SendInput, ctx: AuditContext): Promise<SendResult> {
  const done = await existingSend(db, input)
  if (done) return done
  const problems = validateMessageTemplate(input.template)
  if (problems.length > 0) throw new AppError('validation_failed', 'The message template is not valid', { problems })
  const context = await messageContext(db, input.eventId)
  if (input.templateId) {
    const template = await db.registrantMessageTemplate.findFirst({ where: { id: input.templateId, eventId: input.eventId }, select: { id: true } })
    if (!template) throw new AppError('not_found', 'No such template for this event')
  }
  const where = deskWhere(input.eventId, input.query)
  const status = emailConfigured() ? ('QUEUED' as const) : ('OUTBOX' as const)
  try {
    const result = await db.$transaction(
      async (tx) => {
        const recipients = await tx.registration.count({ where })
        if (recipients === 0) throw new AppError('bad_request', 'The filter selects no registrant', { reason: 'no_recipients' })
        if (recipients !== input.expected) throw new AppError('conflict', 'The filter now selects a different number of registrants', { reason: 'recipients_changed', recipients })
        const send = await tx.registrantMessageSend.create({
          data: {
            eventId: input.eventId,
            nonce: input.nonce,
            sentById: ctx.userId ?? null,
            filter: messageFilter(input.query),
            templateId: input.templateId ?? null,
            ...input.template,
            recipientCount: recipients,
          },
          select: { id: true },
        })
        let written = 0
        for (let after: string | null = null; ;) {
          const page: RecipientRow[] = await tx.registration.findMany({
            where: after ? { AND: [where, { id: { gt: after } }] } : where,
            select: RECIPIENT_SELECT,
            orderBy: { id: 'asc' },
            take: PAGE,
          })
          if (page.length === 0) break
          after = page.at(-1)!.id
          const mails = page.map((r) => {
            const { locale, message } = recipientMail(context, r, input.template)
            return {
              dedupeKey: registrantMessageDedupeKey(send.id, r.id),
              kind: 'registrant_message',
              priority: emailPriority('registrant_message'),
              toAddress: r.user.email,
              userId: r.user.id,
              // The language of the mail as sent (the other version when theirs is not written).
              locale: toDbLocale(locale),
              ...message,
              status,
            }
          })
          const created = await tx.emailMessage.createManyAndReturn({ data: mails, select: { id: true, dedupeKey: true, locale: true } })
          const byKey = new Map(created.map((m) => [m.dedupeKey, m]))
          await tx.registrantMessageRecipient.createMany({
            data: page.map((r) => {
              const mail = byKey.get(registrantMessageDedupeKey(send.id, r.id))!
              return { sendId: send.id, registrationId: r.id, emailMessageId: mail.id, locale: mail.locale }
            }),
          })
          written += page.length
        }
        // Registrations that joined the filter while the pages were read are mailed too; the log says how many were.
        if (written !== recipients) await tx.registrantMessageSend.update({ where: { id: send.id }, data: { recipientCount: written } })
        await writeAudit(tx, 'registrant_message.sent', { eventId: input.eventId, sendId: send.id, recipients: written, filter: messageFilter(input.query) }, ctx)
        return { sendId: send.id, recipients: written, changed: true }
      },
      { maxWait: 10_000, timeout: 300_000 },
    )
    logger.info({ eventId: input.eventId, sendId: result.sendId, recipients: result.recipients }, 'registrant message queued')
    return result
  } catch (error) {
    // Two submits at once: the second waits on the nonce's unique key, then finds the first.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const first = await existingSend(db, input)
      if (first) return first
    }
    throw error
  }
}

async function existingSend(db: Db, input: SendInput): Promise<SendResult | null> {
  const send = await db.registrantMessageSend.findUnique({ where: { nonce: input.nonce }, select: { id: true, eventId: true, recipientCount: true } })
  if (!send) return null
  if (send.eventId !== input.eventId) throw new AppError('conflict', 'This form was sent for another event')
  return { sendId: send.id, recipients: send.recipientCount, changed: false }
}
