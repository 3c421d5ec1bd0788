import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { FormError } from '~/components/form-field.tsx'
import { z } from 'zod'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { formatMoney } from '~/domain/money.ts'
import { formatDateRange } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { idSchema } from '~/schemas/common.ts'
import { cancelRegistration } from '~/services/registration/cancel-registration.server.ts'
import { getTicket } from '~/services/registration/get-ticket.server.ts'
import { refundPayment } from '~/services/registration/refund-payment.server.ts'
import { startCheckout } from '~/services/registration/start-checkout.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { baseUrlOf } from '~/utils/request.server.ts'
import { actionResult, handle, parseParams } from '~/utils/route.server.ts'
import { ticketSecret } from '~/utils/secrets.server.ts'
import { getStripe, paymentsConfigured } from '~/services/registration/stripe.server.ts'

export const meta: MetaFunction = () => [{ title: '我的票 · My ticket' }]

const paramsSchema = z.object({ registrationId: idSchema })
const intentSchema = z.object({ intent: z.enum(['cancel', 'pay']) })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    const { registrationId } = parseParams(paramsSchema, params)
    return { ticket: await getTicket(getDb(), { registrationId, userId: user.id }, ticketSecret()) }
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    const { registrationId } = parseParams(paramsSchema, params)
    const parsed = intentSchema.safeParse(Object.fromEntries(await request.formData()))
    if (!parsed.success) return data({ cancelled: false, refundDue: 0, code: 'bad_request' }, { status: 400 })
    const db = getDb()
    if (parsed.data.intent === 'pay') {
      // A registration promoted from the waiting list, or a checkout abandoned earlier.
      if (!paymentsConfigured()) return data({ cancelled: false, refundDue: 0, code: 'payments_not_configured' }, { status: 409 })
      return actionResult(
        async () => {
          const checkout = await startCheckout(db, { registrationId, userId: user.id, baseUrl: baseUrlOf(request) })
          return redirect(checkout.url)
        },
        (error) => ({ cancelled: false, refundDue: 0, code: error.code }),
      )
    }
    const result = await cancelRegistration(db, { registrationId, actorUserId: user.id }, auditContextFrom(request, user.id))
    if (result.refundDue > 0 && paymentsConfigured()) await refundPayment(db, getStripe(), { registrationId, amount: result.refundDue })
    return { cancelled: true, refundDue: result.refundDue, code: undefined }
  })
}

export default function Ticket() {
  const { ticket } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const e = ticket.event
  return (
    <section className="page narrow ticket">
      <h1>{t('ticket.title')}</h1>
      <h2>
        <Link to={`/events/${e.slug}`}>{localized(locale, e.titleZh, e.titleEn)}</Link>
      </h2>
      <p className="meta">{formatDateRange(e.startsAt, e.endsAt, e.timeZone, locale)}</p>
      <p>
        {ticket.user.realName} · {localized(locale, ticket.ticketType.nameZh, ticket.ticketType.nameEn)}
        {ticket.amount > 0 ? ` · ${formatMoney(ticket.amount, ticket.currency, locale)}` : ''}
      </p>
      <p>
        <span className="badge" data-testid="ticket-status" data-status={ticket.status}>
          {t(`ticket.status.${ticket.status}`)}
        </span>
      </p>
      {result?.cancelled ? (
        <p className="toast" role="status">
          {t('ticket.cancelled')} {result.refundDue > 0 ? t('ticket.refundDue', { amount: formatMoney(result.refundDue, ticket.currency, locale) }) : ''}
        </p>
      ) : null}
      {ticket.qrSvg ? (
        <figure className="qr">
          <div dangerouslySetInnerHTML={{ __html: ticket.qrSvg }} />
          <figcaption>{t('ticket.showAtVenue')}</figcaption>
          <p>
            {t('ticket.code')}: <code data-testid="ticket-code">{ticket.code}</code>
          </p>
        </figure>
      ) : null}
      {result?.code ? <FormError code={result.code} /> : null}
      {ticket.status === 'PENDING_PAYMENT' ? (
        <Form method="post">
          <input type="hidden" name="intent" value="pay" />
          <button type="submit" data-testid="pay-now">
            {t('ticket.pay')}
          </button>
        </Form>
      ) : null}
      {ticket.status === 'WAITLISTED' ? <p>{t('ticket.waitlistNote')}</p> : null}
      <p>
        <a href={`/events/${e.slug}/calendar.ics`} download>
          {t('ticket.calendar')}
        </a>
        {ticket.status === 'CONFIRMED' ? (
          <>
            {' · '}
            <a href={`/events/${e.slug}/my-calendar.ics`} download data-testid="my-calendar-link">
              {t('event.myCalendar')}
            </a>
          </>
        ) : null}
      </p>
      {ticket.status === 'CONFIRMED' ? (
        <p>
          <Link to={`/events/${e.slug}/assessments`} data-testid="assessments-link">
            {t('exam.assessments')}
          </Link>
        </p>
      ) : null}
      {ticket.status !== 'CANCELLED' && ticket.status !== 'REJECTED' ? (
        <Form method="post" onSubmit={(ev) => (confirm(t('ticket.cancelConfirm')) ? undefined : ev.preventDefault())}>
          <input type="hidden" name="intent" value="cancel" />
          <button type="submit" className="secondary">
            {t('ticket.cancel')}
          </button>
        </Form>
      ) : null}
    </section>
  )
}
