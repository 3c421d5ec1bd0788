import { Prisma } from '~/generated/prisma/client.ts'
import type { FapiaoRequestForm } from '~/schemas/payments.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'

/**
 * An attendee asks for a fapiao for what they pay. A registration paid by a hospital's group
 * transfer gets the group's one fapiao (for the transfer's total), whoever of them asks first;
 * otherwise the registration gets its own. One per subject: the unique keys make a second
 * request, or a double click, a conflict rather than a second fapiao.
 */
export async function requestFapiao(db: Db, input: { registrationId: string; userId: string; form: FapiaoRequestForm }, ctx: AuditContext = {}) {
  const reg = await db.registration.findFirst({
    where: { id: input.registrationId, userId: input.userId },
    select: {
      id: true,
      eventId: true,
      status: true,
      amount: true,
      currency: true,
      bankTransfer: { select: { id: true, amount: true, currency: true, status: true, _count: { select: { registrations: true } } } },
    },
  })
  if (!reg) throw new AppError('not_found', 'No such registration')
  if (reg.amount <= 0 || !['CONFIRMED', 'PENDING_PAYMENT'].includes(reg.status)) throw new AppError('conflict', 'There is nothing to invoice for this registration')
  const group = reg.bankTransfer && reg.bankTransfer.status !== 'CANCELLED' && reg.bankTransfer._count.registrations > 1 ? reg.bankTransfer : null
  const subject = group ? { bankTransferId: group.id, amount: group.amount, currency: group.currency } : { registrationId: reg.id, amount: reg.amount, currency: reg.currency }
  const { kind, buyerName, taxId, email, address, phone, bankName, bankAccount } = input.form
  try {
    const request = await db.$transaction(async (tx) => {
      const row = await tx.fapiaoRequest.create({
        data: { eventId: reg.eventId, requestedById: input.userId, kind, buyerName, taxId, email, address, phone, bankName, bankAccount, ...subject },
      })
      await writeAudit(tx, 'fapiao.requested', { requestId: row.id, registrationId: reg.id, bankTransferId: group?.id ?? null, kind, amount: subject.amount }, { ...ctx, userId: input.userId })
      return row
    })
    logger.info({ requestId: request.id, registrationId: reg.id, group: Boolean(group) }, 'fapiao requested')
    return request
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new AppError('conflict', 'A fapiao was already requested')
    throw error
  }
}
