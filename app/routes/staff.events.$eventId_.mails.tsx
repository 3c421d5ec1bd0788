import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { useStaffFeedback } from '~/components/staff-event-items.tsx'
import { StaffEventNav } from '~/components/staff-event-nav.tsx'
import { localized } from '~/domain/locale.ts'
import type { StaffIntentResult } from '~/domain/staff-sections.ts'
import { idSchema } from '~/schemas/common.ts'
import { automaticMailsSchema } from '~/schemas/staff.ts'
import { getStaffEvent } from '~/services/events/get-staff-event.server.ts'
import { saveAutomaticMails } from '~/services/events/save-automatic-mails.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'
import { readStaffIntent } from '~/utils/staff-intent.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('邮件', 'Mails')
const paramsSchema = z.object({ eventId: idSchema })
const MAILS = ['mailForumReminders', 'mailCertificateIssued', 'mailReplayAvailable'] as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const { event } = await getStaffEvent(getDb(), eventId)
    return {
      event: { id: event.id, titleZh: event.titleZh, titleEn: event.titleEn, ...Object.fromEntries(MAILS.map((m) => [m, event[m]])) } as Record<(typeof MAILS)[number], boolean> & {
        id: string
        titleZh: string
        titleEn: string
      },
    }
  })
}

/** The event's automatic mails, each switched on or off (audited by saveAutomaticMails). */
export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const { intent, run, unknown } = await readStaffIntent(request)
    if (intent !== 'save-mails') return unknown()
    return run(automaticMailsSchema, (f) => saveAutomaticMails(getDb(), eventId, f, auditContextFrom(request, user.id)))
  })
}

export default function StaffEventMails() {
  const { event } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as StaffIntentResult | undefined
  const { t } = useTranslation()
  const { feedback, locale } = useStaffFeedback(result)
  return (
    <section className="page staff">
      <StaffEventNav eventId={event.id} />
      <h1>{t('staffSections.pageTitle', { section: t('staffSections.nav.mails'), event: localized(locale, event.titleZh, event.titleEn) })}</h1>
      <p className="meta">
        {t('staffSections.mails.intro')} <Link to="/staff/emails">{t('staffSections.mails.outbox')}</Link> · <Link to={`/staff/events/${event.id}/messages`}>{t('staffSections.mails.messages')}</Link>
      </p>
      <Form method="post" noValidate data-testid="automatic-mails" className="narrow-form">
        <h2>{t('staff.mails.title')}</h2>
        {feedback('save-mails')}
        <input type="hidden" name="intent" value="save-mails" />
        <fieldset className="field">
          <legend>{t('staff.mails.explain')}</legend>
          {MAILS.map((name) => (
            <label className="choice" key={name}>
              <input type="checkbox" name={name} defaultChecked={event[name]} /> {t(`staff.mails.${name}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t('staff.mails.save')}</button>
      </Form>
    </section>
  )
}
