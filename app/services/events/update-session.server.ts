import type { z } from 'zod'
import { findOverlaps } from '~/domain/agenda.ts'
import { sessionOutsideForum } from '~/domain/staff-edit-rules.ts'
import { formatTime } from '~/domain/time.ts'
import type { sessionFormSchema } from '~/schemas/staff.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { forgetEventPage } from '~/utils/event-page-cache.server.ts'
import { findOrCreateSpeakers } from './find-or-create-speakers.server.ts'
import { rangeIn } from './save-event.server.ts'

type SessionForm = z.infer<typeof sessionFormSchema>
type Range = { startsAt: Date; endsAt: Date }
type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0]

/**
 * The checks every agenda item passes, new or edited: inside its forum's hours and not
 * overlapping another item of the same forum. Runs inside the transaction that writes, after
 * the forum row is touched, so two staff members cannot slip overlapping items in at once.
 */
export async function assertSessionFits(tx: Tx, forum: Range & { id: string; timeZone: string }, item: Range & { titleZh: string; titleEn: string }, ignoreId?: string) {
  const outside = sessionOutsideForum(item, forum)
  if (Object.keys(outside).length) {
    throw new AppError('validation_failed', 'Agenda item outside its forum', {
      fields: outside,
      forumTime: `${formatTime(forum.startsAt, forum.timeZone)}–${formatTime(forum.endsAt, forum.timeZone)}`,
    })
  }
  await tx.forum.update({ where: { id: forum.id }, data: { updatedAt: new Date() } })
  const existing = await tx.session.findMany({
    where: { forumId: forum.id, id: ignoreId ? { not: ignoreId } : undefined },
    select: { id: true, titleZh: true, titleEn: true, startsAt: true, endsAt: true },
  })
  const clash = findOverlaps([...existing, { id: '__new__', ...item }]).find(([a, b]) => a.id === '__new__' || b.id === '__new__')
  if (clash) {
    const other = clash[0].id === '__new__' ? clash[1] : clash[0]
    throw new AppError('session_overlap', 'Overlaps another item of this forum', {
      titleZh: other.titleZh,
      titleEn: other.titleEn,
      time: `${formatTime(other.startsAt, forum.timeZone)}–${formatTime(other.endsAt, forum.timeZone)}`,
    })
  }
  return existing.length
}

/**
 * Edits an agenda item: kind, titles, times, speakers, or the forum it belongs to (within
 * the event). Speakers replace the old list. Attendance already recorded is kept: minutes are
 * derived from the ledger against the item's current times.
 */
export async function updateSession(db: Db, eventId: string, sessionId: string, form: SessionForm, ctx: AuditContext) {
  const session = await db.session.findFirst({ where: { id: sessionId, forum: { eventId } }, select: { id: true } })
  if (!session) throw new AppError('not_found', 'No such agenda item in this event')
  const forum = await db.forum.findFirst({ where: { id: form.forumId, eventId }, select: { id: true, startsAt: true, endsAt: true, event: { select: { slug: true, timeZone: true } } } })
  if (!forum) throw new AppError('validation_failed', 'No such forum in this event', { fields: { forumId: 'validation.choice' } })
  const range = rangeIn(form.startsAt, form.endsAt, forum.event.timeZone)
  await db.$transaction(async (tx) => {
    await assertSessionFits(tx, { ...forum, timeZone: forum.event.timeZone }, { titleZh: form.titleZh, titleEn: form.titleEn, ...range }, session.id)
    await tx.session.update({ where: { id: session.id }, data: { forumId: forum.id, kind: form.kind, titleZh: form.titleZh, titleEn: form.titleEn, ...range } })
    const speakerIds = await findOrCreateSpeakers(tx, form.speakers)
    await tx.sessionSpeaker.deleteMany({ where: { sessionId: session.id } })
    await tx.sessionSpeaker.createMany({ data: speakerIds.map((speakerId, position) => ({ sessionId: session.id, speakerId, position })) })
    await writeAudit(tx, 'session.updated', { eventId, forumId: forum.id, sessionId: session.id }, ctx)
  })
  forgetEventPage(forum.event.slug)
}
