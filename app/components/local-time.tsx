import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { resolveLocale } from '~/domain/locale.ts'
import { viewerTime } from '~/domain/time.ts'

/**
 * The viewer's own clock beside the event's, only where the two differ: a start time, or
 * a range when `end` is given, with the viewer's date where it is not the event's. Rendered
 * after hydration because the server cannot know the viewer's zone.
 */
export function LocalTime({ instant, end, eventTimeZone, className = 'local-time' }: { instant: Date; end?: Date; eventTimeZone: string; className?: string }) {
  const { t, i18n } = useTranslation()
  const [viewerZone, setViewerZone] = useState<string | null>(null)
  useEffect(() => setViewerZone(Intl.DateTimeFormat().resolvedOptions().timeZone), [])
  const time = viewerZone ? viewerTime(instant, end ?? null, eventTimeZone, viewerZone, resolveLocale(i18n.language)) : null
  if (!time) return null
  return <span className={className}>{t('event.localTime', { time })}</span>
}
