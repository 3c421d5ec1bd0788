import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { loadQuestion } from './get-live-interaction.server.ts'
import { refuseIfEnded } from './refuse-if-ended.server.ts'

/** Per person and forum: at most this many questions waiting for a moderator at once. */
const MAX_PENDING = 5

/**
 * Asks a question in a forum's Q&A. It waits (PENDING) until a moderator approves it; until
 * then only its author and the moderators see it.
 */
export async function askLiveQuestion(db: Db, input: { forumId: string; userId: string; text: string }) {
  await refuseIfEnded(db, input.forumId)
  const pending = await db.liveQuestion.count({ where: { forumId: input.forumId, userId: input.userId, status: 'PENDING' } })
  if (pending >= MAX_PENDING) throw new AppError('rate_limited', 'Too many questions waiting for a moderator')
  const created = await db.liveQuestion.create({ data: { forumId: input.forumId, userId: input.userId, text: input.text }, select: { id: true } })
  return (await loadQuestion(db, created.id))!
}
