import { validateMessageTemplate, type MessageTemplate } from '~/domain/registrant-message.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * Saves a message template under a name for an event, to be used again: a name already used
 * for the event is overwritten (staff edit a template by saving it under its name). Only a
 * template that could be sent is saved. Audited.
 */
export async function saveMessageTemplate(db: Db, input: { eventId: string; name: string; template: MessageTemplate }, ctx: AuditContext): Promise<{ id: string }> {
  const problems = validateMessageTemplate(input.template)
  if (problems.length > 0) throw new AppError('validation_failed', 'The message template is not valid', { problems })
  return db.$transaction(async (tx) => {
    const event = await tx.event.findUnique({ where: { id: input.eventId }, select: { id: true } })
    if (!event) throw new AppError('not_found', 'No such event')
    const saved = await tx.registrantMessageTemplate.upsert({
      where: { eventId_name: { eventId: input.eventId, name: input.name } },
      create: { eventId: input.eventId, name: input.name, ...input.template, createdById: ctx.userId ?? null },
      update: { ...input.template },
      select: { id: true },
    })
    await writeAudit(tx, 'registrant_message.template_saved', { eventId: input.eventId, templateId: saved.id, name: input.name }, ctx)
    return saved
  })
}
