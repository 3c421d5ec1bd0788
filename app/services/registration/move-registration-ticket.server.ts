import { decideTicketMove, moneyState, type TicketMoveProblem } from '~/domain/desk-actions.ts'
import { holdsSeat, priceFor } from '~/domain/registration.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { releaseSeatAndPromote } from './cancel-registration.server.ts'
import { RUSH_TRANSACTION, takeSeat } from './register-for-event.server.ts'

export type TicketMoveInput = { eventId: string; registrationId: string; ticketTypeId: string; note?: string }
export type TicketMoveResult = { registrationId: string; changed: boolean; fromTicketTypeId: string; toTicketTypeId: string; amount: number; promotedRegistrationId: string | null }

const MESSAGES: Record<TicketMoveProblem, string> = {
  same_ticket: 'The registration already has this ticket',
  not_movable: 'Only a confirmed registration or one awaiting approval or payment can move to another ticket',
  sold_out: 'The other ticket has no seat left',
  payment_pending: 'A payment for the old price is under way: the registration moves only to a ticket of the same price',
  note_required: 'The other ticket has another price: say why in the note (what was paid stays as it is)',
}

/**
 * Staff move a registration to another ticket of its event (issue 15 §1), by the rule of
 * app/domain/desk-actions.ts `decideTicketMove`. In one transaction: the seat is taken on the
 * new ticket (the conditional increment never oversells), the registration changes only if
 * it is still on the ticket and in the status read (a concurrent move or cancel loses), the
 * old ticket's seat goes to its waiting list, and the move is audited with both tickets,
 * both amounts and the note. A repeat of the same move finds the registration already there
 * and changes nothing.
 */
export async function moveRegistrationTicket(db: Db, input: TicketMoveInput, actorUserId: string, ctx: AuditContext, now = new Date()): Promise<TicketMoveResult> {
  const audit = { ...ctx, userId: actorUserId }
  const note = input.note?.trim() ?? ''
  const result = await db.$transaction(async (tx) => {
    const reg = await tx.registration.findFirst({
      where: { id: input.registrationId, eventId: input.eventId },
      select: {
        id: true,
        status: true,
        tier: true,
        amount: true,
        ticketTypeId: true,
        ticketType: { select: { quota: true, requiresApproval: true } },
        payments: { select: { status: true } },
        bankTransfer: { select: { status: true } },
      },
    })
    if (!reg) throw new AppError('not_found', 'No such registration')
    const target = await tx.ticketType.findUnique({ where: { id: input.ticketTypeId } })
    if (!target) throw new AppError('not_found', 'No such ticket')
    if (target.eventId !== input.eventId) throw new AppError('ticket_other_event', 'That ticket belongs to another event')
    const unchanged = { registrationId: reg.id, changed: false, fromTicketTypeId: reg.ticketTypeId, toTicketTypeId: target.id, amount: reg.amount, promotedRegistrationId: null }
    if (reg.ticketTypeId === target.id) return unchanged

    const decision = decideTicketMove({
      status: reg.status,
      money: moneyState(reg.status, reg.payments, reg.bankTransfer),
      fromTicketTypeId: reg.ticketTypeId,
      amount: reg.amount,
      target: { id: target.id, quota: target.quota, seatsTaken: target.seatsTaken },
      targetPrice: priceFor(target, reg.tier, now).amount,
      note,
    })
    if (!decision.ok) throw new AppError('conflict', MESSAGES[decision.problem], { problem: decision.problem })

    // The new seat first: if it went meanwhile, nothing has changed yet.
    if (holdsSeat(reg.status) && !(await takeSeat(tx, target.id, target.quota))) throw new AppError('conflict', MESSAGES.sold_out, { problem: 'sold_out' })
    const { count } = await tx.registration.updateMany({
      where: { id: reg.id, ticketTypeId: reg.ticketTypeId, status: reg.status },
      data: { ticketTypeId: target.id, amount: decision.amount },
    })
    if (count !== 1) throw new AppError('conflict', 'Registration changed meanwhile')
    const promotedRegistrationId = holdsSeat(reg.status)
      ? await releaseSeatAndPromote(tx, { ticketTypeId: reg.ticketTypeId, quota: reg.ticketType.quota, requiresApproval: reg.ticketType.requiresApproval, freedBy: reg.id }, audit, now)
      : null
    await writeAudit(
      tx,
      'registration.ticket_moved',
      {
        registrationId: reg.id,
        fromTicketTypeId: reg.ticketTypeId,
        toTicketTypeId: target.id,
        status: reg.status,
        amountBefore: reg.amount,
        amountAfter: decision.amount,
        targetPrice: priceFor(target, reg.tier, now).amount,
        repriced: decision.repriced,
        ...(note ? { note } : {}),
        ...(promotedRegistrationId ? { promotedRegistrationId } : {}),
      },
      audit,
    )
    return { ...unchanged, changed: true, amount: decision.amount, promotedRegistrationId }
  }, RUSH_TRANSACTION)
  if (result.changed) logger.info({ registrationId: result.registrationId, from: result.fromTicketTypeId, to: result.toTicketTypeId }, 'registration moved to another ticket')
  return result
}
