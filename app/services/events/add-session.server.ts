import type { z } from 'zod'
import type { sessionFormSchema } from '~/schemas/staff.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { findOrCreateSpeakers } from './find-or-create-speakers.server.ts'
import { forgetEventPage } from '~/utils/event-page-cache.server.ts'
import { rangeIn } from './save-event.server.ts'
import { assertSessionFits } from './update-session.server.ts'

/**
 * Adds an agenda item, with its speakers, to a forum. Items fall inside their forum's hours
 * and, inside one forum, may not overlap (parallel sub-forums may — that is what they are
 * for); see assertSessionFits.
 */
export async function addSession(db: Db, eventId: string, form: z.infer<typeof sessionFormSchema>, ctx: AuditContext) {
  const forum = await db.forum.findFirst({ where: { id: form.forumId, eventId }, select: { id: true, startsAt: true, endsAt: true, event: { select: { slug: true, timeZone: true } } } })
  if (!forum) throw new AppError('not_found', 'No such forum')
  const range = rangeIn(form.startsAt, form.endsAt, forum.event.timeZone)
  const session = await db.$transaction(async (tx) => {
    const position = await assertSessionFits(tx, { ...forum, timeZone: forum.event.timeZone }, { titleZh: form.titleZh, titleEn: form.titleEn, ...range })
    const created = await tx.session.create({ data: { forumId: forum.id, kind: form.kind, titleZh: form.titleZh, titleEn: form.titleEn, position, ...range } })
    const speakerIds = await findOrCreateSpeakers(tx, form.speakers)
    await tx.sessionSpeaker.createMany({ data: speakerIds.map((speakerId, position) => ({ sessionId: created.id, speakerId, position })) })
    return created
  })
  await writeAudit(db, 'session.created', { eventId, forumId: forum.id, sessionId: session.id }, ctx)
  forgetEventPage(forum.event.slug)
  return session
}
