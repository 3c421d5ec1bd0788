import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { FormError } from '~/components/form-field.tsx'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { formatMediaTime } from '~/domain/replay.ts'
import { formatTime, utcToZonedInput, zonedTimeToUtc } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { idSchema } from '~/schemas/common.ts'
import { staffReplayActionSchema } from '~/schemas/replay.ts'
import { getForumReplays } from '~/services/broadcast/get-forum-replays.server.ts'
import { publishReplay } from '~/services/broadcast/publish-replay.server.ts'
import { setReplayWindow } from '~/services/broadcast/set-replay-window.server.ts'
import { trimReplay } from '~/services/broadcast/trim-replay.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { forgetEventPage } from '~/utils/event-page-cache.server.ts'
import { announceReplayChanged } from '~/utils/forum-status-events.server.ts'
import { recordingsDir } from '~/utils/recordings-dir.server.ts'
import { actionResult, handle, parseParams } from '~/utils/route.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('录制与回放', 'Recordings and replay')
const paramsSchema = z.object({ forumId: idSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { forumId } = parseParams(paramsSchema, params)
    return data(await getForumReplays(getDb(), forumId), { headers: { 'Cache-Control': 'private, no-store' } })
  })
}

type Result = { ok: boolean; intent?: string; code?: string; replayId?: string; fields?: Record<string, string> }

