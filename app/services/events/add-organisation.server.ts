import type { z } from 'zod'
import type { organisationFormSchema } from '~/schemas/staff.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { forgetEventPage } from '~/utils/event-page-cache.server.ts'

/**
 * Lists an organisation in a role (主办 / 承办 / 协办) for the event or for one forum.
 * Organisations are shared across events by their Chinese name, as on printed programmes.
 */
export async function addOrganisation(db: Db, eventId: string, form: z.infer<typeof organisationFormSchema>, ctx: AuditContext) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { slug: true } })
  if (!event) throw new AppError('not_found', 'No such event')
  const forumId = form.forumId || null
  if (forumId && !(await db.forum.findFirst({ where: { id: forumId, eventId }, select: { id: true } }))) {
    throw new AppError('validation_failed', 'No such forum in this event', { fields: { forumId: 'validation.choice' } })
  }
  const link = await db.$transaction(async (tx) => {
    const organisation = await tx.organisation.upsert({ where: { nameZh: form.nameZh }, update: {}, create: { nameZh: form.nameZh, nameEn: form.nameEn } })
    const duplicate = await tx.eventOrganisation.findFirst({ where: { eventId, forumId, organisationId: organisation.id, role: form.role }, select: { id: true } })
    if (duplicate) throw new AppError('conflict', 'Already listed in this role', { fields: { nameZh: 'validation.alreadyListed' } })
    const position = await tx.eventOrganisation.count({ where: { eventId, forumId, role: form.role } })
    const created = await tx.eventOrganisation.create({ data: { eventId, forumId, organisationId: organisation.id, role: form.role, position } })
    await writeAudit(tx, 'organisation.listed', { eventId, forumId, organisationId: organisation.id, role: form.role }, ctx)
    return created
  })
  forgetEventPage(event.slug)
  return link
}
