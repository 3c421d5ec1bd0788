import { nextLiveStatus, type LiveAction } from '~/domain/live-stage.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * A moderator goes live, pauses or ends a forum. The status and its window
 * (liveStartedAt: first time live; liveEndedAt) are stored with a live-status log row
 * (ForumLiveStatusChange: the actual times credit follows) and an audit row per transition
 * in one transaction; the conditional update refuses a transition raced by
 * another moderator. Repeating the action that led to the current status is a no-op.
 * Ending a forum also closes its open polls (results shown) and lowers its raised hands.
 */
export async function setForumLiveStatus(db: Db, input: { forumId: string; action: LiveAction }, ctx: AuditContext, now = new Date()) {
  return db.$transaction(async (tx) => {
    const forum = await tx.forum.findUnique({ where: { id: input.forumId }, select: { id: true, liveStatus: true, liveStartedAt: true } })
    if (!forum) throw new AppError('not_found', 'No such forum')
    const next = nextLiveStatus(forum.liveStatus, input.action)
    if (!next) {
      const already = { go_live: 'LIVE', pause: 'PAUSED', end: 'ENDED' }[input.action]
      if (forum.liveStatus === already) return { status: forum.liveStatus, changed: false, closedPollIds: [] as string[] }
      throw new AppError('conflict', `Cannot ${input.action} a forum that is ${forum.liveStatus}`)
    }
    const { count } = await tx.forum.updateMany({
      where: { id: forum.id, liveStatus: forum.liveStatus },
      data: {
        liveStatus: next,
        ...(next === 'LIVE' && !forum.liveStartedAt ? { liveStartedAt: now } : {}),
        ...(next === 'ENDED' ? { liveEndedAt: now } : {}),
      },
    })
    if (count !== 1) throw new AppError('conflict', 'The forum changed meanwhile')
    let closedPollIds: string[] = []
    if (next === 'ENDED') {
      // The forum is over: an open poll closes with its results shown, and raised hands come down.
      closedPollIds = (await tx.livePoll.findMany({ where: { forumId: forum.id, status: 'OPEN' }, select: { id: true } })).map((p) => p.id)
      await tx.livePoll.updateMany({ where: { id: { in: closedPollIds }, status: 'OPEN' }, data: { status: 'CLOSED', closedAt: now, resultsShown: true } })
      await tx.raisedHand.deleteMany({ where: { forumId: forum.id } })
    }
    await tx.forumLiveStatusChange.create({ data: { forumId: forum.id, from: forum.liveStatus, to: next, at: now, userId: ctx.userId ?? null } })
    await writeAudit(tx, 'forum.live_status', { forumId: forum.id, from: forum.liveStatus, to: next, at: now.toISOString() }, ctx)
    return { status: next, changed: true, closedPollIds }
  })
}