/** Publish / withdraw, the availability window (event time zone) and the trim of a replay, each audited. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'manage:event:any')
    const { forumId } = parseParams(paramsSchema, params)
    const form = Object.fromEntries(await request.formData())
    const parsed = staffReplayActionSchema.safeParse(form)
    if (!parsed.success) {
      return data<Result>(
        {
          ok: false,
          code: 'validation_failed',
          intent: String(form.intent ?? ''),
          replayId: String(form.replayId ?? ''),
          fields: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])),
        },
        { status: 422 },
      )
    }
    const db = getDb()
    const ctx = auditContextFrom(request, user.id)
    const a = parsed.data
    const forum = await getForumReplays(db, forumId)
    return actionResult(
      async () => {
        if (a.intent === 'publish' || a.intent === 'unpublish') await publishReplay(db, { forumId, replayId: a.replayId, published: a.intent === 'publish' }, ctx)
        else if (a.intent === 'window') {
          const at = (local: string) => (local ? zonedTimeToUtc(local, forum.event.timeZone) : null)
          await setReplayWindow(db, { forumId, replayId: a.replayId, availableFrom: at(a.availableFrom), availableUntil: at(a.availableUntil) }, ctx)
        } else if (a.intent === 'trim') await trimReplay(db, { forumId, replayId: a.replayId, startSeconds: a.trimStart, endSeconds: a.trimEnd, recordingsDir: recordingsDir(getEnv()) }, ctx)
        if (a.intent !== 'trim') {
          // The forum's pages say whether its replay can be watched: the cached ones go, and the players watching hear it.
          forgetEventPage(forum.event.slug)
          announceReplayChanged({ forumId })
        }
        return { ok: true, intent: a.intent, replayId: a.replayId } satisfies Result
      },
      (error) => ({ ok: false, intent: a.intent, replayId: a.replayId, code: error.code, fields: (error.details?.fields ?? {}) as Record<string, string> }) satisfies Result,
    )
  })
}

/** A forum's recordings (status, length, faults) and its replay: publication, window, trim, MP4 download. */
export default function StaffForumReplay() {
  const forum = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const tz = forum.event.timeZone
  const time = (iso: string | Date) => formatTime(new Date(iso), tz)
  const input = (iso: string | Date | null) => (iso ? utcToZonedInput(new Date(iso), tz) : '')
  return (
    <section className="page staff forum-replay">
      <p>
        <Link to={`/staff/events/${forum.event.id}/agenda`}>{localized(locale, forum.event.titleZh, forum.event.titleEn)}</Link>
      </p>
      <h1>
        {t('replay.staff.title')} · {localized(locale, forum.titleZh, forum.titleEn)}
      </h1>
      <p className="muted">{t('replay.staff.explain')}</p>
      {forum.recordings.length === 0 ? <p data-testid="no-recordings">{t('replay.staff.none')}</p> : null}
      {forum.recordings.map((r) => {
        const fields = result && !result.ok && result.replayId === r.replay?.id ? (result.fields ?? {}) : {}
        const stats = r.stats as { rtpPacketsLost?: number; rtpPacketsReceived?: number; ffmpegRestarts?: number }
        const reason = r.failureReason ? t(`replay.staff.reasons.${r.failureReason}`, { defaultValue: r.failureReason }) : ''
        const replay = r.replay
        return (
          <article key={r.id} className="card" data-testid={`recording-${r.id}`}>
            <h2>
              {t('replay.staff.recording')} · <span data-testid="recording-status">{t(`replay.staff.status.${r.status}`)}</span>
            </h2>
            <dl className="figures">
              <dt>{t('replay.staff.started')}</dt>
              <dd>{time(r.startedAt)}</dd>
              <dt>{t('replay.staff.ended')}</dt>
              <dd>{r.endedAt ? time(r.endedAt) : '—'}</dd>
              <dt>{t('replay.staff.duration')}</dt>
              <dd data-testid="recording-duration">{r.durationSeconds !== null ? formatMediaTime(r.durationSeconds) : '—'}</dd>
            </dl>
            {r.failureReason ? (
              <p className="warning" data-testid="recording-failure">
                {t('replay.staff.failure', { reason, time: r.endedAt ? time(r.endedAt) : '—' })}
              </p>
            ) : null}
            {stats.rtpPacketsReceived !== undefined ? (
              <p className="muted">{t('replay.staff.stats', { lost: stats.rtpPacketsLost ?? 0, received: stats.rtpPacketsReceived, restarts: stats.ffmpegRestarts ?? 0 })}</p>
            ) : null}
            {replay ? (
              <>
                {result?.ok && result.replayId === replay.id ? <p className="notice">{t('replay.staff.saved')}</p> : null}
                {result && !result.ok && result.replayId === replay.id && result.code !== 'validation_failed' ? <FormError code={result.code} /> : null}
                <p>
                  <span className="badge" data-testid="replay-published">
                    {replay.published ? t('replay.staff.published') : t('replay.staff.unpublished')}
                  </span>{' '}
                  <Form method="post" style={{ display: 'inline' }}>
                    <input type="hidden" name="replayId" value={replay.id} />
                    <button type="submit" name="intent" value={replay.published ? 'unpublish' : 'publish'} data-testid="replay-publish">
                      {replay.published ? t('replay.staff.unpublish') : t('replay.staff.publish')}
                    </button>
                  </Form>{' '}
                  <Link to={`/events/${forum.event.slug}/forums/${forum.slug}/replay`}>{t('replay.staff.open')}</Link> ·{' '}
                  <a href={`/staff/forums/${forum.id}/replays/${replay.id}.mp4`} data-testid="replay-mp4">
                    {t('replay.staff.download')}
                  </a>
                </p>
                <Form method="post" className="stack" aria-label={t('replay.staff.window', { zone: tz })}>
                  <input type="hidden" name="replayId" value={replay.id} />
                  <fieldset>
                    <legend>{t('replay.staff.window', { zone: tz })}</legend>
                    <label>
                      {t('replay.staff.from')} <input type="datetime-local" name="availableFrom" defaultValue={input(replay.availableFrom)} />
                      {fields.availableFrom ? <span className="error">{t(fields.availableFrom)}</span> : null}
                    </label>
                    <label>
                      {t('replay.staff.until')} <input type="datetime-local" name="availableUntil" defaultValue={input(replay.availableUntil)} />
                      {fields.availableUntil ? <span className="error">{t(fields.availableUntil)}</span> : null}
                    </label>
                    <button type="submit" name="intent" value="window">
                      {t('replay.staff.saveWindow')}
                    </button>
                  </fieldset>
                </Form>
                <Form method="post" className="stack" aria-label={t('replay.staff.trim')}>
                  <input type="hidden" name="replayId" value={replay.id} />
                  <fieldset>
                    <legend>{t('replay.staff.trim')}</legend>
                    <p data-testid="replay-kept">{t('replay.staff.kept', { from: formatMediaTime(replay.trimStartSeconds), to: formatMediaTime(replay.trimEndSeconds ?? r.durationSeconds ?? 0) })}</p>
                    <label>
                      {t('replay.staff.trimStart')} <input name="trimStart" defaultValue={formatMediaTime(replay.trimStartSeconds)} inputMode="numeric" />
                      {fields.trimStart ? (
                        <span className="error" role="alert">
                          {t(fields.trimStart)}
                        </span>
                      ) : null}
                    </label>
                    <label>
                      {t('replay.staff.trimEnd')} <input name="trimEnd" defaultValue={replay.trimEndSeconds !== null ? formatMediaTime(replay.trimEndSeconds) : ''} inputMode="numeric" />
                      {fields.trimEnd ? (
                        <span className="error" role="alert">
                          {t(fields.trimEnd)}
                        </span>
                      ) : null}
                    </label>
                    <button type="submit" name="intent" value="trim" data-testid="replay-trim">
                      {t('replay.staff.saveTrim')}
                    </button>
                  </fieldset>
                </Form>
              </>
            ) : null}
          </article>
        )
      })}
    </section>
  )
}
