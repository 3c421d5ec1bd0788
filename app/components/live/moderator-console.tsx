import { Link, useFetcher, useRevalidator, useRouteLoaderData } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { PresenceCheckButton } from '~/components/attendance-reporter.tsx'
import { ConsolePanels } from '~/components/live/console-panels.tsx'
import { CurrentTalkBar, type AgendaTalk } from '~/components/live/current-talk-bar.tsx'
import { HandsPanel, PollsPanel, QaPanel, useInteraction } from '~/components/live/interaction-panels.tsx'
import { ChatPanel, StageView, useStageClient, VideoTile } from '~/components/live/stage-view.tsx'
import { type LIVE_ACTIONS, nextLiveStatus } from '~/domain/live-stage.ts'
import type { LiveStatus } from '~/domain/live-token.ts'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import type { loader as rootLoader } from '~/root.tsx'

/** What the console's action answers; the fetchers read it to tell the media room. */
export type ConsoleActionResult = { ok: true; intent: string; status?: string; userId?: string; name?: string; accountCreated?: boolean } | { ok: false; code: string }

export type ModeratorConsoleProps = {
  forum: { id: string; slug: string; titleZh: string; titleEn: string; liveStatus: LiveStatus; event: { slug: string; titleZh: string; titleEn: string; timeZone: string } }
  /** Programme speakers with an account: they can be invited on stage. */
  speakers: { id: string; userId: string; nameZh: string; nameEn: string; affiliationZh: string; affiliationEn: string }[]
  invitations: { userId: string; name: string }[]
  /** The forum's agenda, for the current-talk bar. */
  talks: AgendaTalk[]
  /** The server's clock when the page was made: the bar's first render (the client ticks after). */
  renderedAt: Date
  token: string
  mediaUrl: string | null
}

/**
 * The moderator console of one forum: go live, pause and end; camera, microphone and
 * screen share (simulcast); a preview; who is on stage (mute, remove) and how many watch;
 * invitations on stage. Every change is stored by the action first, then told to the
 * media room over the console's own stage connection.
 *
 * One screen from 1024 px wide (issue 15): the current-talk bar on top, the stage controls and
 * the preview in the left column (it stays in place), the interaction panels as tabs with
 * unread counts on the right. On a phone everything stacks.
 */
