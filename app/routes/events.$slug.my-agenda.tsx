import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { FormError } from '~/components/form-field.tsx'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { formatDateRange } from '~/domain/time.ts'
import { forumPlace } from '~/domain/forum-place.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { getMyAgenda } from '~/services/registration/get-my-agenda.server.ts'
import { agendaFormSchema, setMyAgenda } from '~/services/registration/set-my-agenda.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { actionResult, handle, parseParams, slugSchema } from '~/utils/route.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('我的日程', 'My agenda')
const paramsSchema = z.object({ slug: slugSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    const { slug } = parseParams(paramsSchema, params)
    return getMyAgenda(getDb(), { slug, userId: user.id })
  })
}

type Reply = { ok: boolean; code?: string }

export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    const { slug } = parseParams(paramsSchema, params)
    const form = await request.formData()
    const parsed = agendaFormSchema.safeParse({ forumIds: form.getAll('forumIds').map(String) })
    if (!parsed.success) return data<Reply>({ ok: false, code: 'validation_failed' }, { status: 422 })
    return actionResult(
      async (): Promise<Reply> => {
        await setMyAgenda(getDb(), { slug, userId: user.id, forumIds: parsed.data.forumIds })
        return { ok: true }
      },
      (error): Reply => ({ ok: false, code: error.code }),
    )
  })
}

/** The attendee picks the forums they plan to follow; the personal calendar follows the choice. */
export default function MyAgenda() {
  const { event, forums, defaulted } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>() as Reply | undefined
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const busy = useNavigation().state !== 'idle'
  return (
    <section className="page narrow">
      <h1>{t('myAgenda.title', { event: localized(locale, event.titleZh, event.titleEn) })}</h1>
      <p className="meta">{t('myAgenda.intro')}</p>
      {defaulted ? <p className="notice">{t('myAgenda.defaulted')}</p> : null}
      <Form method="post" data-testid="agenda-form">
        {reply?.ok === false ? <FormError code={reply.code} /> : null}
        {reply?.ok ? (
          <p role="status" className="ok">
            {t('myAgenda.saved')}
          </p>
        ) : null}
        <fieldset>
          <legend>{t('myAgenda.forums')}</legend>
          {forums.map((f) => (
            <label key={f.id} className="choice" data-testid={`agenda-${f.slug}`}>
              <input type="checkbox" name="forumIds" value={f.id} defaultChecked={f.chosen} /> <strong>{localized(locale, f.titleZh, f.titleEn)}</strong>{' '}
              <span className="muted">
                {formatDateRange(f.startsAt, f.endsAt, event.timeZone, locale)} · {forumPlace(f.venue, f, locale) || t('event.online')}
              </span>
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={busy}>
          {t('myAgenda.save')}
        </button>{' '}
        <a href={`/events/${event.slug}/my-calendar.ics`} download>
          {t('event.myCalendar')}
        </a>{' '}
        · <Link to={`/events/${event.slug}`}>{t('myAgenda.back')}</Link>
      </Form>
    </section>
  )
}
