import { canSeeQuestion, pollResults, sortQuestions, type LiveInteractionSnapshot, type LivePollView, type LiveQuestionView, type PollStatus, type RaisedHandView } from '~/domain/live-interaction.ts'
import type { LiveRole } from '~/domain/live-token.ts'
import type { Db } from '~/utils/db.server.ts'

export type Viewer = { userId: string; role: LiveRole }

const questionSelect = { id: true, userId: true, text: true, status: true, answered: true, pinned: true, votes: true, createdAt: true, user: { select: { realName: true } } } as const
type QuestionRow = { id: string; userId: string; text: string; status: LiveQuestionView['status']; answered: boolean; pinned: boolean; votes: number; createdAt: Date; user: { realName: string } }

/** The audience sees questions without names; moderators see who asked. */
export function questionView(row: QuestionRow, forModerator: boolean, mark: { votedByMe?: boolean; mine?: boolean } = {}): LiveQuestionView {
  return {
    id: row.id,
    userId: forModerator ? row.userId : '',
    name: forModerator ? row.user.realName : '',
    text: row.text,
    status: row.status,
    answered: row.answered,
    pinned: row.pinned,
    votes: row.votes,
    votedByMe: mark.votedByMe ?? false,
    mine: mark.mine ?? false,
    at: row.createdAt.toISOString(),
  }
}

export async function loadQuestion(db: Db, questionId: string) {
  return db.liveQuestion.findUnique({ where: { id: questionId }, select: { ...questionSelect, forumId: true } })
}

const pollInclude = { options: { orderBy: { position: 'asc' }, select: { id: true, text: true } } } as const

/** A poll as moderators see it (with results) and as the audience sees it (results once shown), from one read. */
export async function pollViews(db: Db, pollId: string): Promise<{ forModerators: LivePollView; forAudience: LivePollView } | null> {
  const poll = await db.livePoll.findUnique({ where: { id: pollId }, include: pollInclude })
  if (!poll) return null
  const counts = (await voteCounts(db, [poll.id])).get(poll.id) ?? {}
  return { forModerators: toPollView(poll, counts, true, null), forAudience: toPollView(poll, counts, false, null) }
}

async function voteCounts(db: Db, pollIds: string[]) {
  const rows = pollIds.length ? await db.livePollVote.groupBy({ by: ['pollId', 'optionId'], where: { pollId: { in: pollIds } }, _count: { _all: true } }) : []
  const map = new Map<string, Record<string, number>>()
  for (const r of rows) map.set(r.pollId, { ...(map.get(r.pollId) ?? {}), [r.optionId]: r._count._all })
  return map
}

function toPollView(
  poll: { id: string; question: string; status: PollStatus; resultsShown: boolean; options: { id: string; text: string }[] },
  counts: Record<string, number>,
  forModerator: boolean,
  myVote: string | null,
): LivePollView {
  const showResults = forModerator || (poll.resultsShown && poll.status !== 'DRAFT')
  return {
    id: poll.id,
    question: poll.question,
    status: poll.status,
    resultsShown: poll.resultsShown,
    options: poll.options,
    results: showResults
      ? pollResults(
          poll.options.map((o) => o.id),
          counts,
        )
      : null,
    myVote,
  }
}

/**
 * What one person sees of a forum's Q&A, polls and hands when they open the player or the
 * console: moderators everything (drafts, pending and hidden questions, raised hands),
 * everyone else the public questions and their own, the polls that were opened, and
 * whether their own hand is up.
 */
export async function getLiveInteraction(db: Db, forumId: string, viewer: Viewer): Promise<LiveInteractionSnapshot> {
  const moderator = viewer.role === 'moderator'
  const [questions, myVotes, polls, myPollVotes, hands] = await Promise.all([
    db.liveQuestion.findMany({
      where: moderator ? { forumId } : { forumId, OR: [{ status: 'APPROVED' }, { userId: viewer.userId }] },
      select: questionSelect,
      orderBy: { createdAt: 'desc' },
      take: 500,
    }),
    db.liveQuestionVote.findMany({ where: { userId: viewer.userId, question: { forumId } }, select: { questionId: true } }),
    db.livePoll.findMany({ where: moderator ? { forumId } : { forumId, status: { not: 'DRAFT' } }, include: pollInclude, orderBy: { createdAt: 'desc' }, take: 50 }),
    db.livePollVote.findMany({ where: { userId: viewer.userId, poll: { forumId } }, select: { pollId: true, optionId: true } }),
    moderator
      ? db.raisedHand.findMany({ where: { forumId }, select: { userId: true, createdAt: true, user: { select: { realName: true } } }, orderBy: { createdAt: 'asc' } })
      : db.raisedHand.findMany({ where: { forumId, userId: viewer.userId }, select: { userId: true, createdAt: true, user: { select: { realName: true } } } }),
  ])
  const voted = new Set(myVotes.map((v) => v.questionId))
  const chosen = new Map(myPollVotes.map((v) => [v.pollId, v.optionId]))
  const counts = await voteCounts(
    db,
    polls.map((p) => p.id),
  )
  return {
    questions: sortQuestions(questions.filter((q) => canSeeQuestion(q, viewer)).map((q) => questionView(q, moderator, { votedByMe: voted.has(q.id), mine: q.userId === viewer.userId }))),
    polls: polls.map((p) => toPollView(p, counts.get(p.id) ?? {}, moderator, chosen.get(p.id) ?? null)),
    hands: moderator ? hands.map((h) => ({ userId: h.userId, name: h.user.realName, at: h.createdAt.toISOString() })) : [],
    handRaised: hands.some((h) => h.userId === viewer.userId),
  }
}

export async function listRaisedHands(db: Db, forumId: string): Promise<RaisedHandView[]> {
  const hands = await db.raisedHand.findMany({ where: { forumId }, select: { userId: true, createdAt: true, user: { select: { realName: true } } }, orderBy: { createdAt: 'asc' } })
  return hands.map((h) => ({ userId: h.userId, name: h.user.realName, at: h.createdAt.toISOString() }))
}
