import type { DeskQuery } from '~/domain/registration-desk.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { getMessageSend } from './get-message-send.server.ts'
import { deskWhere } from './list-event-registrations.server.ts'
import { listMessageSends } from './list-message-sends.server.ts'

/**
 * The message page of an event: the desk filter's recipient count, the ticket names (to say
 * what the filter is), the saved templates (one opened, if asked), the history of sends and
 * one send's recipients (if asked).
 */
export async function getRegistrantMessagesPage(db: Db, eventId: string, query: DeskQuery, options: { templateId?: string; sendId?: string } = {}) {
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: {
      id: true,
      slug: true,
      titleZh: true,
      titleEn: true,
      timeZone: true,
      ticketTypes: { select: { id: true, nameZh: true, nameEn: true }, orderBy: [{ position: 'asc' }, { createdAt: 'asc' }] },
      messageTemplates: { select: { id: true, name: true, subjectZh: true, bodyZh: true, subjectEn: true, bodyEn: true, updatedAt: true }, orderBy: { name: 'asc' } },
    },
  })
  if (!event) throw new AppError('not_found', 'No such event')
  const [recipients, sends, send] = await Promise.all([
    db.registration.count({ where: deskWhere(eventId, query) }),
    listMessageSends(db, eventId),
    options.sendId ? getMessageSend(db, eventId, options.sendId) : Promise.resolve(null),
  ])
  if (options.sendId && !send) throw new AppError('not_found', 'No such send for this event')
  const { ticketTypes, messageTemplates, ...rest } = event
  const template = options.templateId ? (messageTemplates.find((t) => t.id === options.templateId) ?? null) : null
  if (options.templateId && !template) throw new AppError('not_found', 'No such template for this event')
  return { event: rest, tickets: ticketTypes, recipients, templates: messageTemplates, template, sends, send }
}
