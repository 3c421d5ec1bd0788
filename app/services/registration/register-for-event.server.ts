import { eventLifecycle, registrationOpen } from '~/domain/event-lifecycle.ts'
import { initialStatus, priceFor, registrationQuestionsSchema, salesState, validateAnswers, type Tier } from '~/domain/registration.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { queueConfirmationEmail } from '~/services/email/queue-confirmation-email.server.ts'
import { openBankTransfer } from './open-bank-transfer.server.ts'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

export type RegisterInput = {
  userId: string
  eventId: string
  ticketTypeId: string
  tier: Tier
  answers: Record<string, unknown>
  /** How a paid ticket is paid: Stripe Checkout (the default) or a bank transfer (对公转账). */
  paymentMethod?: 'stripe' | 'transfer'
}

/**
 * Takes one seat of a ticket type if one is left. The conditional increment is a single
 * UPDATE … WHERE "seatsTaken" < quota, so concurrent registrations queue on the row lock
 * and never oversell (docs/decisions/007-seat-counter.md).
 */
export async function takeSeat(tx: Tx, ticketTypeId: string, quota: number | null): Promise<boolean> {
  const { count } = await tx.ticketType.updateMany({
    where: quota === null ? { id: ticketTypeId } : { id: ticketTypeId, seatsTaken: { lt: quota } },
    data: { seatsTaken: { increment: 1 } },
  })
  return count === 1
}

export async function releaseSeat(tx: Tx, ticketTypeId: string) {
  await tx.ticketType.updateMany({ where: { id: ticketTypeId, seatsTaken: { gt: 0 } }, data: { seatsTaken: { decrement: 1 } } })
}

/**
 * When registration opens, hundreds of people press the button in the same second; their
 * transactions queue for the ticket row and for pool connections. Waiting a few seconds
 * beats failing them (Prisma's default wait is 2 s).
 */
export const RUSH_TRANSACTION = { maxWait: 20_000, timeout: 20_000 } as const

/**
 * Registers a user for an event: free tickets confirm at once, paid ones wait for the
 * Stripe webhook (PENDING_PAYMENT), approval tickets wait for staff, and a full ticket
 * type puts the user on its waiting list.
 */
export async function registerForEvent(db: Db, input: RegisterInput, options: { paymentsConfigured: boolean; now?: Date }, ctx: AuditContext = {}) {
  const now = options.now ?? new Date()
  const ticket = await db.ticketType.findFirst({
    where: { id: input.ticketTypeId, eventId: input.eventId, event: { status: 'PUBLISHED' } },
    include: {
      event: {
        select: {
          currency: true,
          registrationQuestions: true,
          bankAccount: { select: { eventId: true } },
          status: true,
          startsAt: true,
          endsAt: true,
          lifecycleOverride: true,
          forums: { select: { liveStatus: true } },
        },
      },
    },
  })
  if (!ticket) throw new AppError('not_found', 'No such ticket type for this event')
  if (!registrationOpen(eventLifecycle(ticket.event, now))) throw new AppError('registration_closed', 'This event has ended; registration is closed')
  if (salesState(ticket, now) !== 'open') throw new AppError('sales_closed', 'This ticket is not on sale right now')

  const questions = registrationQuestionsSchema.parse(ticket.event.registrationQuestions)
  const checked = validateAnswers(questions, input.answers)
  if (!checked.ok) throw new AppError('validation_failed', 'Some answers are not valid', { fields: checked.errors })

  const { amount } = priceFor(ticket, input.tier, now)
  const byTransfer = input.paymentMethod === 'transfer'
  if (amount > 0 && byTransfer && !ticket.event.bankAccount) throw new AppError('transfer_not_offered', 'This event does not take bank transfers')
  if (amount > 0 && !byTransfer && !options.paymentsConfigured) throw new AppError('payments_not_configured', 'Payments are not configured')

  const registration = await db.$transaction(async (tx) => {
    const existing = await tx.registration.findUnique({ where: { eventId_userId: { eventId: input.eventId, userId: input.userId } }, select: { id: true, status: true } })
    if (existing && existing.status !== 'CANCELLED' && existing.status !== 'REJECTED') {
      throw new AppError('already_registered', 'Already registered for this event')
    }
    const seatAvailable = await takeSeat(tx, ticket.id, ticket.quota)
    const status = initialStatus({ seatAvailable, requiresApproval: ticket.requiresApproval, amount })
    const data = {
      bankTransferId: null,
      ticketTypeId: ticket.id,
      status,
      tier: input.tier,
      amount,
      currency: ticket.event.currency,
      answers: checked.answers,
      confirmedAt: status === 'CONFIRMED' ? now : null,
      cancelledAt: null,
    }
    const row = existing
      ? await tx.registration.update({ where: { id: existing.id }, data: { ...data, createdAt: now } })
      : await tx.registration.create({ data: { ...data, eventId: input.eventId, userId: input.userId, createdAt: now } })
    await writeAudit(tx, 'registration.created', { registrationId: row.id, status, ticketTypeId: ticket.id }, { ...ctx, userId: input.userId })
    if (status === 'CONFIRMED') await queueConfirmationEmail(tx, row.id)
    // The seat and the transfer's deadline are one decision: both commit or neither.
    if (status === 'PENDING_PAYMENT' && byTransfer) await openBankTransfer(tx, row.id, { ...ctx, userId: input.userId }, now)
    return row
  }, RUSH_TRANSACTION)
  logger.info({ registrationId: registration.id, eventId: input.eventId, status: registration.status }, 'registration created')
  return registration
}
