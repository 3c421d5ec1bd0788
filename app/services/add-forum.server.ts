import type { z } from 'zod'
import { Prisma } from '~/generated/prisma/client.ts'
import type { forumFormSchema } from '~/schemas/staff.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { forgetEventPage } from './get-event-page.server.ts'
import { rangeIn } from './save-event.server.ts'

/** Adds the MAIN forum (one per event) or a SUB forum; each forum is its own stream room. */
export async function addForum(db: Db, eventId: string, form: z.infer<typeof forumFormSchema>, ctx: AuditContext) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { slug: true, timeZone: true, forums: { select: { kind: true } } } })
  if (!event) throw new AppError('not_found', 'No such event')
  if (form.kind === 'MAIN' && event.forums.some((f) => f.kind === 'MAIN')) {
    throw new AppError('conflict', 'Event already has a main forum', { fields: { kind: 'validation.oneMainForum' } })
  }
  try {
    const forum = await db.forum.create({
      data: { eventId, kind: form.kind, slug: form.slug, titleZh: form.titleZh, titleEn: form.titleEn, position: event.forums.length, ...rangeIn(form.startsAt, form.endsAt, event.timeZone) },
    })
    await writeAudit(db, 'forum.created', { eventId, forumId: forum.id }, ctx)
    forgetEventPage(event.slug)
    return forum
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new AppError('conflict', 'Forum slug in use', { fields: { slug: 'validation.slugTaken' } })
    throw error
  }
}