export function ModeratorConsole({ forum, speakers, invitations, talks, renderedAt, token, mediaUrl }: ModeratorConsoleProps) {
  const root = useRouteLoaderData<typeof rootLoader>('root')
  const locale = root?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const { client, state } = useStageClient({ forumId: forum.id, enabled: true, initialToken: token, locale, url: mediaUrl })
  const interaction = useInteraction({ forumId: forum.id, enabled: true, initialToken: token, locale })
  const status = useFetcher<ConsoleActionResult>({ key: 'live-status' })
  const stageAction = useFetcher<ConsoleActionResult>({ key: 'stage' })
  const revalidator = useRevalidator()
  const [busy, setBusy] = useState(false)

  // The action stored the change; now the room hears it (viewers, speakers).
  useEffect(() => {
    const result = status.data
    if (result?.ok && result.status) void client?.setLiveStatus(result.status as 'LIVE').catch(() => undefined)
  }, [status.data, client])
  useEffect(() => {
    const result = stageAction.data
    if (!result?.ok || !result.userId) return
    if (result.intent === 'invite') void client?.inviteToStage(result.userId).catch(() => undefined)
    if (result.intent === 'remove') void client?.removeFromStage(result.userId).catch(() => undefined)
  }, [stageAction.data, client])
  // Another moderator changed the status: reload ours rather than fight it.
  useEffect(() => {
    if (state.liveStatus && state.liveStatus !== forum.liveStatus && status.state === 'idle' && revalidator.state === 'idle') revalidator.revalidate()
  }, [state.liveStatus, forum.liveStatus, status.state, revalidator])

  const camera = state.local.tracks.camera
  const screen = state.local.producers.find((p) => p.source === 'screen')
  const mic = state.local.producers.find((p) => p.source === 'mic')
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true)
    try {
      await fn()
    } finally {
      setBusy(false)
    }
  }
  const invitedIds = new Set(invitations.map((i) => i.userId))
  const result = status.data ?? stageAction.data
  const actionButton = (intent: (typeof LIVE_ACTIONS)[number], label: string, confirm?: string) =>
    nextLiveStatus(forum.liveStatus, intent) ? (
      <status.Form method="post" onSubmit={(e) => (confirm && !window.confirm(confirm) ? e.preventDefault() : undefined)}>
        <button type="submit" name="intent" value={intent} className={intent === 'end' ? 'secondary' : undefined} disabled={status.state !== 'idle'} data-testid={`live-${intent}`}>
          {label}
        </button>
      </status.Form>
    ) : null

  const inviteSection = (
    <section aria-labelledby="invite">
      <h2 id="invite">{t('live.invitable')}</h2>
      {speakers.length === 0 ? <p className="muted">{t('live.noInvitable')}</p> : null}
      <ul className="invite-list">
        {speakers.map((s) => (
          <li key={s.id}>
            <span>
              {localized(locale, s.nameZh, s.nameEn)} <span className="muted">{localized(locale, s.affiliationZh, s.affiliationEn)}</span>
            </span>
            {invitedIds.has(s.userId) ? (
              <stageAction.Form method="post">
                <input type="hidden" name="userId" value={s.userId} />
                <span className="badge">{t('live.invited')}</span>{' '}
                <button type="submit" name="intent" value="remove" className="small secondary">
                  {t('live.removeFromStage')}
                </button>
              </stageAction.Form>
            ) : (
              <stageAction.Form method="post">
                <input type="hidden" name="userId" value={s.userId} />
                <button type="submit" name="intent" value="invite" className="small">
                  {t('live.invite')}
                </button>
              </stageAction.Form>
            )}
          </li>
        ))}
      </ul>
      <stageAction.Form method="post" className="invite-email">
        <label>
          {t('live.inviteByEmail')}
          <input type="email" name="email" required autoComplete="off" />
        </label>
        <label>
          {t('live.inviteName')}
          <input type="text" name="name" maxLength={100} autoComplete="off" data-testid="invite-name" />
        </label>
        <button type="submit" name="intent" value="inviteEmail" data-testid="invite-email">
          {t('live.invite')}
        </button>
      </stageAction.Form>
      {invitations.filter((i) => !speakers.some((s) => s.userId === i.userId)).length > 0 ? (
        <ul className="invite-list" data-testid="invited-list">
          {invitations
            .filter((i) => !speakers.some((s) => s.userId === i.userId))
            .map((i) => (
              <li key={i.userId}>
                <span>{i.name}</span>
                <stageAction.Form method="post">
                  <input type="hidden" name="userId" value={i.userId} />
                  <span className="badge">{t('live.invited')}</span>{' '}
                  <button type="submit" name="intent" value="remove" className="small secondary">
                    {t('live.removeFromStage')}
                  </button>
                </stageAction.Form>
              </li>
            ))}
        </ul>
      ) : null}
    </section>
  )

  return (
    <article className="page live-console" data-forum-id={forum.id}>
      <header className="live-header console-header">
        <p className="back">
          <Link to={`/events/${forum.event.slug}/forums/${forum.slug}`}>{t('live.backToForum')}</Link>
        </p>
        <p className="muted">
          {t('live.consoleTitle')} · {localized(locale, forum.event.titleZh, forum.event.titleEn)}
        </p>
        <h1>
          {localized(locale, forum.titleZh, forum.titleEn)}{' '}
          <span className="badge live-status" data-status={forum.liveStatus} data-testid="live-status">
            {t(`live.status.${forum.liveStatus}`)}
          </span>
        </h1>
      </header>

      <CurrentTalkBar talks={talks} timeZone={forum.event.timeZone} locale={locale} renderedAt={renderedAt} />

      <div className="console-layout">
        <div className="console-stage" data-testid="console-stage">
          <section className="live-controls" aria-label={t('live.consoleTitle')}>
            {actionButton('go_live', forum.liveStatus === 'PAUSED' ? t('live.resume') : t('live.goLive'))}
            {actionButton('pause', t('live.pause'))}
            {actionButton('end', t('live.end'), t('live.endConfirm'))}
            <p className="viewer-count" data-testid="viewer-count" data-count={state.viewers}>
              {t('live.viewers', { count: state.viewers })}
            </p>
            <PresenceCheckButton forumId={forum.id} />
          </section>
          {result ? (
            <p role="status" className={result.ok ? 'flash' : 'flash error'} data-testid="console-result">
              {result.ok
                ? result.intent === 'invite'
                  ? t('live.inviteSent', { name: result.name })
                  : result.intent === 'remove'
                    ? t('live.removed', { name: result.name })
                    : t('live.statusChanged', { status: t(`live.status.${result.status}`) })
                : t(`errors.${result.code}`)}
            </p>
          ) : null}
          <p className="muted" role="status" data-testid="console-connection" data-state={state.connection}>
            {state.connection === 'reconnecting'
              ? t('live.reconnecting')
              : state.connection === 'connecting'
                ? t('live.connecting')
                : state.connection === 'refused'
                  ? t('live.refused', { message: state.error?.message ?? '' })
                  : null}
          </p>

          <section className="live-preview" aria-labelledby="preview">
            <h2 id="preview">{t('live.preview')}</h2>
            {camera ? (
              <VideoTile track={camera} label={t('live.preview')} mirrored className="preview-video" testId="preview-video" />
            ) : (
              <p className="preview-video preview-empty">{t('live.noPreview')}</p>
            )}
            <div className="live-media-buttons">
              {camera ? (
                <button type="button" className="secondary" disabled={busy} onClick={() => void run(() => client!.stop(['camera', 'mic']))}>
                  {t('live.stopCamera')}
                </button>
              ) : (
                <button type="button" disabled={busy || state.connection !== 'connected'} onClick={() => void run(() => client!.startCamera())} data-testid="start-camera">
                  {t('live.startCamera')}
                </button>
              )}
              {mic ? (
                <button type="button" className="secondary" aria-pressed={mic.paused} onClick={() => void client?.toggleMute('mic')}>
                  {mic.paused ? t('live.muted') : t('live.mute')}
                </button>
              ) : null}
              {screen ? (
                <button type="button" className="secondary" onClick={() => void run(() => client!.stop(['screen']))}>
                  {t('live.stopScreen')}
                </button>
              ) : (
                <button type="button" className="secondary" disabled={busy || state.connection !== 'connected'} onClick={() => void run(() => client!.shareScreen())}>
                  {t('live.shareScreen')}
                </button>
              )}
            </div>
            {state.remote.length > 0 ? <StageView state={state} client={client} /> : null}
          </section>

          <section aria-labelledby="on-stage">
            <h2 id="on-stage">{t('live.onStage')}</h2>
            {state.stage.length === 0 ? <p className="muted">{t('live.nobodyOnStage')}</p> : null}
            <ul className="stage-list" data-testid="stage-list">
              {state.stage.map((peer) => {
                const audio = state.remote.find((m) => m.peerId === peer.peerId && m.kind === 'audio')
                return (
                  <li key={peer.peerId} data-role={peer.role} className={state.activeSpeaker?.peerId === peer.peerId ? 'active' : undefined}>
                    <span>
                      {peer.name} {peer.peerId === state.peerId ? t('live.you') : ''} · {t(`role.${peer.role === 'moderator' ? 'MODERATOR' : 'SPEAKER'}`)}
                    </span>
                    {audio ? (
                      <button type="button" className="small secondary" disabled={audio.paused} onClick={() => void client?.muteProducer(audio.producerId)}>
                        {audio.paused ? t('live.muted') : t('live.mute')}
                      </button>
                    ) : null}
                    {peer.role === 'speaker' ? (
                      <stageAction.Form method="post">
                        <input type="hidden" name="userId" value={peer.userId} />
                        <button type="submit" name="intent" value="remove" className="small secondary">
                          {t('live.removeFromStage')}
                        </button>
                      </stageAction.Form>
                    ) : null}
                  </li>
                )
              })}
            </ul>
          </section>
        </div>
        <div className="console-side">
          <ConsolePanels
            label={t('liveConsole.panels')}
            panels={[
              {
                id: 'qa',
                label: t('live.qa'),
                itemIds: interaction.state.questions.map((q) => q.id),
                content: <QaPanel state={interaction.state} client={interaction.client} moderator />,
              },
              {
                id: 'hands',
                label: t('live.hands'),
                itemIds: interaction.state.hands.map((h) => `${h.userId}@${h.at}`),
                content: <HandsPanel hands={interaction.state.hands} client={interaction.client} onBringOnStage={(userId) => stageAction.submit({ intent: 'invite', userId }, { method: 'post' })} />,
              },
              { id: 'polls', label: t('live.polls'), itemIds: interaction.state.polls.map((p) => p.id), content: <PollsPanel state={interaction.state} client={interaction.client} moderator /> },
              { id: 'chat', label: t('live.chat'), itemIds: state.chat.map((m) => m.messageId), content: <ChatPanel state={state} client={client} me={root?.user?.id ?? null} moderator /> },
              { id: 'invite', label: t('live.invitable'), itemIds: null, content: inviteSection },
            ]}
          />
        </div>
      </div>
    </article>
  )
}
