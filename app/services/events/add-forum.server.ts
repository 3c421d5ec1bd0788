import type { z } from 'zod'
import { Prisma } from '~/generated/prisma/client.ts'
import type { forumFormSchema } from '~/schemas/staff.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { findOrCreateSpeakers } from './find-or-create-speakers.server.ts'
import { forgetEventPage } from '~/utils/event-page-cache.server.ts'
import { rangeIn } from './save-event.server.ts'

/**
 * Adds the MAIN forum (one per event) or a SUB forum, with its room at the venue, its chairs
 * (主持 / 嘉宾主持) and the accounts that moderate it. Each forum is its own stream room.
 */
export async function addForum(db: Db, eventId: string, form: z.infer<typeof forumFormSchema>, ctx: AuditContext) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { slug: true, timeZone: true, forums: { select: { kind: true } } } })
  if (!event) throw new AppError('not_found', 'No such event')
  if (form.kind === 'MAIN' && event.forums.some((f) => f.kind === 'MAIN')) {
    throw new AppError('conflict', 'Event already has a main forum', { fields: { kind: 'validation.oneMainForum' } })
  }
  const range = rangeIn(form.startsAt, form.endsAt, event.timeZone)
  const moderators = form.moderators.length ? await db.user.findMany({ where: { email: { in: form.moderators } }, select: { id: true, email: true } }) : []
  if (moderators.length !== form.moderators.length) {
    const unknown = form.moderators.filter((e) => !moderators.some((m) => m.email === e))
    throw new AppError('validation_failed', 'Unknown moderator accounts', { fields: { moderators: 'validation.unknownAccount' }, emails: unknown.join(', ') })
  }
  try {
    const forum = await db.$transaction(async (tx) => {
      const created = await tx.forum.create({
        data: { eventId, kind: form.kind, slug: form.slug, titleZh: form.titleZh, titleEn: form.titleEn, roomZh: form.roomZh, roomEn: form.roomEn, position: event.forums.length, ...range },
      })
      const chairIds = await findOrCreateSpeakers(tx, form.chairs)
      const guestIds = (await findOrCreateSpeakers(tx, form.guestChairs)).filter((id) => !chairIds.includes(id))
      await tx.forumHost.createMany({
        data: [
          ...chairIds.map((speakerId, position) => ({ forumId: created.id, speakerId, role: 'CHAIR' as const, position })),
          ...guestIds.map((speakerId, i) => ({ forumId: created.id, speakerId, role: 'GUEST_CHAIR' as const, position: chairIds.length + i })),
        ],
      })
      await tx.forumModerator.createMany({ data: moderators.map((m) => ({ forumId: created.id, userId: m.id })) })
      await writeAudit(tx, 'forum.created', { eventId, forumId: created.id, roomZh: form.roomZh, roomEn: form.roomEn, moderators: moderators.map((m) => m.id) }, ctx)
      return created
    })
    forgetEventPage(event.slug)
    return forum
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new AppError('conflict', 'Forum slug in use', { fields: { slug: 'validation.slugTaken' } })
    throw error
  }
}
