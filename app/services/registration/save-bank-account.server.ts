import type { BankAccountForm } from '~/schemas/payments.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * Sets (or removes) the account attendees transfer to for one event, and how many days a seat
 * waits. Transfers already awaited keep their deadline and are paid into the account as it is
 * now (a changed number reaches their ticket pages). Removing the account stops new transfers,
 * so it is refused while any is still awaited: their payers would lose the account, amount and
 * reference on their ticket pages while their seats wait for money they could no longer send.
 */
export async function saveBankAccount(db: Db, eventId: string, form: BankAccountForm, ctx: AuditContext) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true } })
  if (!event) throw new AppError('not_found', 'No such event')
  await db.$transaction(async (tx) => {
    if (form.enabled === 'off') {
      // Transfers being opened hold the row for share (lockedBankAccount): wait for them, so the count sees them.
      await tx.$queryRaw`SELECT 1 FROM "EventBankAccount" WHERE "eventId" = ${eventId} FOR UPDATE`
      const awaited = await tx.bankTransfer.count({ where: { eventId, status: 'AWAITING' } })
      if (awaited > 0) {
        throw new AppError('conflict', `${awaited} transfers are still awaited; the account stays until they arrive or expire`, {
          fields: { enabled: `payments.validation.accountInUse?count=${awaited}` },
        })
      }
      await tx.eventBankAccount.deleteMany({ where: { eventId } })
      await writeAudit(tx, 'bank_account.removed', { eventId }, ctx)
      return
    }
    const { enabled: _enabled, ...account } = form
    await tx.eventBankAccount.upsert({ where: { eventId }, create: { eventId, ...account }, update: account })
    await writeAudit(tx, 'bank_account.saved', { eventId, ...account }, ctx)
  })
}
