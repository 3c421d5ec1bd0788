import { useEffect, useState, useSyncExternalStore, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { QUESTION_ACTIONS, type LivePollView, type LiveQuestionView, type PollAction, type QuestionAction, type RaisedHandView } from '~/domain/live-interaction.ts'
import { IDLE_INTERACTION_STATE, InteractionClient, type InteractionState } from './interaction-client.ts'
import { fetchLiveToken } from './stage-view.tsx'

const noSubscribe = () => () => undefined

/** One interaction connection per forum while `enabled`; it moves with the forum. */
export function useInteraction(options: { forumId: string; enabled: boolean; initialToken: string | null; locale: string }) {
  const [client, setClient] = useState<InteractionClient | null>(null)
  useEffect(() => {
    if (!options.enabled) return
    const c = new InteractionClient({ initialToken: options.initialToken ?? undefined, getToken: () => fetchLiveToken(options.forumId), locale: options.locale })
    setClient(c)
    void c.start()
    return () => {
      c.close()
      setClient(null)
    }
    // The token is only the first connection's; a later one fetches its own.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new token must not reconnect
  }, [options.enabled, options.forumId, options.locale])
  const state = useSyncExternalStore(client?.subscribe ?? noSubscribe, client?.getState ?? (() => IDLE_INTERACTION_STATE), () => IDLE_INTERACTION_STATE)
  return { client, state }
}

/** Runs a request and keeps its error message, in the user's language, for an alert. */
function useRequest() {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true)
    try {
      await fn()
      setError(null)
      return true
    } catch (e) {
      setError((e as Error).message)
      return false
    } finally {
      setBusy(false)
    }
  }
  const alert = error ? (
    <p className="flash error" role="alert">
      {error}
    </p>
  ) : null
  return { run, busy, alert }
}

function Question({ q, client, moderator }: { q: LiveQuestionView; client: InteractionClient | null; moderator: boolean }) {
  const { t } = useTranslation()
  const { run, busy, alert } = useRequest()
  const shown: Record<QuestionAction, boolean> = {
    approve: q.status !== 'APPROVED',
    hide: q.status !== 'HIDDEN',
    answered: !q.answered,
    unanswered: q.answered,
    pin: !q.pinned,
    unpin: q.pinned,
  }
  return (
    <li className="qa-item" data-testid="qa-item" data-status={q.status} data-answered={q.answered} data-pinned={q.pinned} data-question-id={q.id}>
      <p className="qa-text">{q.text}</p>
      <p className="meta">
        {q.pinned ? <span className="badge">{t('live.qaPinned')}</span> : null} {q.answered ? <span className="badge">{t('live.qaAnswered')}</span> : null}{' '}
        {moderator ? (
          <>
            <span className="badge" data-testid="qa-status">
              {t(`live.qaStatus.${q.status}`)}
            </span>{' '}
            {t('live.qaAskedBy', { name: q.name })} ·{' '}
          </>
        ) : q.mine && q.status === 'PENDING' ? (
          <>{t('live.qaPendingMine')} · </>
        ) : q.mine && q.status === 'HIDDEN' ? (
          <>{t('live.qaHiddenMine')} · </>
        ) : null}
        <span data-testid="qa-votes">{t('live.qaVotes', { count: q.votes })}</span>
      </p>
      <div className="qa-actions">
        {!moderator && !q.mine && q.status === 'APPROVED' ? (
          <button type="button" className="small secondary" aria-pressed={q.votedByMe} disabled={busy || !client} onClick={() => void run(() => client!.upvote(q.id, !q.votedByMe))}>
            {q.votedByMe ? t('live.qaUpvoted') : t('live.qaUpvote')}
          </button>
        ) : null}
        {moderator
          ? QUESTION_ACTIONS.filter((a) => shown[a]).map((action) => (
              <button key={action} type="button" className="small secondary" disabled={busy || !client} onClick={() => void run(() => client!.moderate(q.id, action))}>
                {t(`live.qaAction.${action}`)}
              </button>
            ))
          : null}
      </div>
      {alert}
    </li>
  )
}

