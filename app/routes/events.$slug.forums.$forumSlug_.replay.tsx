import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { ReplayPlayer } from '~/components/replay/replay-player.tsx'
import { DEFAULT_LOCALE, localized, resolveLocale } from '~/domain/locale.ts'
import { formatTime, dayKey } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { getReplayPage } from '~/services/broadcast/get-replay-page.server.ts'
import { getOptionalUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { recordingsDir } from '~/utils/recordings-dir.server.ts'
import { handle, parseParams, slugSchema } from '~/utils/route.server.ts'
import { localeCookie } from '~/utils/session.server.ts'
import { metaText } from '~/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? `${metaText(matches, '回放', 'Replay')} · ${metaText(matches, data.forum.titleZh, data.forum.titleEn)}` : '404' },
]

const paramsSchema = z.object({ slug: slugSchema, forumSlug: slugSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const input = parseParams(paramsSchema, params)
    const user = await getOptionalUser(request)
    const locale = resolveLocale(await localeCookie.parse(request.headers.get('Cookie')).catch(() => null))
    const page = await getReplayPage(getDb(), { eventSlug: input.slug, forumSlug: input.forumSlug, user, locale, recordingsDir: recordingsDir(getEnv()) })
    return data(page, { headers: { 'Cache-Control': 'private, no-store' } })
  })
}

/** A forum's replay for its registrants (phone-first): the player, speeds, chapters; or why it can't be watched. */
export default function ForumReplay() {
  const page = useLoaderData<typeof loader>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const tz = page.event.timeZone
  const when = (iso: string) => `${dayKey(new Date(iso), tz)} ${formatTime(new Date(iso), tz)} (${tz})`
  const here = `/events/${page.event.slug}/forums/${page.forum.slug}/replay`
  const message = {
    ok: null,
    login: (
      <>
        {t('replay.page.loginFirst')} <Link to={`/login?redirectTo=${encodeURIComponent(here)}`}>{t('nav.login')}</Link>
      </>
    ),
    not_registered: (
      <>
        {t('replay.page.notRegistered')} <Link to={`/events/${page.event.slug}/register`}>{t('register.cta')}</Link>
      </>
    ),
    no_replay: t('replay.page.noReplay'),
    not_published: t('replay.page.notPublished'),
    not_yet: t('replay.page.notYet', { time: 'at' in page && page.at ? when(page.at) : '' }),
    closed: t('replay.page.closed', { time: 'at' in page && page.at ? when(page.at) : '' }),
  }[page.state]
  return (
    <section className="page replay-page">
      <p>
        <Link to={`/events/${page.event.slug}/forums/${page.forum.slug}`}>← {localized(locale, page.forum.titleZh, page.forum.titleEn)}</Link>
      </p>
      <h1>
        {t('replay.page.title')} · {localized(locale, page.forum.titleZh, page.forum.titleEn)}
      </h1>
      {page.replay ? (
        <>
          {page.replay.preview ? <p className="warning">{t('replay.staff.unpublished')}</p> : null}
          <ReplayPlayer forumId={page.forum.id} replay={page.replay} locale={locale} />
          <p className="muted">{t('replay.page.credit')}</p>
        </>
      ) : (
        <p className="notice" role="status" data-testid="replay-refused" data-state={page.state}>
          {message}
        </p>
      )}
    </section>
  )
}
