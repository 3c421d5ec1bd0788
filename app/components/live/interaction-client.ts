import type { Socket } from 'socket.io-client'
import type { ZodType } from 'zod'
import {
  sortQuestions,
  type InteractionPushes,
  type LiveInteractionSnapshot,
  type LivePollView,
  type LiveQuestionView,
  type PollAction,
  type QuestionAction,
  type RaisedHandView,
} from '~/domain/live-interaction.ts'
import type { ReplayNoticeView } from '~/domain/replay-notice.ts'
import { eventForumStatusPushSchema, forumStatusPushSchema, replayNoticePushSchema } from '~/schemas/forum-status-push.ts'
import type { InteractionPayload, InteractionRequest } from '~/schemas/live-interaction.ts'
import { StageError } from './stage-client.ts'

export type InteractionState = {
  connection: 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'refused'
  questions: LiveQuestionView[]
  polls: LivePollView[]
  hands: RaisedHandView[]
  handRaised: boolean
  /** The forum's live status as last pushed (null until a change is pushed). */
  forumStatus: LiveStatus | null
  /** What the ended forum's page says about its replay, as last pushed (null until pushed). */
  replayNotice: ReplayNoticeView | null
  /** The other forums of the event, as last pushed, with when this page heard it (Date.now()): the forum switcher. */
  eventForumStatuses: Record<string, { status: LiveStatus; heardAt: number }>
}
type LiveStatus = 'OFFLINE' | 'LIVE' | 'PAUSED' | 'ENDED'

export const IDLE_INTERACTION_STATE: InteractionState = { connection: 'idle', questions: [], polls: [], hands: [], handRaised: false, forumStatus: null, replayNotice: null, eventForumStatuses: {} }

type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } }

/**
 * The browser side of a forum's Q&A, polls and raised hands: one socket on
 * `/interaction` (sharing the stage's connection to the server), authenticated with the
 * same join token. It loads a snapshot on every (re)connect and then follows the pushes.
 */
export class InteractionClient {
  private socket?: Socket
  private closed = false
  private readonly listeners = new Set<(s: InteractionState) => void>()
  state: InteractionState = IDLE_INTERACTION_STATE

  constructor(private readonly options: { getToken: () => Promise<string>; initialToken?: string; locale: string; url?: string }) {}

