import type { BankAccountForm } from '~/schemas/payments.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * Sets (or removes) the account attendees transfer to for one event, and how many days a seat
 * waits. Transfers already awaited keep their deadline; removing the account stops new ones.
 */
export async function saveBankAccount(db: Db, eventId: string, form: BankAccountForm, ctx: AuditContext) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true } })
  if (!event) throw new AppError('not_found', 'No such event')
  await db.$transaction(async (tx) => {
    if (form.enabled === 'off') {
      await tx.eventBankAccount.deleteMany({ where: { eventId } })
      await writeAudit(tx, 'bank_account.removed', { eventId }, ctx)
      return
    }
    const { enabled: _enabled, ...account } = form
    await tx.eventBankAccount.upsert({ where: { eventId }, create: { eventId, ...account }, update: account })
    await writeAudit(tx, 'bank_account.saved', { eventId, ...account }, ctx)
  })
}
