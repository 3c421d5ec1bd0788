import type { z } from 'zod'
import { Prisma } from '~/generated/prisma/client.ts'
import type { forumFormSchema } from '~/schemas/staff.ts'
import { announceAccessRevoked } from '~/utils/access-revocations.server.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { findOrCreateSpeakers } from './find-or-create-speakers.server.ts'
import { forgetEventPage } from '~/utils/event-page-cache.server.ts'
import { rangeIn } from './save-event.server.ts'

/**
 * Edits a forum: its kind, web name, titles, room, times, chairs (主持 / 嘉宾主持) and moderator
 * accounts, which replace the old lists. An event keeps exactly one MAIN forum, and the
 * forum's sessions must still fit in its new times.
 */
export async function updateForum(db: Db, eventId: string, forumId: string, form: z.infer<typeof forumFormSchema>, ctx: AuditContext) {
  const forum = await db.forum.findFirst({
    where: { id: forumId, eventId },
    select: { id: true, kind: true, event: { select: { slug: true, timeZone: true, forums: { select: { id: true, kind: true } } } }, sessions: { select: { startsAt: true, endsAt: true } } },
  })
  if (!forum) throw new AppError('not_found', 'No such forum in this event')
  if (form.kind === 'MAIN' && forum.event.forums.some((f) => f.kind === 'MAIN' && f.id !== forum.id)) {
    throw new AppError('conflict', 'Event already has a main forum', { fields: { kind: 'validation.oneMainForum' } })
  }
  if (form.kind === 'SUB' && forum.kind === 'MAIN') throw new AppError('conflict', 'The event needs its main forum', { fields: { kind: 'validation.oneMainForum' } })
  const range = rangeIn(form.startsAt, form.endsAt, forum.event.timeZone)
  if (forum.sessions.some((s) => s.startsAt < range.startsAt || s.endsAt > range.endsAt)) {
    throw new AppError('validation_failed', 'Sessions fall outside the new times', { fields: { startsAt: 'validation.sessionsOutside' } })
  }
  const moderators = form.moderators.length ? await db.user.findMany({ where: { email: { in: form.moderators } }, select: { id: true, email: true } }) : []
  if (moderators.length !== form.moderators.length) {
    throw new AppError('validation_failed', 'Unknown moderator accounts', { fields: { moderators: 'validation.unknownAccount' } })
  }
  let removedModerators: string[] = []
  try {
    removedModerators = await db.$transaction(async (tx) => {
      await tx.forum.update({ where: { id: forum.id }, data: { kind: form.kind, slug: form.slug, titleZh: form.titleZh, titleEn: form.titleEn, roomZh: form.roomZh, roomEn: form.roomEn, ...range } })
      const chairIds = await findOrCreateSpeakers(tx, form.chairs)
      const guestIds = (await findOrCreateSpeakers(tx, form.guestChairs)).filter((id) => !chairIds.includes(id))
      await tx.forumHost.deleteMany({ where: { forumId: forum.id } })
      await tx.forumHost.createMany({
        data: [
          ...chairIds.map((speakerId, position) => ({ forumId: forum.id, speakerId, role: 'CHAIR' as const, position })),
          ...guestIds.map((speakerId, i) => ({ forumId: forum.id, speakerId, role: 'GUEST_CHAIR' as const, position: chairIds.length + i })),
        ],
      })
      const removed = await tx.forumModerator.findMany({ where: { forumId: forum.id, userId: { notIn: moderators.map((m) => m.id) } }, select: { userId: true } })
      await tx.forumModerator.deleteMany({ where: { forumId: forum.id, userId: { in: removed.map((r) => r.userId) } } })
      await tx.forumModerator.createMany({ data: moderators.map((m) => ({ forumId: forum.id, userId: m.id })), skipDuplicates: true })
      await writeAudit(tx, 'forum.updated', { eventId, forumId: forum.id, roomZh: form.roomZh, roomEn: form.roomEn, moderators: moderators.map((m) => m.id) }, ctx)
      return removed.map((r) => r.userId)
    })
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new AppError('conflict', 'Forum slug in use', { fields: { slug: 'validation.slugTaken' } })
    throw error
  }
  // Committed: a moderator taken off the forum loses the console and their live moderator connections now.
  for (const userId of removedModerators) announceAccessRevoked({ kind: 'forum_role', userId, forumId: forum.id, reason: 'moderator_removed' })
  forgetEventPage(forum.event.slug)
}
