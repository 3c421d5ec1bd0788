import { useTranslation } from 'react-i18next'
import { bracketed, localized, type AppLocale } from '~/domain/locale.ts'
import { formatTime } from '~/domain/time.ts'
import { LocalTimeSlot } from './html-fragment.tsx'
import { LocalTime } from './local-time.tsx'

/** Pieces of the public programme shared by the event, forum and speaker pages. */

type Person = { id: string; nameZh: string; nameEn: string; affiliationZh: string; affiliationEn: string }
type Session = {
  id: string
  kind: string
  titleZh: string
  titleEn: string
  startsAt: Date
  endsAt: Date
  speakers: { speaker: Person }[]
}

export const forumPath = (slug: string, forumSlug: string) => `/events/${slug}/forums/${forumSlug}`
export const speakerPath = (slug: string, speakerId: string) => `/events/${slug}/speakers/${speakerId}`

/**
 * A person's name in the page's language, their affiliation beside it, linking to their page
 * in this event. A plain link, not Remix's <Link>: the congress page renders over a hundred
 * of these, and <Link>'s hooks cost it about a fifth more render time per request.
 */
export function SpeakerLink({ speaker, slug, locale }: { speaker: Person; slug: string; locale: AppLocale }) {
  const affiliation = localized(locale, speaker.affiliationZh, speaker.affiliationEn)
  return (
    <span className="speaker">
      <a href={speakerPath(slug, speaker.id)}>{localized(locale, speaker.nameZh, speaker.nameEn)}</a>
      {affiliation ? <span className="muted">{bracketed(locale, affiliation)}</span> : null}
    </span>
  )
}

/**
 * "09:30–10:10" in the event's zone, then the viewer's own time where it differs. `slot`: as a
 * placeholder that <HtmlFragment> fills, for markup rendered once and shared (the programme).
 */
export function TimeRange({ startsAt, endsAt, timeZone, className, slot = false }: { startsAt: Date; endsAt: Date; timeZone: string; className?: string; slot?: boolean }) {
  return (
    <>
      <time dateTime={startsAt.toISOString()} className={className}>
        {formatTime(startsAt, timeZone)}–{formatTime(endsAt, timeZone)}
      </time>{' '}
      {slot ? <LocalTimeSlot instant={startsAt} eventTimeZone={timeZone} /> : <LocalTime instant={startsAt} eventTimeZone={timeZone} />}
    </>
  )
}

/**
 * One programme item: time, kind, title and speakers. Its id is the anchor the schedule exports
 * link to. Part of the shared programme markup (app/components/event-programme.tsx): the
 * viewer's time is a placeholder.
 */
export function SessionItem({ session: s, slug, timeZone, locale }: { session: Session; slug: string; timeZone: string; locale: AppLocale }) {
  const { t } = useTranslation()
  return (
    <li id={`session-${s.id}`} className={`session ${s.kind.toLowerCase()}`}>
      <TimeRange startsAt={s.startsAt} endsAt={s.endsAt} timeZone={timeZone} slot />
      <div>
        <span className="kind">{t(`sessionKind.${s.kind}`)}</span> {localized(locale, s.titleZh, s.titleEn)}
      </div>
      {s.speakers.length > 0 ? (
        <div className="muted">
          {s.speakers.map((sp) => (
            <SpeakerLink key={sp.speaker.id} speaker={sp.speaker} slug={slug} locale={locale} />
          ))}
        </div>
      ) : null}
    </li>
  )
}
