import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import type { AppLocale } from '~/domain/locale.ts'
import type { ReplayNoticeView } from '~/domain/replay-notice.ts'
import { dayKey, formatDay, formatTime } from '~/domain/time.ts'

/**
 * An ended forum's word on its replay (issue 15 §4), on the live page and the forum page: the
 * link when it is published and open, otherwise why there is nothing to watch (being prepared,
 * opening later, no longer available, or none published). Times in the event's time zone.
 */
export function ReplayNotice({ notice, replayHref, timeZone, locale }: { notice: ReplayNoticeView; replayHref: string; timeZone: string; locale: AppLocale }) {
  const { t } = useTranslation()
  const opensAt = notice.kind === 'opens' && notice.at ? new Date(notice.at) : null
  return (
    <p className="replay-notice" role="status" data-testid="replay-notice" data-replay={notice.kind}>
      {notice.kind === 'available' ? (
        <>
          {t('replayNotice.available')}{' '}
          <Link to={replayHref} className="button" data-testid="watch-replay">
            {t('replay.link')}
          </Link>
        </>
      ) : opensAt ? (
        t('replayNotice.opens', { time: `${formatDay(dayKey(opensAt, timeZone), locale)} ${formatTime(opensAt, timeZone)}` })
      ) : notice.kind === 'preparing' ? (
        t('replayNotice.preparing')
      ) : notice.kind === 'closed' ? (
        t('replayNotice.closed')
      ) : (
        t('replayNotice.none')
      )}
    </p>
  )
}
