import { actualTimesProblem, type TimeSpan } from '~/domain/credited-time.ts'
import { zonedTimeToUtc } from '~/domain/time.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { deriveForumAttendance } from './derive-forum-attendance.server.ts'

export type ForumTimesInput = { intent: 'confirm'; start: string; end: string; pauses: { start: string; end: string }[] } | { intent: 'reset' }

const PROBLEM_FIELD = { end_before_start: 'end', pause_outside: 'pauses', pauses_overlap: 'pauses' } as const

/**
 * Staff confirm or correct how a forum really ran (start, end, pauses; typed in the event's
 * time zone), or go back to what the live-status log says. Audited with the times before
 * and after, in one transaction with the change; the forum's stored intervals are then
 * re-derived so analytics follow at once. Certificates are reviewed by the caller
 * (credits/review-certificates-for-forum), never changed here.
 */
export async function confirmForumTimes(db: Db, forumId: string, input: ForumTimesInput, ctx: AuditContext, now = new Date()) {
  const forum = await db.forum.findUnique({ where: { id: forumId }, select: { id: true, event: { select: { timeZone: true } }, actualTimes: true } })
  if (!forum) throw new AppError('not_found', 'No such forum')
  const before = forum.actualTimes ? { start: forum.actualTimes.startsAt.toISOString(), end: forum.actualTimes.endsAt.toISOString(), pauses: forum.actualTimes.pauses } : null
  if (input.intent === 'reset') {
    await db.$transaction(async (tx) => {
      await tx.forumActualTimes.deleteMany({ where: { forumId } })
      await writeAudit(tx, 'forum.actual_times_reset', { forumId, before }, ctx)
    })
  } else {
    const tz = forum.event.timeZone
    const instant = (local: string, field: string) => {
      const at = zonedTimeToUtc(local, tz)
      if (!at) throw new AppError('validation_failed', 'Invalid time', { fields: { [field]: 'validation.dateTime' } })
      return at.toISOString()
    }
    const times = {
      start: instant(input.start, 'start'),
      end: instant(input.end, 'end'),
      pauses: input.pauses.map((p): TimeSpan => ({ start: instant(p.start, 'pauses'), end: instant(p.end, 'pauses') })),
    }
    const problem = actualTimesProblem(times)
    if (problem) throw new AppError('validation_failed', `Forum times: ${problem}`, { fields: { [PROBLEM_FIELD[problem]]: `forumTimes.problem.${problem}` } })
    await db.$transaction(async (tx) => {
      const data = { startsAt: new Date(times.start), endsAt: new Date(times.end), pauses: times.pauses, confirmedById: ctx.userId ?? null, confirmedAt: now }
      await tx.forumActualTimes.upsert({ where: { forumId }, create: { forumId, ...data }, update: data })
      await writeAudit(tx, 'forum.actual_times', { forumId, before, after: times }, ctx)
    })
  }
  const derived = await deriveForumAttendance(db, forumId, { now, full: true })
  logger.info({ forumId, intent: input.intent, registrations: derived.registrations }, 'forum times confirmed')
  return { registrations: derived.registrations }
}
