import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRevalidator, useRouteLoaderData } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { useForumStatuses } from '~/components/live/use-forum-statuses.ts'
import { useLiveAccess } from '~/components/live/use-live-access.ts'
import { AttendanceStatus, PresencePrompt, useAttendance } from '~/components/attendance-reporter.tsx'
import { DeliveryBar, HlsStage, rememberDeliveryPreference, useHlsPlayer } from '~/components/live/hls-stage.tsx'
import { PollsPanel, QaPanel, RaiseHandButton, useInteraction } from '~/components/live/interaction-panels.tsx'
import { ReplayNotice } from '~/components/live/replay-notice.tsx'
import { ChatPanel, StageView, useStageClient, VideoTile } from '~/components/live/stage-view.tsx'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import type { DeliveryPreference } from '~/domain/stream-delivery.ts'
import { dayKey, formatDay, formatTime } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { getReplayNotice } from '~/services/broadcast/get-replay-notice.server.ts'
import { getLiveStage } from '~/services/live/get-live-stage.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { handle, parseParams, slugSchema } from '~/utils/route.server.ts'
import { mediaSocketUrl } from '~/utils/secrets.server.ts'
import { metaText } from '~/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? `${metaText(matches, '直播', 'Live')} · ${metaText(matches, data.forum.titleZh, data.forum.titleEn)}` : '404' },
]

const paramsSchema = z.object({ slug: slugSchema, forumSlug: slugSchema })

export async function loader({ params }: LoaderFunctionArgs) {
  return handle(async () => {
    const input = parseParams(paramsSchema, params)
    // The same page for everyone (issue 16): it reads no session and no personal cookie, so the
    // page cache can hand one render to thousands opening it as a forum starts. Who is watching,
    // whether they may, their token and WebRTC or HLS come from /api/live/access (useLiveAccess).
    const db = getDb()
    const stage = await getLiveStage(db, input)
    const hlsAvailable = getEnv().BROADCAST === 'on'
    // An ended forum says what comes next: its replay, or why there is none (not personal either;
    // publishing a replay purges the cached page, and the players hear it over the socket).
    const replay = stage.forum.liveStatus === 'ENDED' ? await getReplayNotice(db, stage.forum.id) : null
    return data({ ...stage, replay, mediaUrl: mediaSocketUrl(), hlsAvailable }, { headers: { 'Cache-Control': 'private, no-store' } })
  })
}

/**
 * The attendee player, phone-first: the stage on top, the state in words under it, the
 * parallel forums to switch between (client-side navigation: the page never reloads,
 * only the stage connection moves to the other forum).
 */
