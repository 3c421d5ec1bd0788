import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatCountdown, pickCurrentTalk } from '~/domain/current-talk.ts'
import { joinList, localized, type AppLocale } from '~/domain/locale.ts'
import { formatTime } from '~/domain/time.ts'

export type AgendaTalk = {
  id: string
  titleZh: string
  titleEn: string
  startsAt: Date
  endsAt: Date
  position: number
  speakers: { nameZh: string; nameEn: string }[]
}

/**
 * The clock of the page, a tick every `everyMs`. The first render uses the server's instant, so
 * the server's HTML and the first client render agree; the client clock takes over once mounted.
 */
function useNow(renderedAt: Date, everyMs: number): Date {
  const [now, setNow] = useState(() => new Date(renderedAt))
  useEffect(() => {
    setNow(new Date())
    const timer = setInterval(() => setNow(new Date()), everyMs)
    return () => clearInterval(timer)
  }, [everyMs])
  return now
}

function speakerNames(talk: AgendaTalk, locale: AppLocale): string {
  return joinList(
    locale,
    talk.speakers.map((s) => localized(locale, s.nameZh, s.nameEn)),
  )
}

/**
 * The console's bar above the preview: the talk on now with its time left, and the next one
 * with its start (in the event's time zone) and a countdown. Ticks every second.
 */
export function CurrentTalkBar({ talks, timeZone, locale, renderedAt }: { talks: AgendaTalk[]; timeZone: string; locale: AppLocale; renderedAt: Date }) {
  const { t } = useTranslation()
  const now = useNow(renderedAt, 1000)
  const { current, next, remainingMs, startsInMs } = pickCurrentTalk(talks, now)
  const title = (talk: AgendaTalk) => localized(locale, talk.titleZh, talk.titleEn)
  const names = (talk: AgendaTalk) => (talk.speakers.length > 0 ? <span className="muted"> · {t('liveConsole.speakers', { names: speakerNames(talk, locale) })}</span> : null)
  return (
    <section className="current-talk" aria-label={t('liveConsole.agenda')} data-testid="current-talk-bar">
      {talks.length === 0 ? (
        <p className="muted">{t('liveConsole.noAgenda')}</p>
      ) : (
        <>
          <p className="current-talk-now" data-testid="current-talk" data-talk-id={current?.id}>
            <span className="badge current-talk-label">{t('liveConsole.now')}</span>{' '}
            {current ? (
              <>
                <strong data-testid="current-talk-title">{title(current)}</strong>
                {names(current)}{' '}
                <span className="time-left" role="timer" data-testid="time-left" data-remaining-ms={remainingMs ?? undefined}>
                  {t('liveConsole.timeLeft', { time: formatCountdown(remainingMs ?? 0) })}
                </span>
              </>
            ) : (
              <span className="muted">{next ? t('liveConsole.noCurrent') : t('liveConsole.agendaOver')}</span>
            )}
          </p>
          {next ? (
            <p className="current-talk-next" data-testid="next-talk" data-talk-id={next.id}>
              <span className="badge">{t('liveConsole.next')}</span> <span data-testid="next-talk-title">{title(next)}</span>
              {names(next)}{' '}
              <span className="muted">
                · {t('liveConsole.startsAt', { time: formatTime(next.startsAt, timeZone) })}
                {startsInMs !== null && startsInMs < 24 * 3600_000 ? <> ({t('liveConsole.startsIn', { time: formatCountdown(startsInMs) })})</> : null}
              </span>
            </p>
          ) : null}
        </>
      )}
    </section>
  )
}
