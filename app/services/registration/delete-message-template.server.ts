import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'

/** Deletes a saved template of an event (its sends keep their own copy of the text). Audited; deleting it twice is a no-op. */
export async function deleteMessageTemplate(db: Db, input: { eventId: string; templateId: string }, ctx: AuditContext): Promise<{ changed: boolean }> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.registrantMessageTemplate.deleteMany({ where: { id: input.templateId, eventId: input.eventId } })
    if (count > 0) await writeAudit(tx, 'registrant_message.template_deleted', { eventId: input.eventId, templateId: input.templateId }, ctx)
    return { changed: count > 0 }
  })
}
