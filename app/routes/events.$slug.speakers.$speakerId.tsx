import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { LocalTime } from '~/components/local-time.tsx'
import { forumPath, SpeakerLink, TimeRange } from '~/components/programme.tsx'
import { DEFAULT_LOCALE, labelSeparator, localized } from '~/domain/locale.ts'
import { dayKey, formatDateRange, formatDay, formatTime } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { idSchema } from '~/schemas/common.ts'
import { getSpeakerPageCached } from '~/services/events/get-speaker-page.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams, slugSchema } from '~/utils/route.server.ts'
import { metaText } from '~/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? `${metaText(matches, data.speaker.nameZh, data.speaker.nameEn)} · ${metaText(matches, data.event.titleZh, data.event.titleEn)}` : '404' },
]

const paramsSchema = z.object({ slug: slugSchema, speakerId: idSchema })

export async function loader({ params }: LoaderFunctionArgs) {
  return handle(async () => {
    const input = parseParams(paramsSchema, params)
    return getSpeakerPageCached(getDb(), input)
  })
}

export default function SpeakerPageRoute() {
  const { event, speaker, sessions, chairs } = useLoaderData<typeof loader>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const tz = event.timeZone
  const name = localized(locale, speaker.nameZh, speaker.nameEn)
  // The name in the other language too: programmes and badges print both.
  const otherName = locale === 'zh-CN' ? speaker.nameEn : speaker.nameZh
  const affiliation = localized(locale, speaker.affiliationZh, speaker.affiliationEn)
  const bio = localized(locale, speaker.bioZh, speaker.bioEn)
  const byDay = new Map<string, typeof sessions>()
  for (const item of sessions) {
    const day = dayKey(item.session.startsAt, tz)
    byDay.set(day, [...(byDay.get(day) ?? []), item])
  }
  return (
    <article className="page speaker-page">
      <p className="back">
        <Link to={`/events/${event.slug}`} data-testid="back-to-event">
          {t('event.backToEvent', { event: localized(locale, event.titleZh, event.titleEn) })}
        </Link>
      </p>
      <header>
        <h1>{name}</h1>
        {otherName && otherName !== name ? (
          <p className="other-name" lang={locale === 'zh-CN' ? 'en' : 'zh-CN'}>
            {otherName}
          </p>
        ) : null}
        {affiliation ? <p className="meta affiliation">{affiliation}</p> : null}
      </header>

      {bio ? (
        <section aria-labelledby="about">
          <h2 id="about">{t('event.about')}</h2>
          <p className="bio">{bio}</p>
        </section>
      ) : null}

      {chairs.length > 0 ? (
        <section aria-labelledby="chairing">
          <h2 id="chairing">{t('event.speakerChairs')}</h2>
          <ul className="appearances" data-testid="speaker-chairs">
            {chairs.map(({ forum, role }) => (
              <li key={forum.slug}>
                <span className="badge">{t(role === 'CHAIR' ? 'event.chair' : 'event.guestChair')}</span>{' '}
                <Link to={forumPath(event.slug, forum.slug)}>{localized(locale, forum.titleZh, forum.titleEn)}</Link>
                <div className="meta">
                  {formatDateRange(forum.startsAt, forum.endsAt, tz, locale)}{' '}
                  <time dateTime={forum.startsAt.toISOString()}>
                    {formatTime(forum.startsAt, tz)}–{formatTime(forum.endsAt, tz)}
                  </time>{' '}
                  <LocalTime instant={forum.startsAt} end={forum.endsAt} eventTimeZone={tz} className="local-range" />
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {sessions.length > 0 ? (
        <section aria-labelledby="talks">
          <h2 id="talks">{t('event.speakerSessions')}</h2>
          {[...byDay.entries()].map(([day, items]) => (
            <section key={day} className="programme-day">
              <h3>{formatDay(day, locale)}</h3>
              <ol className="sessions" data-testid="speaker-sessions">
                {items.map(({ forum, session: s }) => (
                  <li key={s.id} className={`session ${s.kind.toLowerCase()}`}>
                    <TimeRange startsAt={s.startsAt} endsAt={s.endsAt} timeZone={tz} />
                    <div>
                      <span className="kind">{t(`sessionKind.${s.kind}`)}</span> {localized(locale, s.titleZh, s.titleEn)}
                    </div>
                    <div className="meta">
                      <Link to={`${forumPath(event.slug, forum.slug)}#session-${s.id}`}>{localized(locale, forum.titleZh, forum.titleEn)}</Link>
                    </div>
                    {s.speakers.length > 1 ? (
                      <div className="muted">
                        {t('event.speakers')}
                        {labelSeparator(locale)}
                        {s.speakers
                          .filter((sp) => sp.speaker.id !== speaker.id)
                          .map((sp) => (
                            <SpeakerLink key={sp.speaker.id} speaker={sp.speaker} slug={event.slug} locale={locale} />
                          ))}
                      </div>
                    ) : null}
                  </li>
                ))}
              </ol>
            </section>
          ))}
        </section>
      ) : null}
    </article>
  )
}
