import { eventLifecycle, registrationOpen } from '~/domain/event-lifecycle.ts'
import { priceFor, registrationQuestionsSchema, salesState, validateAnswers, type Tier } from '~/domain/registration.ts'
import { checkMemberNumber, evidenceNeeded, normalizeMemberNumber, sniffStudentCard, statusWithEvidence, type TierEvidence } from '~/domain/tier-eligibility.ts'
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
  /** The member number for a member price (checked against the event's member list). */
  memberNumber?: string | null
  /** The student card's bytes for a student price (staff approve it). */
  studentCard?: Uint8Array<ArrayBuffer> | null
}

type Evidence = { tierEvidence: TierEvidence; memberNumber: string | null; tierReviewReason: string | null; card: { contentType: string; bytes: Uint8Array<ArrayBuffer> } | null }

const invalid = (field: string, key: string) => new AppError('validation_failed', 'The evidence for this price is missing or not valid', { fields: { [field]: key } })

/**
 * The evidence a reduced price needs (app/domain/tier-eligibility.ts): a member number on the
 * event's list approves the member price at once, one the list lacks is refused, and the
 * doubtful ones wait for staff; a student card always waits for staff. Read before the
 * registration's transaction: nothing is written when it is refused.
 */
async function checkEvidence(db: Db, input: RegisterInput, ticket: Parameters<typeof evidenceNeeded>[0], now: Date): Promise<Evidence> {
  const none: Evidence = { tierEvidence: 'NOT_REQUIRED', memberNumber: null, tierReviewReason: null, card: null }
  const needed = evidenceNeeded(ticket, input.tier, now)
  if (needed === 'student_card') {
    if (!input.studentCard || input.studentCard.length === 0) throw invalid('studentCard', 'eligibility.card.required')
    const sniffed = sniffStudentCard(input.studentCard)
    if (!sniffed.ok) throw invalid('studentCard', sniffed.reason === 'too_large' ? 'eligibility.card.tooLarge' : 'eligibility.card.badType')
    return { ...none, tierEvidence: 'PENDING', card: { contentType: sniffed.type, bytes: input.studentCard } }
  }
  if (needed === 'member_number') {
    const number = normalizeMemberNumber(input.memberNumber ?? '')
    const [listSize, listed, user, usedByAnother] = await Promise.all([
      db.eventMember.count({ where: { eventId: input.eventId } }),
      number ? db.eventMember.findUnique({ where: { eventId_number: { eventId: input.eventId, number } }, select: { name: true } }) : null,
      db.user.findUniqueOrThrow({ where: { id: input.userId }, select: { realName: true } }),
      number ? db.registration.count({ where: { eventId: input.eventId, memberNumber: number, userId: { not: input.userId }, status: { notIn: ['CANCELLED', 'REJECTED'] } } }) : 0,
    ])
    const check = checkMemberNumber({ memberNumber: number, listSize, listedName: listed?.name ?? null, realName: user.realName, usedByAnother: usedByAnother > 0 })
    if (check.kind === 'refused') {
      if (check.reason === 'not_on_list') throw new AppError('member_not_on_list', 'This member number is not on the member list', { fields: { memberNumber: 'eligibility.member.notOnList' } })
      throw invalid('memberNumber', check.reason === 'missing_number' ? 'eligibility.member.required' : 'eligibility.member.badNumber')
    }
    if (check.kind === 'review') return { ...none, tierEvidence: 'PENDING', memberNumber: number, tierReviewReason: check.reason }
    return { ...none, tierEvidence: 'APPROVED', memberNumber: number }
  }
  return none
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
 * Stripe webhook (PENDING_PAYMENT), approval tickets and reduced prices whose evidence staff
 * must check wait for staff (PENDING_APPROVAL), and a full ticket type puts the user on its
 * waiting list.
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
  const evidence = await checkEvidence(db, input, ticket, now)
  const byTransfer = input.paymentMethod === 'transfer'
  if (amount > 0 && byTransfer && !ticket.event.bankAccount) throw new AppError('transfer_not_offered', 'This event does not take bank transfers')
  if (amount > 0 && !byTransfer && !options.paymentsConfigured) throw new AppError('payments_not_configured', 'Payments are not configured')

  const registration = await db.$transaction(async (tx) => {
    const existing = await tx.registration.findUnique({ where: { eventId_userId: { eventId: input.eventId, userId: input.userId } }, select: { id: true, status: true } })
    if (existing && existing.status !== 'CANCELLED' && existing.status !== 'REJECTED') {
      throw new AppError('already_registered', 'Already registered for this event')
    }
    const seatAvailable = await takeSeat(tx, ticket.id, ticket.quota)
    const status = statusWithEvidence({ seatAvailable, requiresApproval: ticket.requiresApproval, amount, evidence: evidence.tierEvidence })
    const data = {
      bankTransferId: null,
      ticketTypeId: ticket.id,
      status,
      tier: input.tier,
      tierEvidence: evidence.tierEvidence,
      memberNumber: evidence.memberNumber,
      tierReviewReason: evidence.tierReviewReason,
      amount,
      currency: ticket.event.currency,
      answers: checked.answers,
      confirmedAt: status === 'CONFIRMED' ? now : null,
      cancelledAt: null,
    }
    const row = existing
      ? await tx.registration.update({ where: { id: existing.id }, data: { ...data, createdAt: now } })
      : await tx.registration.create({ data: { ...data, eventId: input.eventId, userId: input.userId, createdAt: now } })
    if (evidence.card) {
      const card = { contentType: evidence.card.contentType, size: evidence.card.bytes.length, bytes: evidence.card.bytes }
      await tx.studentCard.upsert({ where: { registrationId: row.id }, create: { registrationId: row.id, ...card }, update: card })
    } else if (existing) await tx.studentCard.deleteMany({ where: { registrationId: row.id } })
    await writeAudit(tx, 'registration.created', { registrationId: row.id, status, ticketTypeId: ticket.id, tier: input.tier, tierEvidence: evidence.tierEvidence }, { ...ctx, userId: input.userId })
    if (status === 'CONFIRMED') await queueConfirmationEmail(tx, row.id)
    // The seat and the transfer's deadline are one decision: both commit or neither.
    if (status === 'PENDING_PAYMENT' && byTransfer) await openBankTransfer(tx, row.id, { ...ctx, userId: input.userId }, now)
    return row
  }, RUSH_TRANSACTION)
  logger.info({ registrationId: registration.id, eventId: input.eventId, status: registration.status }, 'registration created')
  return registration
}
