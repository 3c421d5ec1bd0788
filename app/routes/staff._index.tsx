import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { EventFields } from '~/components/staff-forms.tsx'
import { FormError } from '~/components/form-field.tsx'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { formatDateRange } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { eventFormSchema } from '~/schemas/staff.ts'
import { listAllEvents } from '~/services/events/get-staff-event.server.ts'
import { saveEvent } from '~/services/events/save-event.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { actionResult, handle } from '~/utils/route.server.ts'
import { fieldErrors } from '~/schemas/auth.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('活动管理', 'Event management')

export async function loader({ request }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    return { events: await listAllEvents(getDb()) }
  })
}

export async function action({ request }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'manage:event:any')
    const parsed = eventFormSchema.safeParse(Object.fromEntries(await request.formData()))
    if (!parsed.success) return data({ code: 'validation_failed', fields: fieldErrors(parsed.error) }, { status: 422 })
    return actionResult(
      async () => {
        const event = await saveEvent(getDb(), { form: parsed.data }, auditContextFrom(request, user.id))
        return redirect(`/staff/events/${event.id}`)
      },
      (error) => ({ code: error.code, fields: (error.details?.fields ?? {}) as Record<string, string> }),
    )
  })
}

export default function StaffIndex() {
  const { events } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  return (
    <section className="page">
      <h1>{t('staff.title')}</h1>
      <p>
        <Link to="/staff/emails">{t('staff.outbox')}</Link> · <Link to="/staff/credits">{t('credits.staff.title')}</Link>
      </p>
      <ul className="event-list" data-testid="staff-events">
        {events.map((e) => (
          <li key={e.id} className="event-card">
            <strong>{localized(locale, e.titleZh, e.titleEn)}</strong> <span className="badge">{t(`staff.status.${e.status}`)}</span>
            <p className="meta">
              {formatDateRange(e.startsAt, e.endsAt, e.timeZone, locale)} · {t('events.forumsCount', { count: e._count.forums })} · {t('staff.registrations')} {e._count.registrations}
            </p>
            <Link to={`/staff/events/${e.id}`}>{t('staff.open')}</Link>
          </li>
        ))}
      </ul>
      <h2>{t('staff.newEvent')}</h2>
      <Form method="post" noValidate className="narrow-form">
        <FormError code={result?.code} />
        <EventFields errors={result?.fields ?? {}} />
        <button type="submit">{t('staff.create')}</button>
      </Form>
    </section>
  )
}
