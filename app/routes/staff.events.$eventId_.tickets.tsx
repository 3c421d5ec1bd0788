import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { FieldScope } from '~/components/form-field.tsx'
import { AddForm, EditItem, RemoveForm, ticketDefaults, useStaffFeedback } from '~/components/staff-event-items.tsx'
import { StaffEventNav } from '~/components/staff-event-nav.tsx'
import { SettingsFields, TicketFields } from '~/components/staff-forms.tsx'
import { localized } from '~/domain/locale.ts'
import { formatMoney } from '~/domain/money.ts'
import { formatQuestionLines } from '~/domain/question-lines.ts'
import { registrationQuestionsSchema } from '~/domain/registration.ts'
import { sectionHref, type StaffIntentResult } from '~/domain/staff-sections.ts'
import { idSchema } from '~/schemas/common.ts'
import { closeTicketTypeSchema, eventSettingsSchema, removeTicketTypeSchema, ticketTypeEditSchema, ticketTypeFormSchema } from '~/schemas/staff.ts'
import { addTicketType } from '~/services/events/add-ticket-type.server.ts'
import { closeTicketType } from '~/services/events/close-ticket-type.server.ts'
import { getStaffEvent } from '~/services/events/get-staff-event.server.ts'
import { removeTicketType } from '~/services/events/remove-ticket-type.server.ts'
import { saveEventSettings } from '~/services/events/save-event-settings.server.ts'
import { updateTicketType } from '~/services/events/update-ticket-type.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'
import { readStaffIntent } from '~/utils/staff-intent.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('票种', 'Tickets')
const paramsSchema = z.object({ eventId: idSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const { event } = await getStaffEvent(getDb(), eventId)
    // loadedAt: "sales closed" is judged at load time, the same on the server and in the browser.
    return { event, loadedAt: new Date().toISOString() }
  })
}

/** Ticket types (add, edit, close, remove) and the event's registration and payment settings. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const { intent, run, unknown } = await readStaffIntent(request)
    const ctx = auditContextFrom(request, user.id)
    const db = getDb()
    switch (intent) {
      case 'add-ticket':
        return run(ticketTypeFormSchema, (f) => addTicketType(db, eventId, f, ctx))
      case 'save-ticket':
        return run(ticketTypeEditSchema, (f) => updateTicketType(db, eventId, f.ticketTypeId, f, ctx))
      case 'close-ticket':
        return run(closeTicketTypeSchema, (f) => closeTicketType(db, eventId, f.ticketTypeId, new Date(), ctx))
      case 'remove-ticket':
        return run(removeTicketTypeSchema, (f) => removeTicketType(db, eventId, f.ticketTypeId, ctx))
      case 'save-settings':
        return run(eventSettingsSchema, (f) => saveEventSettings(db, eventId, f, ctx))
      default:
        return unknown()
    }
  })
}

export default function StaffEventTickets() {
  const { event, loadedAt } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as StaffIntentResult | undefined
  const { t } = useTranslation()
  const { feedback, errorsFor, locale } = useStaffFeedback(result)
  const tz = event.timeZone
  const closed = (salesEndAt: string | Date | null) => !!salesEndAt && new Date(salesEndAt) <= new Date(loadedAt)
  return (
    <section className="page staff">
      <StaffEventNav eventId={event.id} />
      <h1>{t('staffSections.pageTitle', { section: t('staffSections.nav.tickets'), event: localized(locale, event.titleZh, event.titleEn) })}</h1>
      <p className="meta">
        {t('staffSections.tickets.intro')} <Link to={sectionHref(event.id, 'payments')}>{t('payments.link')}</Link>
      </p>
      <h2>{t('staffSections.tickets.list')}</h2>
      {event.ticketTypes.length === 0 ? <p>{t('staff.none')}</p> : null}
      <ul data-testid="ticket-types">
        {event.ticketTypes.map((tt) => (
          <li key={tt.id}>
            {localized(locale, tt.nameZh, tt.nameEn)} · {formatMoney(tt.priceNonMember, event.currency, locale)} · {tt.seatsTaken}/{tt.quota ?? '∞'}
            {closed(tt.salesEndAt) ? ` · ${t('staff.salesClosed')}` : ''}{' '}
            {tt._count.registrations === 0 ? (
              <RemoveForm intent="remove-ticket" field="ticketTypeId" value={tt.id} name={localized(locale, tt.nameZh, tt.nameEn)} />
            ) : closed(tt.salesEndAt) ? null : (
              <RemoveForm
                intent="close-ticket"
                field="ticketTypeId"
                value={tt.id}
                name={localized(locale, tt.nameZh, tt.nameEn)}
                label={t('staff.closeSales')}
                confirmText={t('staff.closeSalesConfirm', { name: localized(locale, tt.nameZh, tt.nameEn), count: tt._count.registrations })}
              />
            )}
            <EditItem
              intent="save-ticket"
              error={feedback('save-ticket', true)}
              itemField="ticketTypeId"
              itemId={tt.id}
              result={result}
              label={`${t('staff.editTicket')} ${localized(locale, tt.nameZh, tt.nameEn)}`}
            >
              <TicketFields errors={result?.itemId === tt.id ? errorsFor('save-ticket') : {}} defaults={ticketDefaults(tt, tz)} />
            </EditItem>
          </li>
        ))}
      </ul>
      {feedback('remove-ticket')}
      {feedback('close-ticket')}
      {feedback('save-ticket')}
      <div className="staff-forms">
        <AddForm intent="add-ticket" result={result}>
          <h2>{t('staff.tickets')}</h2>
          {feedback('add-ticket')}
          <input type="hidden" name="intent" value="add-ticket" />
          <FieldScope name="ticket">
            <TicketFields errors={errorsFor('add-ticket')} />
          </FieldScope>
          <button type="submit">{t('staff.addTicket')}</button>
        </AddForm>
        <Form method="post" noValidate>
          <h2>{t('staff.settings')}</h2>
          {feedback('save-settings')}
          <input type="hidden" name="intent" value="save-settings" />
          <FieldScope name="settings">
            <SettingsFields
              errors={errorsFor('save-settings')}
              defaults={{ paymentMethods: event.paymentMethods, currency: event.currency, questions: formatQuestionLines(registrationQuestionsSchema.catch([]).parse(event.registrationQuestions)) }}
            />
          </FieldScope>
          <button type="submit">{t('staff.saveSettings')}</button>
        </Form>
      </div>
    </section>
  )
}
