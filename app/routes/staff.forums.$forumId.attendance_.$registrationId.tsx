import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { DEFAULT_LOCALE, joinList, localized } from '~/domain/locale.ts'
import { formatTime } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { idSchema } from '~/schemas/common.ts'
import { getAttendeeTimeline } from '~/services/attendance/get-attendee-timeline.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('出勤明细', 'Attendance evidence')
const paramsSchema = z.object({ forumId: idSchema, registrationId: idSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'read:attendance:any')
    const { forumId, registrationId } = parseParams(paramsSchema, params)
    return getAttendeeTimeline(getDb(), forumId, registrationId)
  })
}

/** One attendee's evidence: minutes per session, the derived intervals, and the raw ledger. */
export default function AttendeeTimeline() {
  const { forum, registration, intervals, events, sessions, options, totals } = useLoaderData<typeof loader>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const tz = forum.event.timeZone
  // Replay minutes: the merged REPLAY intervals (a range watched twice counts once; see app/domain/attendance.ts).
  const replayMinutes = Math.round(intervals.filter((i) => i.source === 'REPLAY').reduce((sum, i) => sum + (Date.parse(String(i.end)) - Date.parse(String(i.start))) / 60_000, 0) * 10) / 10
  const hhmmss = (d: Date | string) => new Date(d).toLocaleTimeString('en-GB', { timeZone: tz, hour12: false })
  return (
    <section className="page staff attendance">
      <p>
        <Link to={`/staff/forums/${forum.id}/attendance`}>← {localized(locale, forum.titleZh, forum.titleEn)}</Link>
      </p>
      <h1>
        {registration.user.realName} <small className="muted">{registration.user.institution ?? ''}</small>
      </h1>
      <p className="muted">{t('analytics.rules', { grace: options.graceSec, timeout: options.presenceTimeoutSec })}</p>
      <p data-testid="credited-totals">{t('analytics.totals', totals)}</p>
      {replayMinutes > 0 ? <p data-testid="replay-minutes">{t('replay.evidence', { minutes: replayMinutes })}</p> : null}
      <p className="muted">{t('analytics.creditedNote')}</p>
      <h2>{t('analytics.perSession')}</h2>
      <table className="data" data-testid="per-session">
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id}>
              <td>
                {formatTime(s.startsAt, tz)}–{formatTime(s.endsAt, tz)}
                {s.kind !== 'BREAK' && s.windows.some((w, i) => i > 0 || w.start !== new Date(s.startsAt).toISOString() || w.end !== new Date(s.endsAt).toISOString())
                  ? ` → ${joinList(
                      locale,
                      s.windows.map((w) => `${formatTime(new Date(w.start), tz)}–${formatTime(new Date(w.end), tz)}`),
                    )}`
                  : ''}
              </td>
              <td>{localized(locale, s.titleZh, s.titleEn)}</td>
              <td>{s.kind === 'BREAK' ? t('sessionKind.BREAK') : t('analytics.ofMinutes', { minutes: s.minutes, scheduled: s.scheduled })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('analytics.intervals')}</h2>
      <ol data-testid="intervals">
        {intervals.map((i, n) => (
          <li key={n}>
            {t(`analytics.source.${i.source}`)}: {hhmmss(i.start)}–{hhmmss(i.end)}
          </li>
        ))}
      </ol>
      <h2>{t('analytics.rawEvents', { count: events.length })}</h2>
      <table className="data" data-testid="raw-events">
        <thead>
          <tr>
            <th>{t('analytics.received')}</th>
            <th>{t('analytics.clientTime')}</th>
            <th>{t('analytics.kind')}</th>
            <th>{t('analytics.sources')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{hhmmss(e.receivedAt)}</td>
              <td>{e.clientAt ? hhmmss(e.clientAt) : ''}</td>
              <td>{e.kind}</td>
              <td>{t(`analytics.source.${e.source}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
