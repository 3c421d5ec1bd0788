import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ForumProgramme } from '~/components/event-programme.tsx'
import { HtmlFragment } from '~/components/html-fragment.tsx'
import { ReplayNotice } from '~/components/live/replay-notice.tsx'
import { LocalTime } from '~/components/local-time.tsx'
import { SpeakerLink } from '~/components/programme.tsx'
import { DEFAULT_LOCALE, labelled, localized, resolveLocale } from '~/domain/locale.ts'
import { forumPlace } from '~/domain/forum-place.ts'
import { formatDateRange, formatTime, zoneLabel } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { hasPermission } from '~/domain/permissions.ts'
import { getForumPageCached } from '~/services/events/get-forum-page.server.ts'
import { getForumStanding } from '~/services/events/get-forum-standing.server.ts'
import { getReplayNotice } from '~/services/broadcast/get-replay-notice.server.ts'
import { getOptionalUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { cachedFragments, renderFragment, shipFragment } from '~/utils/html-fragments.server.tsx'
import { handle, parseParams, slugSchema } from '~/utils/route.server.ts'
import { localeCookie } from '~/utils/session.server.ts'
import { metaText } from '~/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? `${metaText(matches, data.forum.titleZh, data.forum.titleEn)} · ${metaText(matches, data.event.titleZh, data.event.titleEn)}` : '404' },
]

const paramsSchema = z.object({ slug: slugSchema, forumSlug: slugSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const input = parseParams(paramsSchema, params)
    const db = getDb()
    const [page, user, cookie] = await Promise.all([getForumPageCached(db, input), getOptionalUser(request), localeCookie.parse(request.headers.get('Cookie'))])
    // An ended forum says what comes next (its replay, or why there is none); publishing a replay purges the cached page.
    const replay = page.forum.liveStatus === 'ENDED' ? await getReplayNotice(db, page.forum.id) : null
    // The console link: staff for every forum, anyone else only where they are named a moderator.
    // Whether they are, and whether a replay is open, in one statement (only what is not known yet).
    const isStaff = !!user && hasPermission(user.role, 'moderate:forum:any')
    const standing = (user && !isStaff) || !replay ? await getForumStanding(db, { forumId: page.forum.id, userId: isStaff ? null : (user?.id ?? null) }) : null
    const canModerate = isStaff || !!standing?.moderates
    const replayAvailable = replay ? replay.kind === 'available' : !!standing?.replayAvailable
    const { days, version, forum, ...rest } = page
    const { sessions, ...forumFields } = forum
    // The programme: markup shared by every visitor (app/utils/html-fragments.server.tsx), or the sessions rendered inline.
    if (getEnv().PROGRAMME_HTML_CACHE === false) return { ...rest, forum: forumFields, canModerate, replayAvailable, replay, inlineDays: days, programme: null }
    const locale = resolveLocale(cookie)
    const key = `forum:${forum.id}:${locale}:${version}`
    const html = cachedFragments(key, () => renderFragment(locale, <ForumProgramme event={page.event} days={days} locale={locale} />))
    return { ...rest, forum: forumFields, canModerate, replayAvailable, replay, inlineDays: null, programme: shipFragment(key, html) }
  })
}

export default function ForumPageRoute() {
  const { event, forum, venue, organisations, inlineDays, programme, canModerate, replayAvailable, replay } = useLoaderData<typeof loader>()
  const root = useRouteLoaderData<typeof rootLoader>('root')
  const locale = root?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const tz = event.timeZone
  const eventTitle = localized(locale, event.titleZh, event.titleEn)
  const chairsOf = (role: 'CHAIR' | 'GUEST_CHAIR') => forum.hosts.filter((h) => h.role === role)
  return (
    <article className="page forum-page" data-forum-kind={forum.kind}>
      <p className="back">
        <Link to={`/events/${event.slug}`} data-testid="back-to-event">
          {t('event.backToEvent', { event: eventTitle })}
        </Link>
      </p>
      <header>
        <span className="badge">{forum.kind === 'MAIN' ? t('event.mainForum') : t('event.subForum')}</span>
        <h1>{localized(locale, forum.titleZh, forum.titleEn)}</h1>
        <p className="meta">
          {formatDateRange(forum.startsAt, forum.endsAt, tz, locale)}{' '}
          <time dateTime={forum.startsAt.toISOString()}>
            {formatTime(forum.startsAt, tz)}–{formatTime(forum.endsAt, tz)}
          </time>{' '}
          <LocalTime instant={forum.startsAt} end={forum.endsAt} eventTimeZone={tz} className="local-range" />
        </p>
        <p className="muted">{t('event.timeZoneNote', { zone: `${tz}, ${zoneLabel(forum.startsAt, tz, locale)}` })}</p>
        <p className="meta" data-testid="forum-place">
          {labelled(locale, t('topicsRooms.place'), forumPlace(venue, forum, locale) || t('event.online'))}
        </p>
        <p className="live-links">
          <Link to={`/events/${event.slug}/forums/${forum.slug}/live`} className="button" data-testid="watch-live">
            {t('live.watchLive')}
          </Link>{' '}
          {replayAvailable && !replay ? (
            <Link to={`/events/${event.slug}/forums/${forum.slug}/replay`} className="button" data-testid="watch-replay">
              {t('replay.link')}
            </Link>
          ) : null}{' '}
          {canModerate ? (
            <Link to={`/events/${event.slug}/forums/${forum.slug}/console`} data-testid="open-console">
              {t('live.openConsole')}
            </Link>
          ) : null}
        </p>
        {replay ? <ReplayNotice notice={replay} replayHref={`/events/${event.slug}/forums/${forum.slug}/replay`} timeZone={tz} locale={locale} /> : null}
        {localized(locale, forum.descriptionZh, forum.descriptionEn) ? <p>{localized(locale, forum.descriptionZh, forum.descriptionEn)}</p> : null}
      </header>

      {forum.hosts.length > 0 ? (
        <section aria-labelledby="chairs">
          <h2 id="chairs">{t('event.chairs')}</h2>
          <dl className="orgs hosts" data-testid="forum-chairs">
            {(['CHAIR', 'GUEST_CHAIR'] as const)
              .filter((role) => chairsOf(role).length > 0)
              .map((role) => (
                <div key={role} data-role={role}>
                  <dt>{t(role === 'CHAIR' ? 'event.chair' : 'event.guestChair')}</dt>
                  <dd>
                    {chairsOf(role).map((h) => (
                      <SpeakerLink key={h.speaker.id} speaker={h.speaker} slug={event.slug} locale={locale} />
                    ))}
                  </dd>
                </div>
              ))}
          </dl>
        </section>
      ) : null}

      {organisations.length > 0 ? (
        <section aria-labelledby="orgs">
          <h2 id="orgs">{t('event.organisations')}</h2>
          <dl className="orgs">
            {organisations.map((o, i) => (
              <div key={i}>
                <dt>{t(`orgRole.${o.role}`)}</dt>
                <dd>{localized(locale, o.organisation.nameZh, o.organisation.nameEn)}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}

      <HtmlFragment as="section" id="forum-programme" aria-labelledby="programme" fragment={programme}>
        {inlineDays ? <ForumProgramme event={event} days={inlineDays} locale={locale} /> : null}
      </HtmlFragment>
    </article>
  )
}
