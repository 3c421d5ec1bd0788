import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/** The user's confirmed registration for the forum's event: where their attendance in the forum is written. */
export async function findAttendanceRegistration(db: Db, input: { forumId: string; userId: string }): Promise<string> {
  const forum = await db.forum.findUnique({ where: { id: input.forumId }, select: { eventId: true } })
  if (!forum) throw new AppError('not_found', 'No such forum')
  const registration = await db.registration.findUnique({
    where: { eventId_userId: { eventId: forum.eventId, userId: input.userId } },
    select: { id: true, status: true },
  })
  if (!registration || registration.status !== 'CONFIRMED') throw new AppError('not_registered', 'No confirmed registration for this forum')
  return registration.id
}
