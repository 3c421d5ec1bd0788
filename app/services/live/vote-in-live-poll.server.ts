import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * One vote per person per poll, only while it is open. The (pollId, userId) key decides a
 * race between two tabs; the option must belong to the poll.
 */
export async function voteInLivePoll(db: Db, input: { forumId: string; pollId: string; optionId: string; userId: string }) {
  const poll = await db.livePoll.findFirst({ where: { id: input.pollId, forumId: input.forumId }, select: { status: true, options: { where: { id: input.optionId }, select: { id: true } } } })
  if (!poll || poll.options.length === 0) throw new AppError('not_found', 'No such poll or option')
  if (poll.status !== 'OPEN') throw new AppError('live_poll_closed', 'Poll not open')
  const { count } = await db.livePollVote.createMany({ data: [{ pollId: input.pollId, optionId: input.optionId, userId: input.userId }], skipDuplicates: true })
  if (!count) throw new AppError('live_already_voted', 'Already voted')
}
