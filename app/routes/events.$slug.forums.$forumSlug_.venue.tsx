import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData, useRevalidator, useRouteLoaderData } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { HlsStage, useHlsPlayer } from '~/components/live/hls-stage.tsx'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { dayKey, formatDay, formatTime } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { chooseLiveDelivery } from '~/services/broadcast/choose-live-delivery.server.ts'
import { getLiveStage } from '~/services/live/get-live-stage.server.ts'
import { getLiveAccess } from '~/services/live/get-live-access.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { handle, parseParams, slugSchema } from '~/utils/route.server.ts'
import { metaText } from '~/utils/meta.ts'
import { mediaTokenSecret } from '~/utils/secrets.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? `${metaText(matches, '分会场', 'Venue')} · ${metaText(matches, data.forum.titleZh, data.forum.titleEn)}` : '404' },
]

const paramsSchema = z.object({ slug: slugSchema, forumSlug: slugSchema })

/**
 * A branch-venue screen (issue 12): a projector in another hall shows the forum full-screen over
 * HLS. It may be opened by whoever may watch the forum (a CONFIRMED registration, a speaker,
 * the forum's moderators, staff), signed in as themselves: a venue needs no account type of its
 * own (decision 018C). It never takes a WebRTC seat and never reports attendance (a screen is
 * not a person: people in the hall check in at the venue desk).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const input = parseParams(paramsSchema, params)
    const user = await requireUser(request)
    const { event, forum } = await getLiveStage(getDb(), input)
    const { access } = await getLiveAccess(getDb(), { forumId: forum.id, user }, { secret: mediaTokenSecret(), ttlSeconds: getEnv().MEDIA_TOKEN_TTL_S })
    const delivery = access.role ? await chooseLiveDelivery({ role: access.role, preference: 'auto', venue: true }) : null
    return data(
      {
        event,
        forum: { id: forum.id, slug: forum.slug, titleZh: forum.titleZh, titleEn: forum.titleEn, startsAt: forum.startsAt, liveStatus: forum.liveStatus },
        allowed: !!access.role,
        delivery,
      },
      { status: access.role ? 200 : 403, headers: { 'Cache-Control': 'private, no-store' } },
    )
  })
}

/** Full screen, no controls, big status text; it recovers by itself and retries for ever. */
export default function VenueScreen() {
  const { event, forum, allowed, delivery } = useLoaderData<typeof loader>()
  const root = useRouteLoaderData<typeof rootLoader>('root')
  const locale = root?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const revalidator = useRevalidator()
  const playing = allowed && delivery === 'HLS'
  const { videoRef, state } = useHlsPlayer({ forumId: forum.id, enabled: playing, venue: true })
  const [online, setOnline] = useState(true)
  useEffect(() => {
    const update = () => setOnline(navigator.onLine)
    update()
    window.addEventListener('online', update)
    window.addEventListener('offline', update)
    return () => {
      window.removeEventListener('online', update)
      window.removeEventListener('offline', update)
    }
  }, [])
  // The live status follows the forum: the page's data is read again every 10 s, for ever.
  useEffect(() => {
    if (!allowed) return
    const timer = setInterval(() => revalidator.state === 'idle' && revalidator.revalidate(), 10_000)
    return () => clearInterval(timer)
  }, [allowed, revalidator])

  const status = forum.liveStatus
  const startsAt = `${formatDay(dayKey(forum.startsAt, event.timeZone), locale)} ${formatTime(forum.startsAt, event.timeZone)}`
  let text: string | null = null
  let detail: string | null = null
  if (!allowed) text = t('player.venue.noAccess')
  else if (delivery !== 'HLS') text = t('player.venue.noHls')
  else if (!online) text = t('player.venue.offline')
  else if (status === 'OFFLINE') {
    text = t('player.venue.notStarted')
    detail = t('player.venue.notStartedAt', { time: startsAt })
  } else if (status === 'PAUSED') text = t('player.venue.paused')
  else if (status === 'ENDED') text = t('player.venue.ended')
  else if (state.status === 'reconnecting') text = t('player.venue.offline')
  else if (state.status !== 'playing' && state.status !== 'buffering') text = t('player.venue.waiting')
  else if (state.status === 'buffering') text = t('player.buffering')

  return (
    <main className="venue-screen" data-testid="venue-screen" data-status={status} data-hls-status={state.status}>
      {playing ? <HlsStage videoRef={videoRef} state={state} venue /> : null}
      <header className="venue-title">
        <span>{localized(locale, event.titleZh, event.titleEn)}</span> · <strong>{localized(locale, forum.titleZh, forum.titleEn)}</strong>
        {status === 'LIVE' && !text ? <span className="badge live-status"> {t('player.venue.live')}</span> : null}
      </header>
      {text ? (
        <div className="venue-status" role="status" aria-live="polite" data-testid="venue-status">
          <p className="venue-status-text">{text}</p>
          {detail ? <p>{detail}</p> : null}
        </div>
      ) : null}
    </main>
  )
}
