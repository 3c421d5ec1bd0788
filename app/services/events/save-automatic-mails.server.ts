import type { z } from 'zod'
import type { automaticMailsSchema } from '~/schemas/staff.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'

/** Switches the event's automatic mails (reminders, certificate issued, replay available) on or off. Audited. */
export async function saveAutomaticMails(db: Db, eventId: string, mails: z.infer<typeof automaticMailsSchema>, ctx: AuditContext) {
  await db.$transaction(async (tx) => {
    const updated = await tx.event.updateMany({ where: { id: eventId }, data: mails })
    if (updated.count === 0) throw new AppError('not_found', 'No such event')
    await writeAudit(tx, 'event.automatic_mails_saved', { eventId, ...mails }, ctx)
  })
}