  subscribe = (listener: (s: InteractionState) => void) => {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  getState = () => this.state

  private set(patch: Partial<InteractionState>) {
    this.state = { ...this.state, ...patch }
    for (const l of this.listeners) l(this.state)
  }

  /**
   * A question as this person sees it: pushes meant for everyone carry no personal marks, so
   * the ones already known survive them; a reply to this person's own request sets its vote.
   */
  private upsertQuestion(incoming: LiveQuestionView, fromPush: boolean) {
    const existing = this.state.questions.find((q) => q.id === incoming.id)
    const merged = existing ? { ...incoming, mine: existing.mine || incoming.mine, votedByMe: fromPush ? existing.votedByMe : incoming.votedByMe } : incoming
    this.set({ questions: sortQuestions([...this.state.questions.filter((q) => q.id !== incoming.id), merged]) })
  }

  private upsertPoll(incoming: LivePollView) {
    const existing = this.state.polls.find((p) => p.id === incoming.id)
    const merged = { ...incoming, myVote: incoming.myVote ?? existing?.myVote ?? null }
    this.set({ polls: existing ? this.state.polls.map((p) => (p.id === incoming.id ? merged : p)) : [merged, ...this.state.polls] })
  }

  async start() {
    const { io } = await import('socket.io-client')
    if (this.closed) return
    let first = this.options.initialToken
    const socket = io(`${this.options.url ?? ''}/interaction`, {
      transports: ['websocket'],
      reconnectionDelay: 300,
      reconnectionDelayMax: 3000,
      auth: (cb) => {
        const token = first
        first = undefined
        if (token) return cb({ token, locale: this.options.locale })
        this.options.getToken().then(
          (fresh) => cb({ token: fresh, locale: this.options.locale }),
          () => cb({ token: '', locale: this.options.locale }),
        )
      },
    })
    this.socket = socket
    this.set({ connection: 'connecting' })
    socket.on('connect', () => {
      void this.request<LiveInteractionSnapshot>('interactionState').then(
        (snapshot) => this.set({ connection: 'connected', ...snapshot }),
        () => this.set({ connection: 'connected' }),
      )
    })
    socket.on('disconnect', (reason) => {
      if (this.closed) return
      this.set({ connection: 'reconnecting' })
      if (reason === 'io server disconnect') setTimeout(() => !this.closed && socket.connect(), 300)
    })
    let refusals = 0
    socket.on('connect_error', (error: Error & { data?: unknown }) => {
      if (!error.data) return
      if (refusals++ < 1) return void socket.connect()
      this.set({ connection: 'refused' })
    })
    this.on('qaQuestion', ({ question }) => this.upsertQuestion(question, true))
    this.on('qaRemoved', ({ questionId }) => this.set({ questions: this.state.questions.filter((q) => q.id !== questionId || q.mine) }))
    this.on('pollUpdated', ({ poll }) => this.upsertPoll(poll))
    this.on('handsUpdated', ({ hands }) => this.set({ hands }))
    this.on('handState', ({ raised }) => this.set({ handRaised: raised }))
    // Status pushes are checked before use (zod): a malformed message changes nothing on the page.
    this.onChecked('forumStatus', forumStatusPushSchema, ({ status, replay }) => this.set({ forumStatus: status, ...(replay ? { replayNotice: replay } : {}) }))
    this.onChecked('replayNotice', replayNoticePushSchema, ({ replay }) => this.set({ replayNotice: replay }))
    this.onChecked('eventForumStatus', eventForumStatusPushSchema, ({ forumId, status }) =>
      this.set({ eventForumStatuses: { ...this.state.eventForumStatuses, [forumId]: { status, heardAt: Date.now() } } }),
    )
  }

  private on<E extends keyof InteractionPushes>(event: E, handler: (data: InteractionPushes[E]) => void) {
    this.socket!.on(event as string, handler as (data: unknown) => void)
  }

  private onChecked<E extends keyof InteractionPushes, T>(event: E, schema: ZodType<T>, handler: (data: T) => void) {
    this.socket!.on(event as string, (data: unknown) => {
      const parsed = schema.safeParse(data)
      if (parsed.success) handler(parsed.data)
    })
  }

  private async request<T>(name: InteractionRequest, payload?: InteractionPayload<InteractionRequest>): Promise<T> {
    const socket = this.socket
    if (!socket?.connected) throw new StageError('unavailable', 'Not connected')
    const reply = (await socket.timeout(10_000).emitWithAck(name, payload ?? {})) as Ack<T>
    if (!reply.ok) throw new StageError(reply.error.code, reply.error.message)
    return reply.data
  }

  async ask(text: string) {
    const { question } = await this.request<{ question: LiveQuestionView }>('qaAsk', { text })
    this.upsertQuestion(question, false)
  }

  async upvote(questionId: string, up: boolean) {
    const { question } = await this.request<{ question: LiveQuestionView }>('qaUpvote', { questionId, up })
    this.upsertQuestion(question, false)
  }

  async moderate(questionId: string, action: QuestionAction) {
    const { question } = await this.request<{ question: LiveQuestionView }>('qaModerate', { questionId, action })
    this.upsertQuestion(question, false)
  }

  createPoll(question: string, options: string[]) {
    return this.request<{ pollId: string }>('pollCreate', { question, options })
  }

  runPoll(pollId: string, action: PollAction) {
    return this.request('pollRun', { pollId, action })
  }

  async vote(pollId: string, optionId: string) {
    await this.request('pollVote', { pollId, optionId })
    this.set({ polls: this.state.polls.map((p) => (p.id === pollId ? { ...p, myVote: optionId } : p)) })
  }

  async raiseHand(raised: boolean) {
    await this.request('handRaise', { raised })
    this.set({ handRaised: raised })
  }

  lowerHand(userId: string) {
    return this.request('handLower', { userId })
  }

  close() {
    this.closed = true
    this.socket?.disconnect()
    this.listeners.clear()
  }
}
