import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { forgetEventPage } from '~/utils/event-page-cache.server.ts'

/** Takes an agenda item off the programme (its speaker links go with it; speakers stay). */
export async function removeSession(db: Db, eventId: string, sessionId: string, ctx: AuditContext) {
  const session = await db.session.findFirst({
    where: { id: sessionId, forum: { eventId } },
    select: { id: true, titleZh: true, forumId: true, forum: { select: { event: { select: { slug: true } } } } },
  })
  if (!session) throw new AppError('not_found', 'No such agenda item in this event')
  await db.$transaction(async (tx) => {
    await tx.session.delete({ where: { id: session.id } })
    await writeAudit(tx, 'session.removed', { eventId, forumId: session.forumId, sessionId: session.id, titleZh: session.titleZh }, ctx)
  })
  forgetEventPage(session.forum.event.slug)
}
