import type { z } from 'zod'
import { findOverlaps } from '~/domain/agenda.ts'
import { formatTime } from '~/domain/time.ts'
import type { sessionFormSchema } from '~/schemas/staff.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { findOrCreateSpeakers } from './find-or-create-speakers.server.ts'
import { forgetEventPage } from '~/utils/event-page-cache.server.ts'
import { rangeIn } from './save-event.server.ts'

/**
 * Adds an agenda item, with its speakers, to a forum. Items inside one forum may not overlap (parallel
 * sub-forums may — that is what they are for). Checked in a transaction that locks the
 * forum row, so two staff members cannot slip overlapping items in at the same moment.
 */
export async function addSession(db: Db, eventId: string, form: z.infer<typeof sessionFormSchema>, ctx: AuditContext) {
  const forum = await db.forum.findFirst({ where: { id: form.forumId, eventId }, select: { id: true, event: { select: { slug: true, timeZone: true } } } })
  if (!forum) throw new AppError('not_found', 'No such forum in this event')
  const range = rangeIn(form.startsAt, form.endsAt, forum.event.timeZone)
  const session = await db.$transaction(async (tx) => {
    // Touching the forum row serialises concurrent additions to the same forum.
    await tx.forum.update({ where: { id: forum.id }, data: { updatedAt: new Date() } })
    const existing = await tx.session.findMany({ where: { forumId: forum.id }, select: { id: true, titleZh: true, titleEn: true, startsAt: true, endsAt: true } })
    const clash = findOverlaps([...existing, { id: '__new__', titleZh: form.titleZh, titleEn: form.titleEn, ...range }]).find(([a, b]) => a.id === '__new__' || b.id === '__new__')
    if (clash) {
      const other = clash[0].id === '__new__' ? clash[1] : clash[0]
      const tz = forum.event.timeZone
      throw new AppError('session_overlap', 'Overlaps another item of this forum', {
        titleZh: other.titleZh,
        titleEn: other.titleEn,
        time: `${formatTime(other.startsAt, tz)}–${formatTime(other.endsAt, tz)}`,
      })
    }
    const created = await tx.session.create({ data: { forumId: forum.id, kind: form.kind, titleZh: form.titleZh, titleEn: form.titleEn, position: existing.length, ...range } })
    const speakerIds = await findOrCreateSpeakers(tx, form.speakers)
    await tx.sessionSpeaker.createMany({ data: speakerIds.map((speakerId, position) => ({ sessionId: created.id, speakerId, position })) })
    return created
  })
  await writeAudit(db, 'session.created', { eventId, forumId: forum.id, sessionId: session.id }, ctx)
  forgetEventPage(forum.event.slug)
  return session
}
