import { randomUUID } from 'node:crypto'
import { attendanceWindow, planPromptTimes } from '~/domain/attendance-analytics.ts'
import { createRandom } from '~/domain/draw.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'

/**
 * Plans random presence checks for the rest of a forum (from now to its scheduled end, or
 * its end once it has one): `minPerHour`–`maxPerHour` a hour at unpredictable minutes.
 * Planned prompts replace any earlier plan that has not fired yet; the scheduler in the
 * attendance namespace fires them when due, on whichever node claims them first.
 */
export async function planPresencePrompts(db: Db, input: { forumId: string; minPerHour: number; maxPerHour: number }, ctx: AuditContext, now = new Date()) {
  if (input.minPerHour > input.maxPerHour) throw new AppError('validation_failed', 'min above max', { fields: { minPerHour: 'validation.number' } })
  const forum = await db.forum.findUnique({ where: { id: input.forumId }, select: { id: true, startsAt: true, endsAt: true, liveStartedAt: true, liveEndedAt: true } })
  if (!forum) throw new AppError('not_found', 'No such forum')
  const end = forum.liveEndedAt ?? forum.endsAt
  const from = Math.max(now.getTime(), attendanceWindow(forum, now).start.getTime())
  if (end.getTime() <= from) throw new AppError('conflict', 'The forum is over')
  const times = planPromptTimes(from, end.getTime(), input, createRandom(randomUUID()))
  const timeoutSec = getEnv().PRESENCE_TIMEOUT_SEC
  await db.$transaction(async (tx) => {
    await tx.presencePrompt.deleteMany({ where: { forumId: forum.id, planned: true, firedAt: null } })
    await tx.presencePrompt.createMany({ data: times.map((t) => ({ forumId: forum.id, dueAt: new Date(t), timeoutSec, planned: true })) })
    await writeAudit(tx, 'presence.planned', { forumId: forum.id, prompts: times.length, minPerHour: input.minPerHour, maxPerHour: input.maxPerHour }, ctx)
  })
  return { planned: times.length, from: new Date(from), to: end }
}
