import { randomInt } from 'node:crypto'
import { transferDeadline } from '~/domain/bank-transfer.ts'
import { referenceFromValues, REFERENCE_RANDOM_VALUES } from '~/domain/transfer-reference.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { queueTransferInstructionsEmail } from './queue-transfer-emails.server.ts'

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

/**
 * A reference no transfer has yet. 28^7 references make a clash unlikely but not impossible,
 * so a drawn one is checked before use (inside the transaction; the unique index is the backstop).
 */
export async function newTransferReference(tx: Tx): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const reference = referenceFromValues(Array.from({ length: REFERENCE_RANDOM_VALUES.count }, () => randomInt(REFERENCE_RANDOM_VALUES.range)))
    if (!(await tx.bankTransfer.findUnique({ where: { reference }, select: { id: true } }))) return reference
  }
  throw new AppError('internal', 'Could not draw a free transfer reference')
}

/**
 * `count` references no transfer has yet and no two alike, for an import that opens many
 * transfers at once: drawn together and checked with one query per round.
 */
export async function newTransferReferences(tx: Tx, count: number): Promise<string[]> {
  const drawn = new Set<string>()
  for (let attempt = 0; attempt < 5 && drawn.size < count; attempt++) {
    const fresh = new Set<string>()
    while (fresh.size < count - drawn.size) {
      const reference = referenceFromValues(Array.from({ length: REFERENCE_RANDOM_VALUES.count }, () => randomInt(REFERENCE_RANDOM_VALUES.range)))
      if (!drawn.has(reference)) fresh.add(reference)
    }
    const taken = new Set((await tx.bankTransfer.findMany({ where: { reference: { in: [...fresh] } }, select: { reference: true } })).map((t) => t.reference))
    for (const reference of fresh) if (!taken.has(reference)) drawn.add(reference)
  }
  if (drawn.size < count) throw new AppError('internal', 'Could not draw free transfer references')
  return [...drawn]
}

type LockedBankAccount = { accountName: string; bankName: string; accountNumber: string; holdDays: number }

/**
 * The event's transfer account, with a share lock held to the end of the caller's transaction.
 * Removing the account (saveBankAccount) takes the row for update before it counts the
 * transfers still awaited, so a transfer opened at the same moment is either counted (and the
 * removal refused) or finds no account (and is refused): never a transfer awaited on an
 * account that is gone.
 */
export async function lockedBankAccount(tx: Tx, eventId: string): Promise<LockedBankAccount | null> {
  const rows = await tx.$queryRaw<LockedBankAccount[]>`
    SELECT "accountName", "bankName", "accountNumber", "holdDays" FROM "EventBankAccount" WHERE "eventId" = ${eventId} FOR SHARE`
  return rows[0] ?? null
}

/**
 * Starts waiting for a registration's bank transfer, in the caller's transaction: a transfer
 * for its amount with a fresh reference and the event's deadline, linked to it, and the
 * instructions email. The seat is already held (PENDING_PAYMENT), now until the deadline.
 */
export async function openBankTransfer(tx: Tx, registrationId: string, ctx: AuditContext, now: Date) {
  const reg = await tx.registration.findUnique({
    where: { id: registrationId },
    select: {
      id: true,
      status: true,
      amount: true,
      currency: true,
      eventId: true,
      createdAt: true,
      bankTransfer: { select: { status: true } },
      event: { select: { startsAt: true } },
    },
  })
  if (!reg) throw new AppError('not_found', 'No such registration')
  const account = await lockedBankAccount(tx, reg.eventId)
  if (!account) throw new AppError('transfer_not_offered', 'This event does not take bank transfers')
  if (reg.status !== 'PENDING_PAYMENT' || reg.amount <= 0) throw new AppError('conflict', 'Nothing to pay for this registration')
  if (reg.bankTransfer?.status === 'AWAITING') throw new AppError('conflict', 'A transfer is already awaited for this registration')
  const transfer = await tx.bankTransfer.create({
    data: {
      eventId: reg.eventId,
      reference: await newTransferReference(tx),
      amount: reg.amount,
      currency: reg.currency,
      deadline: transferDeadline(now, account.holdDays, reg.event.startsAt),
    },
  })
  await tx.registration.update({ where: { id: reg.id }, data: { bankTransferId: transfer.id } })
  await writeAudit(
    tx,
    'bank_transfer.opened',
    { registrationId: reg.id, transferId: transfer.id, reference: transfer.reference, amount: transfer.amount, deadline: transfer.deadline.toISOString() },
    ctx,
  )
  await queueTransferInstructionsEmail(tx, reg.id, transfer.id)
  return transfer
}

/** The attendee chooses to pay an awaiting registration by transfer (after the waiting list, or instead of a card). */
export async function startBankTransfer(db: Db, input: { registrationId: string; userId: string }, ctx: AuditContext = {}, now = new Date()) {
  const owned = await db.registration.findFirst({ where: { id: input.registrationId, userId: input.userId }, select: { id: true } })
  if (!owned) throw new AppError('not_found', 'No such registration')
  const transfer = await db.$transaction((tx) => openBankTransfer(tx, owned.id, { ...ctx, userId: input.userId }, now))
  logger.info({ registrationId: owned.id, transferId: transfer.id }, 'bank transfer awaited')
  return transfer
}
