import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatTime, zonesDiffer } from '~/domain/time.ts'

/**
 * The viewer's own clock beside the event's, only where the two differ. Rendered after
 * hydration because the server cannot know the viewer's zone.
 */
export function LocalTime({ instant, eventTimeZone }: { instant: Date; eventTimeZone: string }) {
  const { t } = useTranslation()
  const [viewerZone, setViewerZone] = useState<string | null>(null)
  useEffect(() => setViewerZone(Intl.DateTimeFormat().resolvedOptions().timeZone), [])
  if (!viewerZone || !zonesDiffer(instant, eventTimeZone, viewerZone)) return null
  return <span className="local-time">{t('event.localTime', { time: formatTime(instant, viewerZone) })}</span>
}
