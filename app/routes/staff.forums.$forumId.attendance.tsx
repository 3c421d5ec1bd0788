import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { AttendanceChart } from '~/components/attendance-chart.tsx'
import { FormError } from '~/components/form-field.tsx'
import { DEFAULT_LOCALE, joinList, localized } from '~/domain/locale.ts'
import { formatTime } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { idSchema } from '~/schemas/common.ts'
import { deriveForumAttendance } from '~/services/attendance/derive-forum-attendance.server.ts'
import { planPresencePrompts } from '~/services/attendance/plan-presence-prompts.server.ts'
import { pageAttendees } from '~/domain/attendance-analytics.ts'
import { getForumAttendance } from '~/services/attendance/get-forum-attendance.server.ts'
import { writeAudit, auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { actionResult, handle, parseParams } from '~/utils/route.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('出勤分析', 'Attendance')
const paramsSchema = z.object({ forumId: idSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'read:attendance:any')
    const { forumId } = parseParams(paramsSchema, params)
    const url = new URL(request.url)
    const { q, page } = listSchema.parse({ q: url.searchParams.get('q') ?? '', page: url.searchParams.get('page') ?? '1' })
    const result = await getForumAttendance(getDb(), forumId)
    const list = pageAttendees(result.attendees, { query: q, page, pageSize: PAGE_SIZE })
    return { ...result, attendees: list.rows, attendeeCount: result.attendees.length, list: { q, page: list.page, pages: list.pages, matched: list.matched } }
  })
}

const PAGE_SIZE = 100
/** The attendee list's search and page; anything malformed is the first page of everyone. */
const listSchema = z.object({ q: z.string().trim().max(100).catch(''), page: z.coerce.number().int().min(1).max(100_000).catch(1) })

const actionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('derive'), full: z.enum(['1']).optional() }),
  z.object({ intent: z.literal('plan'), minPerHour: z.coerce.number().int().min(0).max(12), maxPerHour: z.coerce.number().int().min(1).max(12) }),
])

