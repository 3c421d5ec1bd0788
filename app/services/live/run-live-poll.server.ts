import { applyPollAction, type PollAction } from '~/domain/live-interaction.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * Opens or closes a poll, or shows or hides its results. The change is a compare-and-set
 * on the status it was read with, so two moderators pressing at once cannot skip a step.
 */
export async function runLivePoll(db: Db, input: { forumId: string; pollId: string; action: PollAction }, now: Date = new Date()) {
  const poll = await db.livePoll.findFirst({ where: { id: input.pollId, forumId: input.forumId }, select: { status: true, resultsShown: true } })
  if (!poll) throw new AppError('not_found', 'No such poll')
  const next = applyPollAction(poll, input.action)
  if (!next) throw new AppError('live_poll_transition', `Cannot ${input.action} a ${poll.status} poll`)
  const { count } = await db.livePoll.updateMany({
    where: { id: input.pollId, status: poll.status, resultsShown: poll.resultsShown },
    data: { ...next, ...(input.action === 'open' ? { openedAt: now } : input.action === 'close' ? { closedAt: now } : {}) },
  })
  if (!count) throw new AppError('live_poll_transition', 'Changed meanwhile')
}