export default function LivePlayer() {
  const { event, forum, forums, replay: loadedReplay, mediaUrl, hlsAvailable } = useLoaderData<typeof loader>()
  const live = useLiveAccess(forum.id)
  const { access, token, delivery: offered, preference } = live
  const root = useRouteLoaderData<typeof rootLoader>('root')
  const locale = root?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const revalidator = useRevalidator()
  const [joined, setJoined] = useState(false)
  const [wantStage, setWantStage] = useState(false)
  // The delivery sticks for this forum and this preference: a reload of the data (the HLS
  // player's status refresh) must not flip a viewer between WebRTC and HLS as the count moves.
  const [mode, setMode] = useState({ forumId: forum.id, preference, delivery: offered })
  if (mode.forumId !== forum.id || mode.preference !== preference || (mode.delivery === null && offered !== null)) setMode({ forumId: forum.id, preference, delivery: offered })
  // Accepting a stage invitation in HLS mode turns the player to WebRTC (the stage is WebRTC only).
  const [onStageRequested, setOnStageRequested] = useState(false)
  const delivery = onStageRequested ? 'WEBRTC' : (mode.delivery ?? 'WEBRTC')
  const hls = delivery === 'HLS'
  const { client, state } = useStageClient({ forumId: forum.id, enabled: joined && !!access.role, initialToken: token, locale, url: mediaUrl, signallingOnly: hls })
  const hlsPlayer = useHlsPlayer({ forumId: forum.id, enabled: joined && !!access.role && hls })
  const interaction = useInteraction({ forumId: forum.id, enabled: joined && !!access.role, initialToken: token, locale })
  // The HLS tier has no room pushes for the live status: the page's data is read again every 15 s.
  useEffect(() => {
    if (!joined || !hls) return
    const timer = setInterval(() => revalidator.state === 'idle' && revalidator.revalidate(), 15_000)
    return () => clearInterval(timer)
  }, [joined, hls, revalidator])
  // The interaction socket hears every status change the console commits; the room and the page data follow too.
  const status = interaction.state.forumStatus ?? (hls ? null : state.liveStatus) ?? forum.liveStatus
  // An ended forum: attendance stops counting, Q&A, chat and hands close (moderators keep the chat), polls show results.
  const ended = status === 'ENDED'
  const closed = ended && access.role !== 'moderator'
  const switcherStatus = useForumStatuses(event.slug, forums, { id: forum.id, status }, interaction.state.eventForumStatuses)
  // What comes after the end: pushed with the end (or when staff publish), else the page's own.
  const replay = interaction.state.replayNotice ?? loadedReplay
  // Registered viewers report attendance (for credit) while they watch this forum, with the delivery they had.
  const attendance = useAttendance(joined && access.role === 'viewer' && !ended ? forum.id : null, delivery)
  const switchDelivery = (next: DeliveryPreference) => {
    rememberDeliveryPreference(next)
    live.refresh()
  }
  const here = `/events/${event.slug}/forums/${forum.slug}/live`

  // Accepting an invitation reconnects with a speaker's token; the camera starts once it is.
  useEffect(() => {
    if (wantStage && client && state.role === 'speaker' && state.connection === 'connected' && !state.local.tracks.camera) {
      setWantStage(false)
      void client.startCamera()
    }
  }, [wantStage, client, state.role, state.connection, state.local.tracks.camera])

  const startsAt = `${formatDay(dayKey(forum.startsAt, event.timeZone), locale)} ${formatTime(forum.startsAt, event.timeZone)}`
  let message: string | null = null
  let stateKey: string = status
  if (!access.role) stateKey = access.reason
  else if (!joined) stateKey = 'ready'
  else if (hls && state.connection === 'refused') {
    stateKey = 'refused'
    message = t('live.refused', { message: state.error?.message ?? '' })
  } else if (hls) {
    if (status === 'OFFLINE') message = t('live.notStarted', { time: startsAt })
    else if (status === 'PAUSED') message = t('live.paused')
    else if (status === 'ENDED') message = t('live.ended')
    else if (hlsPlayer.state.status === 'loading' || hlsPlayer.state.status === 'idle') {
      stateKey = 'connecting'
      message = t('player.loading')
    } else if (hlsPlayer.state.status === 'reconnecting') {
      stateKey = 'reconnecting'
      message = t('live.reconnecting')
    } else if (hlsPlayer.state.status === 'unavailable') message = t('live.waitingForStage')
    else if (hlsPlayer.state.status === 'unsupported') message = t('player.unsupported')
    else if (hlsPlayer.state.status === 'buffering') message = t('player.buffering')
  } else if (state.connection === 'refused') {
    stateKey = 'refused'
    message = t('live.refused', { message: state.error?.message ?? '' })
  } else if (state.connection === 'connecting' || state.connection === 'idle') {
    stateKey = 'connecting'
    message = t('live.connecting')
  } else if (state.connection === 'reconnecting') {
    stateKey = 'reconnecting'
    message = t('live.reconnecting')
  } else if (status === 'OFFLINE') message = t('live.notStarted', { time: startsAt })
  else if (status === 'PAUSED') message = t('live.paused')
  else if (status === 'ENDED') message = t('live.ended')
  else if (!state.remote.some((m) => m.kind === 'video')) message = t('live.waitingForStage')

  const own = state.local.producers
  const mic = own.find((p) => p.source === 'mic')
  return (
    <article className="page live-player" data-forum-id={forum.id}>
      <p className="back">
        <Link to={`/events/${event.slug}/forums/${forum.slug}`}>{t('live.backToForum')}</Link>
        {access.role && hlsAvailable ? (
          <>
            {' · '}
            <Link to={`/events/${event.slug}/forums/${forum.slug}/venue`} data-testid="venue-link">
              {t('player.venue.openVenue')}
            </Link>
          </>
        ) : null}
      </p>
      <header className="live-header">
        <p className="muted">{localized(locale, event.titleZh, event.titleEn)}</p>
        <h1>
          {localized(locale, forum.titleZh, forum.titleEn)}{' '}
          <span className="badge live-status" data-status={status} data-testid="live-status">
            {t(`live.status.${status}`)}
          </span>
        </h1>
      </header>

      {access.role && joined && hls ? <HlsStage videoRef={hlsPlayer.videoRef} state={hlsPlayer.state} /> : null}
      {access.role && joined && !hls ? <StageView state={state} client={client} /> : null}
      {access.role && joined ? (
        <DeliveryBar
          delivery={delivery}
          preference={preference}
          behindLiveSec={hlsPlayer.state.behindLiveSec}
          full={hls && preference === 'auto'}
          canSwitch={hlsAvailable && access.role === 'viewer' && state.role !== 'speaker'}
          onSwitch={switchDelivery}
        />
      ) : null}

      <div className="live-state" role="status" aria-live="polite" data-testid="live-state" data-state={stateKey}>
        {access.reason === 'checking' ? (
          <p data-testid="live-checking">{t('player.checkingAccess')}</p>
        ) : access.reason === 'failed' ? (
          <p role="alert">
            {t('player.accessFailed', { message: live.error ?? '' })}{' '}
            <button type="button" className="secondary" onClick={live.refresh}>
              {t('player.retry')}
            </button>
          </p>
        ) : access.reason === 'anonymous' ? (
          <Link className="button" to={`/login?${new URLSearchParams({ redirectTo: here })}`}>
            {t('live.loginToWatch')}
          </Link>
        ) : access.reason === 'not_registered' ? (
          <p>
            {t('live.notRegistered')}{' '}
            <Link className="button" to={`/events/${event.slug}/register`} data-testid="register-link">
              {t('live.registerHere')}
            </Link>
          </p>
        ) : access.reason === 'pending' ? (
          <p>{t('live.pending')}</p>
        ) : !joined ? (
          <>
            {/* Before joining, say already when the forum starts, has paused or has ended. */}
            {status === 'OFFLINE' ? <p data-testid="live-before-join">{t('live.notStarted', { time: startsAt })}</p> : null}
            {status === 'PAUSED' ? <p data-testid="live-before-join">{t('live.paused')}</p> : null}
            {status === 'ENDED' ? <p data-testid="live-before-join">{t('live.ended')}</p> : null}
            <button type="button" className="button primary" onClick={() => setJoined(true)} data-testid="join-live">
              {t('live.join')}
            </button>
          </>
        ) : message ? (
          <p>{message}</p>
        ) : null}
      </div>
      {ended && replay ? <ReplayNotice notice={replay} replayHref={`/events/${event.slug}/forums/${forum.slug}/replay`} timeZone={event.timeZone} locale={locale} /> : null}

      {joined && access.role === 'viewer' ? (
        ended ? (
          <p className="muted attendance-status" role="status" data-testid="attendance-ended">
            {t('live.endedNotice')}
          </p>
        ) : status === 'LIVE' ? (
          <AttendanceStatus state={attendance.state} />
        ) : (
          // Before the start and during a pause nothing is credited: the player does not say it counts.
          <p className="muted attendance-status" role="status" data-testid="attendance-waiting">
            {t('player.countingStartsLive')}
          </p>
        )
      ) : null}
      <PresencePrompt prompt={attendance.prompt} onConfirm={attendance.confirmPresence} />

      {joined && state.invited ? (
        <div className="live-invite" role="alert">
          <p>{t('live.stageInvite')}</p>
          <button
            type="button"
            className="button primary"
            onClick={() => {
              setWantStage(true)
              // From HLS: a new WebRTC connection, with a fresh (speaker's) token.
              if (hls) setOnStageRequested(true)
              else client?.reconnect()
            }}
          >
            {t('live.goOnStage')}
          </button>
        </div>
      ) : null}

      {joined && state.role === 'speaker' ? (
        <section className="live-on-stage" aria-label={t('live.onStage')}>
          {state.local.tracks.camera ? (
            <>
              <p>{t('live.onStageNote')}</p>
              <VideoTile track={state.local.tracks.camera} label={t('live.preview')} mirrored className="preview-video small" testId="preview-video" />
              {mic ? (
                <button type="button" className="button" aria-pressed={mic.paused} onClick={() => void client?.toggleMute('mic')}>
                  {mic.paused ? t('live.muted') : t('live.mute')}
                </button>
              ) : null}
              {mic?.mutedByModerator ? <p className="muted">{t('live.mutedByModerator')}</p> : null}
            </>
          ) : (
            <button type="button" className="button primary" onClick={() => void client?.startCamera()} data-testid="go-on-stage">
              {t('live.goOnStage')}
            </button>
          )}
        </section>
      ) : null}

      {access.role && joined && state.role === 'viewer' && !ended ? <RaiseHandButton state={interaction.state} client={interaction.client} /> : null}
      {access.role && joined ? <PollsPanel state={interaction.state} client={interaction.client} moderator={false} /> : null}
      {access.role && joined ? <QaPanel state={interaction.state} client={interaction.client} moderator={false} closed={closed} /> : null}
      {access.role && joined ? <ChatPanel state={state} client={client} me={live.user?.id ?? null} moderator={access.role === 'moderator'} closed={closed} /> : null}

      <nav className="live-forums" aria-label={t('live.switchForum')}>
        <h2>{t('live.switchForum')}</h2>
        <ul>
          {forums.map((f) => (
            <li key={f.id}>
              <Link to={`/events/${event.slug}/forums/${f.slug}/live`} preventScrollReset aria-current={f.id === forum.id ? 'page' : undefined} data-testid="forum-switch" data-forum-slug={f.slug}>
                <span className="badge">{f.kind === 'MAIN' ? t('event.mainForum') : t('event.subForum')}</span> {localized(locale, f.titleZh, f.titleEn)}{' '}
                <span className="badge live-status" data-status={switcherStatus[f.id] ?? f.liveStatus}>
                  {t(`live.status.${switcherStatus[f.id] ?? f.liveStatus}`)}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </article>
  )
}
