import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useFetcher, useLoaderData } from '@remix-run/react'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { usePageLocale } from '~/components/staff-event-items.tsx'
import { StaffEventNav } from '~/components/staff-event-nav.tsx'
import { localized } from '~/domain/locale.ts'
import { formatTime } from '~/domain/time.ts'
import { idSchema } from '~/schemas/common.ts'
import { getStaffEvent } from '~/services/events/get-staff-event.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('直播', 'Live')
const paramsSchema = z.object({ eventId: idSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const { event, counts, participation } = await getStaffEvent(getDb(), eventId)
    return { event, counts, participation }
  })
}

/** On the day: each forum's live status with its console and reports, and the venues' head counts. */
export default function StaffEventLive() {
  const { event, counts, participation } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const locale = usePageLocale()
  const tz = event.timeZone
  return (
    <section className="page staff">
      <StaffEventNav eventId={event.id} />
      <h1>{t('staffSections.pageTitle', { section: t('staffSections.nav.live'), event: localized(locale, event.titleZh, event.titleEn) })}</h1>
      <p className="meta">{t('staffSections.live.intro')}</p>
      <h2>{t('staffSections.live.forums')}</h2>
      {event.forums.length === 0 ? <p>{t('staff.none')}</p> : null}
      <ul data-testid="live-forums">
        {event.forums.map((f) => (
          <li key={f.id} data-forum={f.slug} data-status={f.liveStatus}>
            <span className={`badge status-${f.liveStatus.toLowerCase()}`}>{t(`staffSections.live.status.${f.liveStatus}`)}</span> {localized(locale, f.titleZh, f.titleEn)}{' '}
            <span className="meta">
              {formatTime(f.startsAt, tz)}–{formatTime(f.endsAt, tz)}
            </span>{' '}
            · <Link to={`/events/${event.slug}/forums/${f.slug}/console`}>{t('staffSections.live.console')}</Link> ·{' '}
            <Link to={`/events/${event.slug}/forums/${f.slug}/live`}>{t('staffSections.live.livePage')}</Link> ·{' '}
            <Link to={`/staff/forums/${f.id}/attendance`}>
              {t('analytics.title')}
              {participation.perForum[f.id] ? ` (${participation.perForum[f.id]})` : ''}
            </Link>{' '}
            · <Link to={`/staff/forums/${f.id}/replay`}>{t('replay.staff.link')}</Link>
          </li>
        ))}
      </ul>
      <h2>{t('staff.liveCounts')}</h2>
      <LiveCounts eventId={event.id} initial={counts} coordinators={Object.fromEntries(event.venues.map((v) => [v.id, v.coordinator]))} />
    </section>
  )
}

type VenueCount = {
  id: string
  nameZh: string
  nameEn: string
  capacity: number | null
  inside: number
}

/** Head counts per venue, refreshed every 10 s while the page is visible. */
function LiveCounts({ eventId, initial, coordinators }: { eventId: string; initial: VenueCount[]; coordinators: Record<string, { email: string; realName: string } | null> }) {
  const { t } = useTranslation()
  const locale = usePageLocale()
  const fetcher = useFetcher<{ counts: VenueCount[] }>()
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible' && fetcher.state === 'idle') fetcher.load(`/staff/events/${eventId}/counts`)
    }, 10_000)
    return () => clearInterval(timer)
  }, [eventId, fetcher])
  const counts = fetcher.data?.counts ?? initial
  if (counts.length === 0) return <p>{t('staff.none')}</p>
  return (
    <ul aria-live="polite" data-testid="venue-counts">
      {counts.map((c) => (
        <li key={c.id} data-venue={c.id} data-inside={c.inside}>
          {localized(locale, c.nameZh, c.nameEn)}: {c.inside}
          {c.capacity ? ` / ${c.capacity}` : ''}
          {coordinators[c.id] ? ` · ${coordinators[c.id]!.realName}` : ''} · <Link to={`/checkin/${c.id}`}>{t('checkin.submit')}</Link>
        </li>
      ))}
    </ul>
  )
}
