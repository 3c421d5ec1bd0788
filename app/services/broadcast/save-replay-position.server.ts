import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * Where a registrant stopped watching a replay, so the page resumes there (saved every ~10 s
 * and when the page goes away). Only for a confirmed registration of the replay's event; a
 * position past the replay's end is refused by the schema's bound and kept within the
 * recording's length here.
 */
export async function saveReplayPosition(db: Db, input: { userId: string; replayId: string; positionSec: number }) {
  const replay = await db.replay.findUnique({ where: { id: input.replayId }, select: { id: true, forum: { select: { eventId: true } }, recording: { select: { durationSeconds: true } } } })
  if (!replay) throw new AppError('not_found', 'No such replay')
  const registration = await db.registration.findUnique({ where: { eventId_userId: { eventId: replay.forum.eventId, userId: input.userId } }, select: { id: true, status: true } })
  if (registration?.status !== 'CONFIRMED') throw new AppError('not_registered', 'No confirmed registration for this event')
  const positionSec = Math.min(input.positionSec, replay.recording.durationSeconds ?? input.positionSec)
  await db.replayPosition.upsert({
    where: { registrationId_replayId: { registrationId: registration.id, replayId: replay.id } },
    create: { registrationId: registration.id, replayId: replay.id, positionSec },
    update: { positionSec },
  })
  return { positionSec }
}
