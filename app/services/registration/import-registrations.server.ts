import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import { emailPriority, escapeHtml, singleLine, type RenderedEmail } from '~/domain/email.ts'
import { fromDbLocale, localized, type AppLocale } from '~/domain/locale.ts'
import { newPasswordToken } from '~/domain/password-token.ts'
import { priceFor } from '~/domain/registration.ts'
import { transferDeadline } from '~/domain/bank-transfer.ts'
import { importSettlement, importSettlementProblem, rowsToImport, type ImportRow } from '~/domain/registration-import.ts'
import { translate } from '~/i18n/i18n.ts'
import { emailConfigured } from '~/services/email/mailer.server.ts'
import { publicBaseUrl } from '~/services/email/queue-confirmation-email.server.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { lockedBankAccount, newTransferReference, newTransferReferences } from './open-bank-transfer.server.ts'
import { chunked, planRegistrationImport } from './preview-registration-import.server.ts'
import { transferInstructionsEmail } from './queue-transfer-emails.server.ts'

/** Rows written per statement, with a yield between statements: a 5,000-row import never holds the event loop for long. */
const BATCH = 100

export type ImportInput = {
  eventId: string
  /** The SHA-256 of the previewed file (RegistrationImport.contentHash). */
  contentHash: string
  /** The hospital pays by one bank transfer: registrations for paid tickets are confirmed as paid by it. */
  paidByTransfer: boolean
  payerName?: string | null
}

/**
 * How the new accounts are made, handed in by the caller (registration may not import accounts,
 * docs/architecture.md): createInvitedAccount's unusable password hash (one for the whole
 * import: nobody knows its password, whoever shares it) and how long the set-password link works.
 */
export type InvitedAccounts = { passwordHash: string; linkTtlMs: number }

export type ImportResult = {
  created: number
  registered: number
  paidByTransfer: number
  transferId: string | null
  /** Registrations for paid tickets that wait for their own transfer (reference and deadline). */
  awaitingTransfer: number
}

const chunks = <T>(items: T[]) => chunked(items, BATCH)

function renderImportEmail(locale: AppLocale, input: { name: string; event: string; ticket: string; eventUrl: string; setPasswordUrl?: string }): RenderedEmail {
  const t = (key: string) => translate(locale, key, { name: input.name, event: input.event, ticket: input.ticket })
  const blocks: { text: string; url?: string }[] = [{ text: t('deskImport.email.greeting') }, { text: t('deskImport.email.body') }]
  if (input.setPasswordUrl) blocks.push({ text: t('deskImport.email.setPassword'), url: input.setPasswordUrl })
  blocks.push({ text: t('deskImport.email.link'), url: input.eventUrl }, { text: t('email.signature') })
  return {
    subject: singleLine(t('deskImport.email.subject')),
    text: blocks.map((b) => (b.url ? `${b.text}\n\n${b.url}` : b.text)).join('\n\n') + '\n',
    html: blocks.map((b) => (b.url ? `<p>${escapeHtml(b.text)}<br><a href="${escapeHtml(b.url)}">${escapeHtml(b.url)}</a></p>` : `<p>${escapeHtml(b.text)}</p>`)).join('\n'),
  }
}

/**
 * Imports a previewed list (issue 15 §1): in ONE transaction, planned again against the data
 * as it is now (under a per-event lock, so two confirmations cannot both add the same person):
 * - new people get an account (no usable password) with a one-time SETUP link, mailed to them
 *   through the outbox; existing accounts matched by email or phone are registered as they are;
 * - each registration takes a seat (the ticket's counter, refused past its quota);
 * - with `paidByTransfer`, the registrations for paid tickets are CONFIRMED and paid by one
 *   RECEIVED bank transfer of their total; otherwise each waits for its own transfer as a
 *   self-registration by transfer does (PENDING_PAYMENT, an AWAITING transfer with a unique
 *   reference and the event's deadline, the instructions mailed; the deadline job releases
 *   the seat and tells the attendee when it passes unpaid). An event that takes no transfers
 *   refuses such an import (`transfer_not_offered`): a seat would wait with no deadline.
 *   Free ones are CONFIRMED;
 * - one audit row for the import, one per transfer opened.
 * Idempotent: a person already registered is skipped, so the same file twice adds nothing.
 */
