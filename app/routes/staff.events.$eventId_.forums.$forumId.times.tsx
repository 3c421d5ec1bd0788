import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { DEFAULT_LOCALE, joinList, localized } from '~/domain/locale.ts'
import { formatTime, utcToZonedInput } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { idSchema } from '~/schemas/common.ts'
import { forumTimesSchema } from '~/schemas/forum-times.ts'
import { confirmForumTimes } from '~/services/attendance/confirm-forum-times.server.ts'
import { getForumTimes } from '~/services/attendance/get-forum-times.server.ts'
import { countCertificatesToReview, reviewCertificatesForForum } from '~/services/credits/review-certificates-for-forum.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { actionResult, handle, parseParams } from '~/utils/route.server.ts'
import { StaffEventNav } from '~/components/staff-event-nav.tsx'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('实际时间', 'Actual times')
const paramsSchema = z.object({ eventId: idSchema, forumId: idSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId, forumId } = parseParams(paramsSchema, params)
    const db = getDb()
    const [times, toReview] = await Promise.all([getForumTimes(db, eventId, forumId), countCertificatesToReview(db, eventId)])
    return { ...times, toReview }
  })
}

type Result = { ok: boolean; code?: string; fields?: Record<string, string>; flagged?: number }

/** Confirm or correct the times (audited), or go back to the log; then recompute and flag certificates. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'manage:event:any')
    const { eventId, forumId } = parseParams(paramsSchema, params)
    const parsed = forumTimesSchema.safeParse(Object.fromEntries(await request.formData()))
    if (!parsed.success) return data<Result>({ ok: false, code: 'validation_failed', fields: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) }, { status: 422 })
    const db = getDb()
    const ctx = auditContextFrom(request, user.id)
    await getForumTimes(db, eventId, forumId) // the forum must belong to this event
    return actionResult(
      async () => {
        await confirmForumTimes(db, forumId, parsed.data, ctx)
        const review = await reviewCertificatesForForum(db, forumId, ctx)
        return { ok: true, flagged: review.flagged } satisfies Result
      },
      (error) => ({ ok: false, code: error.code, fields: (error.details?.fields ?? {}) as Record<string, string> }) satisfies Result,
    )
  })
}

/** Scheduled vs actual start, end and pauses of one forum, with a form to confirm or correct them. */
export default function ForumTimes() {
  const { forum, run, log, confirmed, sessions, toReview } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const tz = forum.event.timeZone
  const time = (iso: string | Date) => formatTime(new Date(iso), tz)
  const input = (iso: string) => utcToZonedInput(new Date(iso), tz)
  const fields = (result && !result.ok ? result.fields : undefined) ?? {}
  return (
    <section className="page staff forum-times">
      <StaffEventNav eventId={forum.event.id} />
      <p>
        <Link to={`/staff/events/${forum.event.id}`}>{localized(locale, forum.event.titleZh, forum.event.titleEn)}</Link>
      </p>
      <h1>
        {t('forumTimes.title')} · {localized(locale, forum.titleZh, forum.titleEn)}
      </h1>
      <p className="muted">{t('forumTimes.explain')}</p>
      <dl className="figures" data-testid="forum-times">
        <dt>{t('forumTimes.scheduled')}</dt>
        <dd>
          {time(forum.startsAt)}–{time(forum.endsAt)} ({tz})
        </dd>
        <dt>{t('forumTimes.actual')}</dt>
        <dd data-testid="actual-times">
          {time(run.start)}–{time(run.end)} · {t(`forumTimes.basis.${run.basis}`)}
          {confirmed ? ` · ${t('forumTimes.confirmedAt', { time: `${input(confirmed.confirmedAt.toString()).replace('T', ' ')}` })}` : ''}
        </dd>
        <dt>{t('forumTimes.pauses')}</dt>
        <dd>
          {run.pauses.length
            ? joinList(
                locale,
                run.pauses.map((p) => `${time(p.start)}–${time(p.end)}`),
              )
            : t('forumTimes.none')}
        </dd>
      </dl>
      {toReview > 0 ? (
        <p className="warning" data-testid="to-review">
          {t('forumTimes.toReview', { count: toReview })}
        </p>
      ) : null}
      {result?.ok ? <p className="notice">{t('forumTimes.saved', { count: result.flagged ?? 0 })}</p> : null}
      {result && !result.ok && result.code !== 'validation_failed' ? <p className="error">{t(`errors.${result.code}`)}</p> : null}

      <h2>{t('forumTimes.log')}</h2>
      {log.length === 0 ? <p className="muted">{t('forumTimes.noLog')}</p> : null}
      <ul data-testid="live-log">
        {log.map((c) => (
          <li key={c.id}>
            {time(c.at)} · {t(`forumTimes.status.${c.from}`)} → {t(`forumTimes.status.${c.to}`)}
          </li>
        ))}
      </ul>

      <h2>{t('forumTimes.sessions')}</h2>
      <table className="data">
        <thead>
          <tr>
            <th>{t('forumTimes.session')}</th>
            <th>{t('forumTimes.scheduled')}</th>
            <th>{t('forumTimes.credited')}</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id}>
              <td>
                {localized(locale, s.titleZh, s.titleEn)}
                {s.kind === 'BREAK' ? ` (${t('sessionKind.BREAK')})` : ''}
              </td>
              <td>
                {time(s.scheduled.start)}–{time(s.scheduled.end)}
              </td>
              <td>
                {s.kind === 'BREAK'
                  ? t('forumTimes.notCredited')
                  : joinList(
                      locale,
                      s.windows.map((w) => `${time(w.start)}–${time(w.end)}`),
                    ) || t('forumTimes.none')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t('forumTimes.confirmTitle')}</h2>
      <Form method="post" className="stack">
        <label>
          {t('forumTimes.start')} <input type="datetime-local" name="start" defaultValue={input(run.start)} required />
          {fields.start ? <span className="error">{t(fields.start)}</span> : null}
        </label>
        <label>
          {t('forumTimes.end')} <input type="datetime-local" name="end" defaultValue={input(run.end)} required />
          {fields.end ? <span className="error">{t(fields.end)}</span> : null}
        </label>
        <label>
          {t('forumTimes.pausesField')}
          <textarea name="pauses" rows={3} defaultValue={run.pauses.map((p) => `${input(p.start)} ${input(p.end)}`).join('\n')} />
          {fields.pauses ? <span className="error">{t(fields.pauses)}</span> : null}
        </label>
        <button type="submit" name="intent" value="confirm" data-testid="confirm-times">
          {confirmed ? t('forumTimes.correct') : t('forumTimes.confirm')}
        </button>
      </Form>
      {confirmed ? (
        <Form method="post">
          <button type="submit" name="intent" value="reset" className="secondary small">
            {t('forumTimes.reset')}
          </button>
        </Form>
      ) : null}
    </section>
  )
}
