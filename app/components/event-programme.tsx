import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { orderForums, programmeByDay } from '~/domain/agenda.ts'
import { labelled, labelSeparator, localized, type AppLocale } from '~/domain/locale.ts'
import { forumPlace, roomFor, venueForForum, type AgendaVenue } from '~/domain/forum-place.ts'
import { formatDateRange, formatDay, formatTime } from '~/domain/time.ts'
import { LocalTimeSlot } from './html-fragment.tsx'
import { forumPath, SessionItem, SpeakerLink } from './programme.tsx'

/**
 * The expensive, shared part of the event and forum pages: the forum cards and the programme
 * (90 sessions on the largest event). The same for every visitor who reads the page in one
 * language, so it is rendered to HTML once per event, language and data version
 * (app/utils/html-fragments.server.tsx) — or, with PROGRAMME_HTML_CACHE=false, inline in
 * every render, the reference the cached markup is tested against.
 *
 * Static markup: no Remix <Link> (forum links are marked `data-client-nav`, which
 * <HtmlFragment> turns into client navigation) and the viewer's time as a placeholder.
 */

type Person = { id: string; nameZh: string; nameEn: string; affiliationZh: string; affiliationEn: string }
type Session = { id: string; kind: string; titleZh: string; titleEn: string; startsAt: Date; endsAt: Date; speakers: { speaker: Person }[] }
export type ProgrammeForum = {
  id: string
  slug: string
  kind: 'MAIN' | 'SUB'
  position: number
  titleZh: string
  titleEn: string
  descriptionZh: string
  descriptionEn: string
  roomZh: string
  roomEn: string
  startsAt: Date
  endsAt: Date
  hosts: { role: string; speaker: Person }[]
  sessions: Session[]
}
/** `venues`: where each forum is held, named on its card with its room (issue 15). */
type Programme = { slug: string; timeZone: string; forums: ProgrammeForum[]; venues: readonly AgendaVenue[] }
type ForumProgrammeEvent = { slug: string; timeZone: string }

/** The forum cards of the event page (the <li>s of its forum list). */
export function ForumCards({ event, locale }: { event: Programme; locale: AppLocale }) {
  const { t } = useTranslation()
  const tz = event.timeZone
  const placeOf = (f: ProgrammeForum) => forumPlace(venueForForum(event.venues, f.id), f, locale)
  return (
    <>
      {orderForums(event.forums).map((f) => (
        <li key={f.id} className={`forum-card ${f.kind.toLowerCase()}`} data-forum-kind={f.kind}>
          <span className="badge">{f.kind === 'MAIN' ? t('event.mainForum') : t('event.subForum')}</span>
          <h3>
            <a href={forumPath(event.slug, f.slug)} data-client-nav="">
              {localized(locale, f.titleZh, f.titleEn)}
            </a>
          </h3>
          <p className="meta">
            {formatDateRange(f.startsAt, f.endsAt, tz, locale)} {formatTime(f.startsAt, tz)}–{formatTime(f.endsAt, tz)}{' '}
            <LocalTimeSlot instant={f.startsAt} end={f.endsAt} eventTimeZone={tz} className="local-range" />
          </p>
          {placeOf(f) ? <p className="meta forum-place">{labelled(locale, t('topicsRooms.place'), placeOf(f))}</p> : null}
          {f.hosts.length > 0 ? (
            <p>
              {f.hosts.map((h) => (
                <span key={h.speaker.id} className="host">
                  {t(h.role === 'CHAIR' ? 'event.chair' : 'event.guestChair')}
                  {labelSeparator(locale)}
                  <SpeakerLink speaker={h.speaker} slug={event.slug} locale={locale} />{' '}
                </span>
              ))}
            </p>
          ) : null}
          <p>{localized(locale, f.descriptionZh, f.descriptionEn)}</p>
        </li>
      ))}
    </>
  )
}

/** One forum's sessions on one day: the content of a programme column. */
export function ProgrammeColumn({ event, forum, sessions, locale }: { event: Programme; forum: ProgrammeForum; sessions: Session[]; locale: AppLocale }) {
  // Parallel forums side by side: the room says where to walk to for each.
  const room = roomFor(venueForForum(event.venues, forum.id), forum, locale)
  return (
    <>
      <h4>
        <a href={forumPath(event.slug, forum.slug)} data-client-nav="">
          {localized(locale, forum.titleZh, forum.titleEn)}
        </a>
      </h4>
      {room ? <p className="muted forum-room">{room}</p> : null}
      <ol className="sessions">
        {sessions.map((s) => (
          <SessionItem key={s.id} session={s} slug={event.slug} timeZone={event.timeZone} locale={locale} />
        ))}
      </ol>
    </>
  )
}

/** The programme's days, forums side by side, in the event's zone. */
export function programmeDays(event: Programme) {
  return programmeByDay(orderForums(event.forums), event.timeZone)
}

/** Column heads: what the page needs besides the markup. */
export type ColumnHead = { id: string; titleZh: string; titleEn: string }

/** The programme as markup: the forum cards, then each day's columns. */
export function renderEventProgramme(event: Programme, locale: AppLocale, render: (element: ReactElement) => string) {
  return {
    forumCards: render(<ForumCards event={event} locale={locale} />),
    days: programmeDays(event).map((d) => ({
      day: d.day,
      columns: d.columns.map(({ forum, sessions }) => ({
        head: { id: forum.id, titleZh: forum.titleZh, titleEn: forum.titleEn } satisfies ColumnHead,
        html: render(<ProgrammeColumn event={event} forum={forum} sessions={sessions} locale={locale} />),
      })),
    })),
  }
}

type ForumDay = { day: string; sessions: Session[] }

/** A forum page's programme, day by day: the content of its programme section. */
export function ForumProgramme({ event, days, locale }: { event: ForumProgrammeEvent; days: ForumDay[]; locale: AppLocale }) {
  const { t } = useTranslation()
  return (
    <>
      <h2 id="programme">{t('event.programme')}</h2>
      {days.every((d) => d.sessions.length === 0) ? <p>{t('event.noSessions')}</p> : null}
      {days
        .filter((d) => d.sessions.length > 0)
        .map((d) => (
          <section key={d.day} className="programme-day">
            <h3>{formatDay(d.day, locale)}</h3>
            <ol className="sessions card">
              {d.sessions.map((s) => (
                <SessionItem key={s.id} session={s} slug={event.slug} timeZone={event.timeZone} locale={locale} />
              ))}
            </ol>
          </section>
        ))}
    </>
  )
}
