import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { AttendanceStatus, PresencePrompt, useAttendance } from '~/components/attendance-reporter.tsx'
import { PollsPanel, QaPanel, RaiseHandButton, useInteraction } from '~/components/live/interaction-panels.tsx'
import { ChatPanel, StageView, useStageClient, VideoTile } from '~/components/live/stage-view.tsx'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { dayKey, formatDay, formatTime } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { getLiveStage } from '~/services/live/get-live-stage.server.ts'
import { issueLiveToken } from '~/services/live/issue-live-token.server.ts'
import { getOptionalUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { handle, parseParams, slugSchema } from '~/utils/route.server.ts'
import { mediaSocketUrl, mediaTokenSecret } from '~/utils/secrets.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `直播 Live · ${data.forum.titleZh}` : '404' }]

const paramsSchema = z.object({ slug: slugSchema, forumSlug: slugSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const input = parseParams(paramsSchema, params)
    const user = await getOptionalUser(request)
    const db = getDb()
    const stage = await getLiveStage(db, { ...input, user })
    const token = user && stage.access.role ? (await issueLiveToken(db, { forumId: stage.forum.id, user }, { secret: mediaTokenSecret(), ttlSeconds: getEnv().MEDIA_TOKEN_TTL_S })).token : null
    return data({ ...stage, token, mediaUrl: mediaSocketUrl() }, { headers: { 'Cache-Control': 'private, no-store' } })
  })
}

/**
 * The attendee player, phone-first: the stage on top, the state in words under it, the
 * parallel forums to switch between (client-side navigation: the page never reloads,
 * only the stage connection moves to the other forum).
 */
export default function LivePlayer() {
  const { event, forum, forums, access, token, mediaUrl } = useLoaderData<typeof loader>()
  const root = useRouteLoaderData<typeof rootLoader>('root')
  const locale = root?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const [joined, setJoined] = useState(false)
  const [wantStage, setWantStage] = useState(false)
  const { client, state } = useStageClient({ forumId: forum.id, enabled: joined && !!access.role, initialToken: token, locale, url: mediaUrl })
  const interaction = useInteraction({ forumId: forum.id, enabled: joined && !!access.role, initialToken: token, locale })
  const status = state.liveStatus ?? forum.liveStatus
  // Registered viewers report attendance (for credit) while they watch this forum.
  const attendance = useAttendance(joined && access.role === 'viewer' ? forum.id : null)
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
  else if (state.connection === 'refused') {
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

      {access.role && joined ? <StageView state={state} client={client} /> : null}

      <div className="live-state" role="status" aria-live="polite" data-testid="live-state" data-state={stateKey}>
        {access.reason === 'anonymous' ? (
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

      {joined && access.role === 'viewer' ? <AttendanceStatus state={attendance.state} /> : null}
      <PresencePrompt prompt={attendance.prompt} onConfirm={attendance.confirmPresence} />

      {joined && state.invited ? (
        <div className="live-invite" role="alert">
          <p>{t('live.stageInvite')}</p>
          <button
            type="button"
            className="button primary"
            onClick={() => {
              setWantStage(true)
              client?.reconnect()
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

      {access.role && joined && state.role === 'viewer' ? <RaiseHandButton state={interaction.state} client={interaction.client} /> : null}
      {access.role && joined ? <PollsPanel state={interaction.state} client={interaction.client} moderator={false} /> : null}
      {access.role && joined ? <QaPanel state={interaction.state} client={interaction.client} moderator={false} /> : null}
      {access.role && joined ? <ChatPanel state={state} client={client} me={root?.user?.id ?? null} moderator={access.role === 'moderator'} /> : null}

      <nav className="live-forums" aria-label={t('live.switchForum')}>
        <h2>{t('live.switchForum')}</h2>
        <ul>
          {forums.map((f) => (
            <li key={f.id}>
              <Link to={`/events/${event.slug}/forums/${f.slug}/live`} preventScrollReset aria-current={f.id === forum.id ? 'page' : undefined} data-testid="forum-switch" data-forum-slug={f.slug}>
                <span className="badge">{f.kind === 'MAIN' ? t('event.mainForum') : t('event.subForum')}</span> {localized(locale, f.titleZh, f.titleEn)}{' '}
                <span className="badge live-status" data-status={f.liveStatus}>
                  {t(`live.status.${f.liveStatus}`)}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </article>
  )
}
