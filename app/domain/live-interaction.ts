import type { LiveRole } from './live-token.ts'
import type { ReplayNoticeView } from './replay-notice.ts'

/**
 * The live audience's interaction with the stage: Q&A (提问), polls (投票) and raised hands
 * (举手). Pure rules: who sees which question, the order questions are shown in, what a
 * moderation action does, which poll transitions are allowed, and poll results.
 */

export type QuestionStatus = 'PENDING' | 'APPROVED' | 'HIDDEN'
export type LiveQuestionView = {
  id: string
  userId: string
  name: string
  text: string
  status: QuestionStatus
  answered: boolean
  pinned: boolean
  votes: number
  /** Whether the person looking up-voted it, and whether they asked it (filled per viewer). */
  votedByMe: boolean
  mine: boolean
  at: string
}

export const QUESTION_ACTIONS = ['approve', 'hide', 'answered', 'unanswered', 'pin', 'unpin'] as const
export type QuestionAction = (typeof QUESTION_ACTIONS)[number]

/**
 * Moderation as a state change. Approving a hidden question shows it again; hiding also
 * unpins (a hidden question cannot stay on top); pinning approves, because a moderator
 * pins a question in order to show it. Answering does not change visibility.
 */
export function applyQuestionAction(q: { status: QuestionStatus; answered: boolean; pinned: boolean }, action: QuestionAction) {
  switch (action) {
    case 'approve':
      return { ...q, status: 'APPROVED' as const }
    case 'hide':
      return { ...q, status: 'HIDDEN' as const, pinned: false }
    case 'answered':
      return { ...q, answered: true }
    case 'unanswered':
      return { ...q, answered: false }
    case 'pin':
      return { ...q, status: 'APPROVED' as const, pinned: true }
    case 'unpin':
      return { ...q, pinned: false }
  }
}

/** Moderators see every question; everyone else sees approved ones and their own. */
export function canSeeQuestion(q: { status: QuestionStatus; userId: string }, viewer: { userId: string; role: LiveRole }): boolean {
  if (viewer.role === 'moderator') return true
  return q.status === 'APPROVED' || q.userId === viewer.userId
}

/** Only approved questions collect votes, and not from their author. */
export function canUpvote(q: { status: QuestionStatus; userId: string }, voterId: string): boolean {
  return q.status === 'APPROVED' && q.userId !== voterId
}

/**
 * The order on screen, as Slido and Zoom Q&A show it: pinned first, then open questions
 * by votes (most first), then answered ones; ties go to the earlier question. Hidden
 * questions sink to the bottom of a moderator's list.
 */
export function sortQuestions<Q extends Pick<LiveQuestionView, 'pinned' | 'answered' | 'votes' | 'at' | 'status' | 'id'>>(questions: readonly Q[]): Q[] {
  const rank = (q: Q) => (q.status === 'HIDDEN' ? 3 : q.pinned ? 0 : q.answered ? 2 : 1)
  return [...questions].sort((a, b) => rank(a) - rank(b) || b.votes - a.votes || a.at.localeCompare(b.at) || a.id.localeCompare(b.id))
}

export type PollStatus = 'DRAFT' | 'OPEN' | 'CLOSED'
export const POLL_ACTIONS = ['open', 'close', 'show_results', 'hide_results'] as const
export type PollAction = (typeof POLL_ACTIONS)[number]

/**
 * A poll's life: DRAFT → OPEN → CLOSED. Results can be shown to the audience at any time
 * after opening (live, as the votes come in) and hidden again. Null: not allowed now.
 */
export function applyPollAction(p: { status: PollStatus; resultsShown: boolean }, action: PollAction): { status: PollStatus; resultsShown: boolean } | null {
  switch (action) {
    case 'open':
      return p.status === 'DRAFT' ? { ...p, status: 'OPEN' } : null
    case 'close':
      return p.status === 'OPEN' ? { ...p, status: 'CLOSED' } : null
    case 'show_results':
      return p.status !== 'DRAFT' && !p.resultsShown ? { ...p, resultsShown: true } : null
    case 'hide_results':
      return p.resultsShown ? { ...p, resultsShown: false } : null
  }
}

export type PollResult = { optionId: string; votes: number; percent: number }

/**
 * Votes and whole percentages per option, in option order. Percentages use the largest
 * remainder method, so they always add up to 100 when anyone voted.
 */
export function pollResults(optionIds: readonly string[], counts: Readonly<Record<string, number>>): { total: number; results: PollResult[] } {
  const votes = optionIds.map((id) => Math.max(0, Math.floor(counts[id] ?? 0)))
  const total = votes.reduce((a, b) => a + b, 0)
  if (total === 0) return { total, results: optionIds.map((optionId) => ({ optionId, votes: 0, percent: 0 })) }
  const exact = votes.map((v) => (v * 100) / total)
  const percent = exact.map(Math.floor)
  let left = 100 - percent.reduce((a, b) => a + b, 0)
  const byRemainder = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1])
  for (const [, i] of byRemainder) {
    if (left <= 0) break
    percent[i]! += 1
    left -= 1
  }
  return { total, results: optionIds.map((optionId, i) => ({ optionId, votes: votes[i]!, percent: percent[i]! })) }
}

export type LivePollView = {
  id: string
  question: string
  status: PollStatus
  resultsShown: boolean
  options: { id: string; text: string }[]
  /** Present for moderators always, for everyone else once the moderator shows them. */
  results: { total: number; results: PollResult[] } | null
  /** The option the person looking chose (filled per viewer). */
  myVote: string | null
}
export type RaisedHandView = { userId: string; name: string; at: string }
export type LiveInteractionSnapshot = { questions: LiveQuestionView[]; polls: LivePollView[]; hands: RaisedHandView[]; handRaised: boolean }

/** Server → client pushes on the `/interaction` namespace. */
export type InteractionPushes = {
  /** A question was asked, approved, answered, pinned or voted on (as the receiver may see it). */
  qaQuestion: { question: LiveQuestionView }
  /** A public question was hidden: take it off the list. */
  qaRemoved: { questionId: string }
  pollUpdated: { poll: LivePollView }
  /** Moderators: the forum's raised hands, oldest first. */
  handsUpdated: { hands: RaisedHandView[] }
  /** The receiver's own hand (lowered by a moderator, or raised from another tab). */
  handState: { raised: boolean }
  /** The forum's live status changed (ENDED: Q&A, chat and hands close; `replay` says what comes next). */
  forumStatus: { status: 'OFFLINE' | 'LIVE' | 'PAUSED' | 'ENDED'; replay?: ReplayNoticeView | null }
  /** A forum of the same event changed its live status (the forum switcher). */
  eventForumStatus: { forumId: string; status: 'OFFLINE' | 'LIVE' | 'PAUSED' | 'ENDED' }
  /** Staff published, withdrew or moved the window of this forum's replay. */
  replayNotice: { replay: ReplayNoticeView }
}