/** Re-derives the forum's intervals from the ledger now, or plans random presence checks. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'read:attendance:any')
    const { forumId } = parseParams(paramsSchema, params)
    const form = actionSchema.safeParse(Object.fromEntries(await request.formData()))
    if (!form.success) return data({ ok: false, message: 'bad_request' as string | null }, { status: 400 })
    const ctx = auditContextFrom(request, user.id)
    if (form.data.intent === 'plan') {
      const { minPerHour, maxPerHour } = form.data
      return actionResult(
        async () => {
          const plan = await planPresencePrompts(getDb(), { forumId, minPerHour, maxPerHour }, ctx)
          return { ok: true, message: null, planned: plan.planned }
        },
        (error) => ({ ok: false, message: error.code }),
      )
    }
    const result = await deriveForumAttendance(getDb(), forumId, { full: form.data.full === '1' })
    await writeAudit(getDb(), 'attendance.derived', { forumId, registrations: result.registrations }, ctx)
    return { ok: true, message: null, registrations: result.registrations }
  })
}

export default function ForumAttendance() {
  const { forum, window, run, creditedOffered, derivedAt, analytics, replay, venues, presence, attendees, attendeeCount, list } = useLoaderData<typeof loader>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const busy = useNavigation().state !== 'idle'
  const result = useActionData<typeof action>()
  const tz = forum.event.timeZone
  const base = `/staff/forums/${forum.id}/attendance`
  return (
    <section className="page staff attendance">
      <p>
        <Link to={`/staff/events/${forum.event.id}/agenda`}>← {localized(locale, forum.event.titleZh, forum.event.titleEn)}</Link>
      </p>
      <h1>
        {t('analytics.title')} · {localized(locale, forum.titleZh, forum.titleEn)}
      </h1>
      <p className="meta">
        {t('analytics.window', { from: formatTime(window.start, tz), to: formatTime(window.end, tz) })} ·{' '}
        {derivedAt ? t('analytics.derivedAt', { time: formatTime(derivedAt, tz) }) : t('analytics.neverDerived')}
      </p>
      <p className="meta" data-testid="forum-run">
        {t('analytics.ran', { from: formatTime(new Date(run.start), tz), to: formatTime(new Date(run.end), tz), basis: t(`forumTimes.basis.${run.basis}`), offered: creditedOffered })} ·{' '}
        <Link to={`/staff/events/${forum.event.id}/forums/${forum.id}/times`}>{t('analytics.times')}</Link>
      </p>
      <p className="muted">{t('analytics.creditedNote')}</p>
      <Form method="post" className="inline">
        <input type="hidden" name="intent" value="derive" />
        <button type="submit" disabled={busy}>
          {t('analytics.derive')}
        </button>
      </Form>{' '}
      <a href={`${base}.csv`} download>
        CSV
      </a>{' '}
      ·{' '}
      <a href={`${base}.xlsx`} download>
        XLSX
      </a>
      <Form method="post" className="plan-prompts">
        <input type="hidden" name="intent" value="plan" />
        <label>
          {t('analytics.planFrom')} <input name="minPerHour" type="number" min={0} max={12} defaultValue={2} inputMode="numeric" />
        </label>{' '}
        <label>
          {t('analytics.planTo')} <input name="maxPerHour" type="number" min={1} max={12} defaultValue={4} inputMode="numeric" />
        </label>{' '}
        <button type="submit" disabled={busy}>
          {t('analytics.plan')}
        </button>
      </Form>
      {result && 'planned' in result ? (
        <p className="toast" role="status">
          {t('analytics.planned', { count: result.planned })}
        </p>
      ) : null}
      {result && !result.ok && result.message ? <FormError code={result.message} /> : null}
      <dl className="figures" data-testid="attendance-figures">
        <div>
          <dt>{t('analytics.unique')}</dt>
          <dd data-testid="unique">{analytics.uniqueAttendees}</dd>
        </div>
        <div>
          <dt>{t('analytics.bySource')}</dt>
          <dd>
            {t('analytics.source.LIVE')} {analytics.uniqueBySource.LIVE} · {t('analytics.source.VENUE')} {analytics.uniqueBySource.VENUE} · {t('analytics.source.REPLAY')}{' '}
            {analytics.uniqueBySource.REPLAY}
          </dd>
        </div>
        <div>
          <dt>{t('analytics.peak')}</dt>
          <dd>{analytics.peak.viewers}</dd>
        </div>
        <div>
          <dt>{t('analytics.minutes')}</dt>
          <dd data-testid="minutes">{t('analytics.averageMedian', { average: analytics.averageMinutes, median: analytics.medianMinutes })}</dd>
        </div>
        <div>
          <dt>{t('replay.analytics.title')}</dt>
          <dd data-testid="replay-figures">{t('replay.analytics.figures', { views: replay.views, viewers: replay.viewers, minutes: replay.minutesWatched })}</dd>
        </div>
        <div>
          <dt>{t('analytics.presence')}</dt>
          <dd>
            {presence.rate === null ? t('analytics.noPrompts') : t('analytics.presenceRate', { rate: Math.round(presence.rate * 100), answered: presence.answered, prompted: presence.prompted })}
          </dd>
        </div>
      </dl>
      {venues.length ? (
        <>
          <h2>{t('analytics.venues')}</h2>
          <ul>
            {venues.map((v) => (
              <li key={v.venueId}>
                {localized(locale, v.nameZh, v.nameEn)}: {v.people}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t('analytics.concurrency')}</h2>
      <AttendanceChart
        start={window.start.toISOString()}
        timeZone={tz}
        concurrency={analytics.concurrency}
        online={analytics.concurrencyOnline}
        retention={analytics.retention}
        replay={replay.curve}
      />
      <h2>{t('analytics.attendees', { count: attendeeCount })}</h2>
      <Form method="get" className="inline-search" role="search">
        <label>
          {t('analytics.search')} <input type="search" name="q" defaultValue={list.q} maxLength={100} data-testid="attendee-search" />
        </label>
        <button type="submit" className="secondary">
          {t('analytics.searchSubmit')}
        </button>
      </Form>
      {list.q ? <p className="meta">{t('analytics.matched', { count: list.matched })}</p> : null}
      <table className="data" data-testid="attendee-list">
        <thead>
          <tr>
            <th>{t('analytics.name')}</th>
            <th>{t('profile.institution')}</th>
            <th>{t('analytics.creditedCol')}</th>
            <th>{t('analytics.minutesCol')}</th>
            <th>{t('analytics.sources')}</th>
          </tr>
        </thead>
        <tbody>
          {attendees.map((a) => (
            <tr key={a.registrationId}>
              <td>
                <Link to={`${base}/${a.registrationId}`}>{a.realName}</Link>
              </td>
              <td>{a.institution ?? ''}</td>
              <td data-testid="credited-minutes">{a.creditedMinutes}</td>
              <td>{a.minutes}</td>
              <td>
                {joinList(
                  locale,
                  a.sources.map((s) => t(`analytics.source.${s}`)),
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.pages > 1 ? (
        <nav className="pager" aria-label={t('analytics.pages')}>
          {list.page > 1 ? <Link to={`?${new URLSearchParams({ q: list.q, page: String(list.page - 1) })}`}>{t('analytics.previous')}</Link> : null}{' '}
          <span>{t('analytics.pageOf', { page: list.page, pages: list.pages })}</span>{' '}
          {list.page < list.pages ? <Link to={`?${new URLSearchParams({ q: list.q, page: String(list.page + 1) })}`}>{t('analytics.next')}</Link> : null}
        </nav>
      ) : null}
    </section>
  )
}
