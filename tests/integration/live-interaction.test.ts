import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Server } from 'socket.io'
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import type { LiveInteractionSnapshot, LivePollView, LiveQuestionView } from '../../app/domain/live-interaction.ts'
import { signLiveToken, type LiveRole } from '../../app/domain/live-token.ts'
import { attachInteraction } from '../../app/realtime/interaction.server.ts'
import { setForumLiveStatus } from '../../app/services/live/set-forum-live-status.server.ts'
import { announceForumStatusChanged } from '../../app/utils/forum-status-events.server.ts'
import type { Db } from '../../app/utils/db.server.ts'
import { testDb } from '../helpers/db.ts'
import { createEvent, createUsers } from '../helpers/fixtures.ts'

/**
 * Q&A, polls and raised hands over a real socket.io server on a real database: the join
 * token is the way in, moderation decides who sees what, votes count once, and every
 * refusal is an error ack with a translated message.
 */
const SECRET = 'i'.repeat(32)
let db: Db
let server: http.Server
let close: () => void
let url = ''
const sockets: Socket[] = []

beforeAll(async () => {
  db = testDb()
  server = http.createServer()
  const io = new Server(server)
  close = attachInteraction(io, db, { tokenSecret: () => SECRET }).close
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/interaction`
})
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect()
})
afterAll(async () => {
  close()
  await new Promise((r) => server.close(r))
  await db.$disconnect()
})

const now = () => Math.floor(Date.now() / 1000)
const token = (forumId: string, userId: string, role: LiveRole) => signLiveToken(SECRET, { forumId, userId, role, name: '', status: 'LIVE', iat: now(), exp: now() + 60 })

function open(auth: Record<string, unknown>): Promise<Socket> {
  const socket = connect(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true })
  sockets.push(socket)
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', reject)
  })
}

type Reply<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } }
const ask = <T = unknown>(socket: Socket, name: string, payload?: unknown) => socket.timeout(5000).emitWithAck(name, payload ?? {}) as Promise<Reply<T>>
const ok = async <T = unknown>(p: Promise<Reply<T>>): Promise<T> => {
  const r = await p
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.data
}
/** The next push of `event` on `socket` that satisfies `match`. */
const next = <T>(socket: Socket, event: string, match: (data: T) => boolean = () => true, ms = 3000) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms)
    const handler = (data: T) => {
      if (!match(data)) return
      clearTimeout(timer)
      socket.off(event, handler)
      resolve(data)
    }
    socket.on(event, handler)
  })

async function forum() {
  const event = await createEvent(db)
  const [moderator, alice, bob] = await createUsers(db, 3, 'ia')
  const forumId = event.forums[0]!.id
  const [mod, a, b] = await Promise.all([
    open({ token: token(forumId, moderator!, 'moderator'), locale: 'zh-CN' }),
    open({ token: token(forumId, alice!, 'viewer'), locale: 'zh-CN' }),
    open({ token: token(forumId, bob!, 'viewer'), locale: 'en' }),
  ])
  return { forumId, moderator: moderator!, alice: alice!, bob: bob!, mod, a, b }
}

test('without a genuine join token nothing gets in', async () => {
  const error = await open({ token: 'L1.forged.token' }).then(
    () => null,
    (e: Error & { data?: { code: string } }) => e,
  )
  expect(error?.data?.code).toBe('live_token_invalid')
})

test('a question waits for a moderator, then everyone sees it without the name; up-votes count once and not from the author', async () => {
  const { mod, a, b, alice } = await forum()
  const modHears = next<{ question: LiveQuestionView }>(mod, 'qaQuestion')
  const { question } = await ok(ask<{ question: LiveQuestionView }>(a, 'qaAsk', { text: '  抗菌药物分级管理如何落地？ ' }))
  expect(question).toMatchObject({ status: 'PENDING', text: '抗菌药物分级管理如何落地？', mine: true, votes: 0 })
  // The moderator hears it with the asker's name; Bob sees nothing yet.
  expect((await modHears).question).toMatchObject({ id: question.id, userId: alice, name: '用户1', status: 'PENDING' })
  expect((await ok(ask<LiveInteractionSnapshot>(b, 'interactionState'))).questions).toEqual([])
  // Up-voting a pending question is refused.
  const early = await ask(b, 'qaUpvote', { questionId: question.id, up: true })
  expect(early).toMatchObject({ ok: false, error: { code: 'live_question_closed', message: 'This question cannot be up-voted (it is not public, or it is your own).' } })

  const bobHears = next<{ question: LiveQuestionView }>(b, 'qaQuestion')
  await ok(ask(mod, 'qaModerate', { questionId: question.id, action: 'approve' }))
  expect((await bobHears).question).toMatchObject({ id: question.id, status: 'APPROVED', userId: '', name: '' })

  // Bob's vote counts once, however often he sends it; Alice cannot vote for her own question.
  for (let i = 0; i < 3; i++) await ok(ask(b, 'qaUpvote', { questionId: question.id, up: true }))
  expect(await ask(a, 'qaUpvote', { questionId: question.id, up: true })).toMatchObject({ ok: false, error: { code: 'live_question_closed' } })
  const seenByBob = (await ok(ask<LiveInteractionSnapshot>(b, 'interactionState'))).questions
  expect(seenByBob).toMatchObject([{ id: question.id, votes: 1, votedByMe: true, mine: false }])
  // Taking the vote back.
  await ok(ask(b, 'qaUpvote', { questionId: question.id, up: false }))
  expect((await ok(ask<LiveInteractionSnapshot>(b, 'interactionState'))).questions[0]).toMatchObject({ votes: 0, votedByMe: false })
})

test('moderators pin, mark answered and hide; a hidden question leaves the audience but stays with its author; viewers cannot moderate', async () => {
  const { mod, a, b } = await forum()
  const q1 = (await ok(ask<{ question: LiveQuestionView }>(a, 'qaAsk', { text: '第一个问题' }))).question
  const q2 = (await ok(ask<{ question: LiveQuestionView }>(a, 'qaAsk', { text: '第二个问题' }))).question
  await ok(ask(mod, 'qaModerate', { questionId: q1.id, action: 'approve' }))
  await ok(ask(mod, 'qaModerate', { questionId: q2.id, action: 'pin' }))
  await ok(ask(mod, 'qaModerate', { questionId: q1.id, action: 'answered' }))
  const order = (await ok(ask<LiveInteractionSnapshot>(b, 'interactionState'))).questions
  expect(order.map((q) => [q.text, q.pinned, q.answered])).toEqual([
    ['第二个问题', true, false],
    ['第一个问题', false, true],
  ])

  const removed = next<{ questionId: string }>(b, 'qaRemoved')
  await ok(ask(mod, 'qaModerate', { questionId: q2.id, action: 'hide' }))
  expect((await removed).questionId).toBe(q2.id)
  expect((await ok(ask<LiveInteractionSnapshot>(b, 'interactionState'))).questions.map((q) => q.id)).toEqual([q1.id])
  expect((await ok(ask<LiveInteractionSnapshot>(a, 'interactionState'))).questions.find((q) => q.id === q2.id)).toMatchObject({ status: 'HIDDEN', pinned: false, mine: true })
  expect(await db.auditLog.count({ where: { type: 'live.question_hidden', data: { path: ['questionId'], equals: q2.id } } })).toBe(1)

  expect(await ask(b, 'qaModerate', { questionId: q1.id, action: 'hide' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  expect(await ask(b, 'qaModerate', { questionId: q1.id, action: 'delete' })).toMatchObject({ ok: false, error: { code: 'validation_failed' } })
  expect(await ask(b, 'qaAsk', { text: '   ' })).toMatchObject({ ok: false, error: { code: 'validation_failed', message: 'Please check the highlighted fields.' } })
  expect(await ask(b, 'qaAsk', { text: 'x'.repeat(501) })).toMatchObject({ ok: false, error: { code: 'validation_failed' } })
})

test('a poll: drafted unseen, opened, one vote each while open, results only when shown, closed for good', async () => {
  const { mod, a, b, forumId } = await forum()
  expect(await ask(a, 'pollCreate', { question: 'Q', options: ['x', 'y'] })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  expect(await ask(mod, 'pollCreate', { question: '是否开展分级管理？', options: ['是'] })).toMatchObject({ ok: false, error: { code: 'validation_failed' } })
  expect(await ask(mod, 'pollCreate', { question: '是否开展分级管理？', options: ['是', '是'] })).toMatchObject({ ok: false, error: { code: 'validation_failed' } })
  const { pollId } = await ok(ask<{ pollId: string }>(mod, 'pollCreate', { question: '贵院是否已开展分级管理？', options: ['已开展', '筹备中', '未开展'] }))
  expect((await ok(ask<LiveInteractionSnapshot>(a, 'interactionState'))).polls).toEqual([])

  const opened = next<{ poll: LivePollView }>(a, 'pollUpdated')
  await ok(ask(mod, 'pollRun', { pollId, action: 'open' }))
  const poll = (await opened).poll
  expect(poll).toMatchObject({ status: 'OPEN', results: null, myVote: null })
  const [yes, maybe] = poll.options

  await ok(ask(a, 'pollVote', { pollId, optionId: yes!.id }))
  expect(await ask(a, 'pollVote', { pollId, optionId: maybe!.id })).toMatchObject({ ok: false, error: { code: 'live_already_voted', message: '您已经投过票了。' } })
  // An option of another poll, or none at all, is not a vote.
  expect(await ask(b, 'pollVote', { pollId, optionId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } })
  await ok(ask(b, 'pollVote', { pollId, optionId: maybe!.id }))

  // The moderator sees live counts (pushed at most twice a second); the audience does not yet.
  const counted = await next<{ poll: LivePollView }>(mod, 'pollUpdated', (d) => d.poll.results?.total === 2)
  expect(counted.poll.results!.results.map((r) => [r.votes, r.percent])).toEqual([
    [1, 50],
    [1, 50],
    [0, 0],
  ])
  expect((await ok(ask<LiveInteractionSnapshot>(a, 'interactionState'))).polls[0]).toMatchObject({ results: null, myVote: yes!.id })

  await ok(ask(mod, 'pollRun', { pollId, action: 'close' }))
  expect(await ask(b, 'pollVote', { pollId, optionId: yes!.id })).toMatchObject({ ok: false, error: { code: 'live_poll_closed' } })
  expect(await ask(mod, 'pollRun', { pollId, action: 'open' })).toMatchObject({ ok: false, error: { code: 'live_poll_transition' } })
  const shown = next<{ poll: LivePollView }>(b, 'pollUpdated', (d) => d.poll.results !== null)
  await ok(ask(mod, 'pollRun', { pollId, action: 'show_results' }))
  expect((await shown).poll).toMatchObject({ status: 'CLOSED', resultsShown: true, results: { total: 2 } })
  expect(await db.livePollVote.count({ where: { poll: { forumId } } })).toBe(2)
})

test('a raised hand reaches the moderators, who lower it; the attendee hears it on every tab', async () => {
  const { mod, a, alice, forumId } = await forum()
  const raised = next<{ hands: { userId: string; name: string }[] }>(mod, 'handsUpdated', (d) => d.hands.length === 1)
  await ok(ask(a, 'handRaise', { raised: true }))
  await ok(ask(a, 'handRaise', { raised: true }))
  expect((await raised).hands).toMatchObject([{ userId: alice, name: '用户1' }])
  expect((await ok(ask<LiveInteractionSnapshot>(mod, 'interactionState'))).hands).toHaveLength(1)
  expect((await ok(ask<LiveInteractionSnapshot>(a, 'interactionState'))).handRaised).toBe(true)

  const secondTab = await open({ token: token(forumId, alice, 'viewer') })
  const lowered = next<{ raised: boolean }>(secondTab, 'handState')
  await ok(ask(mod, 'handLower', { userId: alice }))
  expect((await lowered).raised).toBe(false)
  expect(await db.raisedHand.count({ where: { forumId } })).toBe(0)
  expect(await ask(a, 'handLower', { userId: alice })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  expect(await ask(mod, 'handRaise', { raised: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
})

test('ending the forum closes an open poll with its results, lowers the hands and closes Q&A; everyone hears it', async () => {
  const { mod, a, b, alice, forumId } = await forum()
  await setForumLiveStatus(db, { forumId, action: 'go_live' }, {})
  const { pollId } = await ok(ask<{ pollId: string }>(mod, 'pollCreate', { question: '满意吗？', options: ['是', '否'] }))
  await ok(ask(mod, 'pollRun', { pollId, action: 'open' }))
  const poll = (await ok(ask<LiveInteractionSnapshot>(a, 'interactionState'))).polls[0]!
  await ok(ask(a, 'pollVote', { pollId, optionId: poll.options[0]!.id }))
  await ok(ask(a, 'handRaise', { raised: true }))

  const statusHeard = next<{ status: string }>(b, 'forumStatus')
  const results = next<{ poll: LivePollView }>(b, 'pollUpdated', (d) => d.poll.status === 'CLOSED')
  const handDown = next<{ raised: boolean }>(a, 'handState', (d) => !d.raised)
  const handsCleared = next<{ hands: unknown[] }>(mod, 'handsUpdated', (d) => d.hands.length === 0)
  // As the console does: the change, then its announcement after the commit.
  const ended = await setForumLiveStatus(db, { forumId, action: 'end' }, {})
  expect(ended).toMatchObject({ status: 'ENDED', changed: true, closedPollIds: [pollId] })
  announceForumStatusChanged({ forumId, status: ended.status, closedPollIds: ended.closedPollIds })

  expect((await statusHeard).status).toBe('ENDED')
  expect((await results).poll).toMatchObject({ status: 'CLOSED', resultsShown: true, results: { total: 1 } })
  expect((await handDown).raised).toBe(false)
  await handsCleared
  expect(await db.raisedHand.count({ where: { forumId } })).toBe(0)
  expect(await db.livePoll.findUniqueOrThrow({ where: { id: pollId }, select: { status: true, closedAt: true } })).toMatchObject({ status: 'CLOSED', closedAt: expect.any(Date) })

  // After the end: no new question, no raised hand (in the asker's language), no vote.
  expect(await ask(a, 'qaAsk', { text: '还能提问吗？' })).toMatchObject({ ok: false, error: { code: 'live_forum_ended', message: '本论坛已结束，提问、聊天和举手已关闭。' } })
  expect(await ask(b, 'handRaise', { raised: true })).toMatchObject({ ok: false, error: { code: 'live_forum_ended', message: 'This forum has ended: questions, chat and raised hands are closed.' } })
  expect(await ask(b, 'pollVote', { pollId, optionId: poll.options[1]!.id })).toMatchObject({ ok: false, error: { code: 'live_poll_closed' } })
  expect(await db.liveQuestion.count({ where: { forumId, userId: alice } })).toBe(0)
  // Ending again changes nothing and closes nothing more.
  expect(await setForumLiveStatus(db, { forumId, action: 'end' }, {})).toMatchObject({ changed: false, closedPollIds: [] })
})

test('a flood of requests from one socket is refused with rate_limited, not served', async () => {
  const { a } = await forum()
  const replies = await Promise.all(Array.from({ length: 20 }, () => ask(a, 'handRaise', { raised: true })))
  const refused = replies.filter((r) => !r.ok && r.error.code === 'rate_limited').length
  expect(refused).toBeGreaterThanOrEqual(9)
  expect(replies.filter((r) => r.ok).length).toBeLessThanOrEqual(11)
})
