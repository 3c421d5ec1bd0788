import { announceAccessRevoked } from '~/utils/access-revocations.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { cancelRegistrationInTx } from './cancel-registration.server.ts'
import { RUSH_TRANSACTION } from './register-for-event.server.ts'
import { queueTransferExpiredEmail } from './queue-transfer-emails.server.ts'

/** Transfers handled per sweep; the next sweep takes the rest. */
const BATCH = 100

/**
 * Releases the seats whose transfer did not arrive by its deadline. Per transfer, one
 * transaction: the transfer becomes EXPIRED (only if still AWAITING: a transfer staff confirm
 * at the same moment wins or loses as a whole), each registration it was holding a seat for is
 * cancelled (the seat goes to the waiting list, decision 007) and its holder is told by email.
 */
export async function expireBankTransfers(db: Db, now = new Date(), batch = BATCH): Promise<{ transfers: number; registrations: number }> {
  const due = await db.bankTransfer.findMany({ where: { status: 'AWAITING', deadline: { lte: now } }, orderBy: { deadline: 'asc' }, take: batch, select: { id: true, reference: true } })
  let transfers = 0
  let registrations = 0
  for (const transfer of due) {
    const outcome = await db.$transaction(async (tx) => {
      const { count } = await tx.bankTransfer.updateMany({ where: { id: transfer.id, status: 'AWAITING', deadline: { lte: now } }, data: { status: 'EXPIRED' } })
      if (count !== 1) return null
      const waiting = await tx.registration.findMany({ where: { bankTransferId: transfer.id, status: 'PENDING_PAYMENT' }, select: { id: true } })
      const holders = []
      for (const reg of waiting) {
        const cancelled = await cancelRegistrationInTx(tx, { registrationId: reg.id, actorUserId: null, asStaff: true, reason: 'transfer_deadline' }, {}, now)
        await queueTransferExpiredEmail(tx, reg.id, transfer.id, transfer.reference)
        holders.push(cancelled.holder)
      }
      return holders
    }, RUSH_TRANSACTION)
    if (!outcome) continue
    transfers++
    registrations += outcome.length
    for (const holder of outcome) announceAccessRevoked({ kind: 'registration', ...holder, reason: 'cancelled' })
    logger.info({ transferId: transfer.id, released: outcome.length }, 'bank transfer expired; seats released')
  }
  return { transfers, registrations }
}