/** The forum's Q&A: ask, up-vote; moderators approve, hide, pin and mark answered. */
export function QaPanel({ state, client, moderator, closed = false }: { state: InteractionState; client: InteractionClient | null; moderator: boolean; closed?: boolean }) {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const { run, busy, alert } = useRequest()
  return (
    <section className="live-qa" aria-labelledby="qa-title">
      <h2 id="qa-title">{t('live.qa')}</h2>
      {closed ? (
        <p className="muted" data-testid="qa-closed">
          {t('live.qaClosed')}
        </p>
      ) : null}
      {!moderator && !closed ? (
        <form
          className="chat-form"
          onSubmit={(e) => {
            e.preventDefault()
            const question = text.trim()
            if (!question || !client) return
            void run(() => client.ask(question)).then((ok) => ok && setText(''))
          }}
        >
          <input value={text} onChange={(e) => setText(e.target.value)} maxLength={500} placeholder={t('live.qaAsk')} aria-label={t('live.qaAsk')} />
          <button type="submit" disabled={busy || !client || !text.trim()}>
            {t('live.qaSubmit')}
          </button>
        </form>
      ) : null}
      {alert}
      <ol className="qa-list" aria-live="polite" data-testid="qa-list">
        {state.questions.length === 0 ? <li className="muted">{t('live.qaEmpty')}</li> : null}
        {state.questions.map((q) => (
          <Question key={q.id} q={q} client={client} moderator={moderator} />
        ))}
      </ol>
    </section>
  )
}

function PollResults({ poll }: { poll: LivePollView }) {
  const { t } = useTranslation()
  if (!poll.results) return <p className="muted">{t('live.pollWaitResults')}</p>
  return (
    <>
      <ul className="poll-results" data-testid="poll-results">
        {poll.options.map((o) => {
          const r = poll.results!.results.find((x) => x.optionId === o.id)
          return (
            <li key={o.id} data-option={o.text} data-votes={r?.votes ?? 0}>
              <span>{o.text}</span> <span className="meta">{t('live.pollResult', { votes: r?.votes ?? 0, percent: r?.percent ?? 0 })}</span>
              <span className="bar" aria-hidden="true" style={{ width: `${r?.percent ?? 0}%` }} />
            </li>
          )
        })}
      </ul>
      <p className="meta">{t('live.pollTotal', { count: poll.results.total })}</p>
    </>
  )
}

