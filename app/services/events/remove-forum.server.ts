import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { forgetEventPage } from '~/utils/event-page-cache.server.ts'

/**
 * Takes a forum off an event, with its agenda, chairs and moderators. Only a forum that
 * has left no evidence may go: never live, no attendance in the ledger, no exam, survey or
 * credit rule of its own. Anything else is kept, because credits trace back to it.
 */
export async function removeForum(db: Db, eventId: string, forumId: string, ctx: AuditContext) {
  const forum = await db.forum.findFirst({
    where: { id: forumId, eventId },
    select: { id: true, slug: true, liveStatus: true, event: { select: { slug: true } }, _count: { select: { attendance: true, exams: true, surveys: true, creditRules: true } } },
  })
  if (!forum) throw new AppError('not_found', 'No such forum in this event')
  const used = forum.liveStatus !== 'OFFLINE' || Object.values(forum._count).some((n) => n > 0)
  if (used) throw new AppError('in_use', 'The forum has been live or has attendance, exams, surveys or credit rules')
  await db.$transaction(async (tx) => {
    await tx.forum.delete({ where: { id: forum.id } })
    await writeAudit(tx, 'forum.removed', { eventId, forumId: forum.id, slug: forum.slug }, ctx)
  })
  forgetEventPage(forum.event.slug)
}