export async function importRegistrations(db: Db, input: ImportInput, accounts: InvitedAccounts, ctx: AuditContext, now = new Date()): Promise<ImportResult> {
  const stored = await db.registrationImport.findUnique({
    where: { eventId_contentHash: { eventId: input.eventId, contentHash: input.contentHash } },
    select: { id: true, rows: true },
  })
  if (!stored) throw new AppError('import_expired', 'No previewed list with this hash')
  const rows = stored.rows as unknown as ImportRow[]
  const event = await db.event.findUniqueOrThrow({
    where: { id: input.eventId },
    select: {
      slug: true,
      titleZh: true,
      titleEn: true,
      currency: true,
      timeZone: true,
      startsAt: true,
      ticketTypes: true,
    },
  })
  const tickets = new Map(event.ticketTypes.map((t) => [t.id, t]))
  const eventUrl = `${publicBaseUrl()}/events/${event.slug}`
  const outbox = emailConfigured() ? 'QUEUED' : 'OUTBOX'

  const result = await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`registration-import:${input.eventId}`}))`
      const plan = await planRegistrationImport(tx, input.eventId, rows)
      if (!plan.fits) throw new AppError('import_over_capacity', 'A ticket would go over its quota', { tickets: plan.tickets.filter((t) => t.over > 0) })
      const adding = rowsToImport(plan)
      const newRows = adding.filter((r) => r.kind === 'new')
      const amountOf = (ticketId: string) => priceFor(tickets.get(ticketId)!, 'NON_MEMBER', now).amount
      // Read again under a share lock: the account cannot be removed while this import opens transfers to it.
      const account = await lockedBankAccount(tx, input.eventId)
      if (
        importSettlementProblem(
          adding.map((r) => importSettlement(amountOf(r.ticketId), input.paidByTransfer)),
          account !== null,
        )
      ) {
        throw new AppError('transfer_not_offered', 'This event takes no bank transfers: mark the list as paid by the hospital, or set up the event’s account first')
      }

      // Accounts, and their set-password links.
      const userIdByLine = new Map<number, string>()
      const tokenByUser = new Map<string, string>()
      for (const batch of chunks(newRows)) {
        const users = await tx.user.createManyAndReturn({
          data: batch.map((r) => ({ email: r.email, phone: r.phone, realName: r.name, institution: r.institution, title: r.title, passwordHash: accounts.passwordHash })),
          select: { id: true, email: true },
        })
        const idByEmail = new Map(users.map((u) => [u.email, u.id]))
        const tokens = batch.map((r) => {
          const userId = idByEmail.get(r.email)!
          userIdByLine.set(r.line, userId)
          const { token, tokenHash } = newPasswordToken()
          tokenByUser.set(userId, token)
          return { userId, tokenHash, purpose: 'SETUP' as const, expiresAt: new Date(now.getTime() + accounts.linkTtlMs), createdAt: now }
        })
        await tx.passwordToken.createMany({ data: tokens })
        await yieldToEventLoop()
      }

      // Registrations: the non-member price of the day; paid ones by the hospital's transfer when
      // asked, else each waits for its own transfer.
      const planned = adding.map((r) => {
        const ticket = tickets.get(r.ticketId)!
        const amount = amountOf(r.ticketId)
        const settlement = importSettlement(amount, input.paidByTransfer)
        return { row: r, userId: r.kind === 'new' ? userIdByLine.get(r.line)! : r.userId, ticket, amount, settlement, confirmed: settlement !== 'awaiting_transfer' }
      })
      const paid = planned.filter((p) => p.settlement === 'paid_by_transfer')
      let transferId: string | null = null
      if (paid.length > 0) {
        const transfer = await tx.bankTransfer.create({
          data: {
            eventId: input.eventId,
            reference: await newTransferReference(tx),
            amount: paid.reduce((sum, p) => sum + p.amount, 0),
            currency: event.currency,
            status: 'RECEIVED',
            deadline: now,
            payerName: input.payerName?.trim() || null,
            receivedAt: now,
            receivedVia: 'MANUAL',
          },
          select: { id: true },
        })
        transferId = transfer.id
      }
      // One awaiting transfer per unpaid registration, as registerForEvent opens (openBankTransfer):
      // a reference of its own and the event's deadline, so staff can still group them later.
      const deadline = account ? transferDeadline(now, account.holdDays, event.startsAt) : now
      const awaitingTransferOf = new Map<number, { id: string; reference: string; amount: number; currency: string; deadline: Date }>()
      const registrationIdOf = new Map<number, string>()
      for (const batch of chunks(planned)) {
        const awaiting = batch.filter((p) => p.settlement === 'awaiting_transfer')
        if (awaiting.length > 0) {
          const references = await newTransferReferences(tx, awaiting.length)
          const lineOf = new Map(references.map((reference, i) => [reference, awaiting[i]!.row.line]))
          const opened = await tx.bankTransfer.createManyAndReturn({
            data: awaiting.map((p, i) => ({ eventId: input.eventId, reference: references[i]!, amount: p.amount, currency: event.currency, deadline })),
            select: { id: true, reference: true, amount: true, currency: true, deadline: true },
          })
          for (const t of opened) awaitingTransferOf.set(lineOf.get(t.reference)!, t)
        }
        const rows = await tx.registration.createManyAndReturn({
          data: batch.map((p) => ({
            eventId: input.eventId,
            ticketTypeId: p.ticket.id,
            userId: p.userId,
            status: p.confirmed ? ('CONFIRMED' as const) : ('PENDING_PAYMENT' as const),
            tier: 'NON_MEMBER' as const,
            amount: p.amount,
            currency: event.currency,
            confirmedAt: p.confirmed ? now : null,
            bankTransferId: p.settlement === 'paid_by_transfer' ? transferId : p.settlement === 'awaiting_transfer' ? awaitingTransferOf.get(p.row.line)!.id : null,
          })),
          select: { id: true, userId: true },
        })
        const lineOfUser = new Map(batch.map((p) => [p.userId, p.row.line]))
        for (const r of rows) registrationIdOf.set(lineOfUser.get(r.userId)!, r.id)
        if (awaiting.length > 0) {
          await tx.auditLog.createMany({
            data: awaiting.map((p) => {
              const t = awaitingTransferOf.get(p.row.line)!
              const data = { registrationId: registrationIdOf.get(p.row.line)!, transferId: t.id, reference: t.reference, amount: t.amount, deadline: t.deadline.toISOString(), via: 'import' }
              return { type: 'bank_transfer.opened', data, userId: ctx.userId ?? null, ipAddress: ctx.ipAddress ?? null, userAgent: ctx.userAgent ?? null }
            }),
          })
        }
        await yieldToEventLoop()
      }

      // Seats: every imported registration holds one; the counter refuses to pass the quota.
      const perTicket = new Map<string, number>()
      for (const p of planned) perTicket.set(p.ticket.id, (perTicket.get(p.ticket.id) ?? 0) + 1)
      for (const [ticketId, n] of perTicket) {
        // One conditional increment, as takeSeat does for one seat (docs/decisions/007-seat-counter.md).
        const quota = tickets.get(ticketId)!.quota
        const { count } = await tx.ticketType.updateMany({
          where: quota === null ? { id: ticketId } : { id: ticketId, seatsTaken: { lte: quota - n } },
          data: { seatsTaken: { increment: n } },
        })
        if (count !== 1) throw new AppError('import_over_capacity', 'A ticket would go over its quota')
      }

      // Mails: an invitation with the set-password link for new accounts, a notice for existing ones.
      const recipients = new Map<string, { id: string; email: string; realName: string; locale: 'zh_CN' | 'en' }>()
      for (const ids of chunked(
        planned.map((p) => p.userId),
        500,
      )) {
        for (const u of await tx.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true, realName: true, locale: true } })) recipients.set(u.id, u)
        await yieldToEventLoop()
      }
      for (const batch of chunks(planned)) {
        await tx.emailMessage.createMany({
          data: batch.map((p) => {
            const user = recipients.get(p.userId)!
            const locale = fromDbLocale(user.locale)
            const token = tokenByUser.get(p.userId)
            const message = renderImportEmail(locale, {
              name: p.row.name,
              event: localized(locale, event.titleZh, event.titleEn),
              ticket: localized(locale, p.ticket.nameZh, p.ticket.nameEn),
              eventUrl,
              ...(token ? { setPasswordUrl: `${publicBaseUrl()}/reset-password/${token}?redirectTo=${encodeURIComponent(`/events/${event.slug}`)}` } : {}),
            })
            const kind = token ? 'registration_import_invitation' : 'registration_import'
            return {
              dedupeKey: `registration_import:${input.eventId}:${p.userId}`,
              kind,
              // A hospital's list of thousands waits behind password resets and confirmations.
              priority: emailPriority(kind),
              toAddress: user.email,
              userId: user.id,
              locale: user.locale,
              ...message,
              status: outbox,
            }
          }),
          skipDuplicates: true,
        })
        // The transfer's instructions (account, amount, reference, deadline), the mail a self-registration by transfer gets.
        const instructions = batch.flatMap((p) => {
          const transfer = awaitingTransferOf.get(p.row.line)
          if (!transfer) return []
          const registration = { id: registrationIdOf.get(p.row.line)!, user: recipients.get(p.userId)!, event: { ...event, bankAccount: account } }
          const row = transferInstructionsEmail(registration, transfer)
          // Sent to a whole list at once: bulk, like the invitations, so resets are not held back.
          return row ? [{ ...row, priority: 'BULK' as const }] : []
        })
        if (instructions.length > 0) await tx.emailMessage.createMany({ data: instructions, skipDuplicates: true })
        await yieldToEventLoop()
      }

      await tx.registrationImport.update({ where: { id: stored.id }, data: { importedAt: now } })
      const summary = { created: newRows.length, registered: planned.length, paidByTransfer: paid.length, transferId, awaitingTransfer: awaitingTransferOf.size }
      await writeAudit(tx, 'registration.imported', { eventId: input.eventId, importId: stored.id, contentHash: input.contentHash, ...summary, skipped: plan.summary }, ctx)
      return summary
    },
    // A 5,000-row import takes seconds on a busy machine; the default 5 s would cut it off.
    { timeout: 120_000, maxWait: 30_000 },
  )
  logger.info({ eventId: input.eventId, importId: stored.id, ...result }, 'registrations imported')
  return result
}