function Poll({ poll, client, moderator }: { poll: LivePollView; client: InteractionClient | null; moderator: boolean }) {
  const { t } = useTranslation()
  const { run, busy, alert } = useRequest()
  const [choice, setChoice] = useState<string | null>(null)
  const actions: PollAction[] = poll.status === 'DRAFT' ? ['open'] : [...(poll.status === 'OPEN' ? (['close'] as const) : []), poll.resultsShown ? 'hide_results' : 'show_results']
  let body: ReactNode
  if (!moderator && poll.status === 'OPEN' && !poll.myVote) {
    body = (
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (choice && client) void run(() => client.vote(poll.id, choice))
        }}
      >
        <fieldset>
          <legend className="sr-only">{poll.question}</legend>
          {poll.options.map((o) => (
            <label key={o.id} className="poll-option">
              <input type="radio" name={`poll-${poll.id}`} value={o.id} checked={choice === o.id} onChange={() => setChoice(o.id)} /> {o.text}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={busy || !choice || !client}>
          {t('live.pollVote')}
        </button>
      </form>
    )
  } else {
    body = (
      <>
        {poll.myVote ? <p className="meta">{t('live.pollVoted')}</p> : null}
        <PollResults poll={poll} />
      </>
    )
  }
  return (
    <li className="poll" data-testid="poll" data-status={poll.status} data-poll-id={poll.id}>
      <h3>
        {poll.question} <span className="badge">{t(`live.pollStatus.${poll.status}`)}</span>
      </h3>
      {body}
      {moderator ? (
        <div className="qa-actions">
          {actions.map((action) => (
            <button key={action} type="button" className="small secondary" disabled={busy || !client} onClick={() => void run(() => client!.runPoll(poll.id, action))} data-testid={`poll-${action}`}>
              {t(`live.pollAction.${action}`)}
            </button>
          ))}
        </div>
      ) : null}
      {alert}
    </li>
  )
}

/** Polls: moderators create, open, close and show results; the audience votes once. */
export function PollsPanel({ state, client, moderator }: { state: InteractionState; client: InteractionClient | null; moderator: boolean }) {
  const { t } = useTranslation()
  const [question, setQuestion] = useState('')
  const [options, setOptions] = useState('')
  const { run, busy, alert } = useRequest()
  const polls = moderator ? state.polls : state.polls.filter((p) => p.status !== 'DRAFT')
  if (!moderator && polls.length === 0) return null
  return (
    <section className="live-polls" aria-labelledby="polls-title">
      <h2 id="polls-title">{t('live.polls')}</h2>
      {moderator ? (
        <form
          className="poll-form"
          onSubmit={(e) => {
            e.preventDefault()
            const lines = options
              .split('\n')
              .map((l) => l.trim())
              .filter(Boolean)
            if (!client) return
            void run(() => client.createPoll(question.trim(), lines)).then((ok) => {
              if (!ok) return
              setQuestion('')
              setOptions('')
            })
          }}
        >
          <label>
            {t('live.pollQuestion')}
            <input value={question} onChange={(e) => setQuestion(e.target.value)} maxLength={300} required />
          </label>
          <label>
            {t('live.pollOptions')}
            <textarea value={options} onChange={(e) => setOptions(e.target.value)} rows={4} required />
          </label>
          <button type="submit" disabled={busy || !client}>
            {t('live.pollCreate')}
          </button>
        </form>
      ) : null}
      {alert}
      <ol className="poll-list" aria-live="polite">
        {polls.length === 0 ? <li className="muted">{t('live.pollsEmpty')}</li> : null}
        {polls.map((p) => (
          <Poll key={p.id} poll={p} client={client} moderator={moderator} />
        ))}
      </ol>
    </section>
  )
}

/** The attendee's raise-hand toggle. */
export function RaiseHandButton({ state, client }: { state: InteractionState; client: InteractionClient | null }) {
  const { t } = useTranslation()
  const { run, busy, alert } = useRequest()
  return (
    <div className="raise-hand">
      <button
        type="button"
        className="secondary"
        aria-pressed={state.handRaised}
        disabled={busy || !client || state.connection !== 'connected'}
        onClick={() => void run(() => client!.raiseHand(!state.handRaised))}
        data-testid="raise-hand"
      >
        {state.handRaised ? t('live.lowerHand') : t('live.raiseHand')}
      </button>
      {state.handRaised ? (
        <p className="meta" role="status">
          {t('live.handRaised')}
        </p>
      ) : null}
      {alert}
    </div>
  )
}

/** Moderators: who raised a hand, oldest first, to bring on stage or lower. */
export function HandsPanel({ hands, client, onBringOnStage }: { hands: RaisedHandView[]; client: InteractionClient | null; onBringOnStage: (userId: string) => void }) {
  const { t } = useTranslation()
  const { run, busy, alert } = useRequest()
  return (
    <section aria-labelledby="hands-title">
      <h2 id="hands-title">{t('live.hands')}</h2>
      {hands.length === 0 ? <p className="muted">{t('live.handsEmpty')}</p> : null}
      <ul className="invite-list" data-testid="hands-list">
        {hands.map((h) => (
          <li key={h.userId}>
            <span>{h.name}</span>
            <span>
              <button
                type="button"
                className="small"
                disabled={busy}
                onClick={() => {
                  onBringOnStage(h.userId)
                  void run(() => client!.lowerHand(h.userId))
                }}
              >
                {t('live.bringOnStage')}
              </button>{' '}
              <button type="button" className="small secondary" disabled={busy || !client} onClick={() => void run(() => client!.lowerHand(h.userId))}>
                {t('live.dismissHand')}
              </button>
            </span>
          </li>
        ))}
      </ul>
      {alert}
    </section>
  )
}
