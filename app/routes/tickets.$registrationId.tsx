import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { FormError } from '~/components/form-field.tsx'
import { FapiaoSection, TransferDetails } from '~/components/payments/ticket-payment.tsx'
import { z } from 'zod'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { formatMoney } from '~/domain/money.ts'
import { formatDateRange } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { idSchema } from '~/schemas/common.ts'
import { fieldErrors } from '~/schemas/auth.ts'
import { fapiaoRequestSchema } from '~/schemas/payments.ts'
import { cancelRegistration } from '~/services/registration/cancel-registration.server.ts'
import { getTicket } from '~/services/registration/get-ticket.server.ts'
import { getTicketPayment } from '~/services/registration/get-ticket-payment.server.ts'
import { startBankTransfer } from '~/services/registration/open-bank-transfer.server.ts'
import { requestFapiao } from '~/services/registration/request-fapiao.server.ts'
import { refundPayment } from '~/services/registration/refund-payment.server.ts'
import { startCheckout } from '~/services/registration/start-checkout.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { baseUrlOf } from '~/utils/request.server.ts'
import { actionResult, handle, parseParams } from '~/utils/route.server.ts'
import { ticketSecret } from '~/utils/secrets.server.ts'
import { getStripe, paymentsConfigured } from '~/services/registration/stripe.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('我的票', 'My ticket')

const paramsSchema = z.object({ registrationId: idSchema })
const intentSchema = z.object({ intent: z.enum(['cancel', 'pay', 'transfer', 'fapiao']) })

type Reply = { cancelled: boolean; refundDue: number; code?: string; fields?: Record<string, string>; done?: 'transfer' | 'fapiao' }

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    const { registrationId } = parseParams(paramsSchema, params)
    const db = getDb()
    return {
      ticket: await getTicket(db, { registrationId, userId: user.id }, ticketSecret()),
      payment: await getTicketPayment(db, { registrationId, userId: user.id }),
      cardPayments: paymentsConfigured(),
    }
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    const { registrationId } = parseParams(paramsSchema, params)
    const form = Object.fromEntries(await request.formData())
    const parsed = intentSchema.safeParse(form)
    if (!parsed.success) return data<Reply>({ cancelled: false, refundDue: 0, code: 'bad_request' }, { status: 400 })
    const db = getDb()
    const failed = (error: { code: string; details?: Record<string, unknown> }): Reply => ({
      cancelled: false,
      refundDue: 0,
      code: error.code,
      fields: (error.details?.fields ?? undefined) as Record<string, string> | undefined,
    })
    if (parsed.data.intent === 'transfer') {
      return actionResult(async (): Promise<Reply> => {
        await startBankTransfer(db, { registrationId, userId: user.id }, auditContextFrom(request, user.id))
        return { cancelled: false, refundDue: 0, done: 'transfer' }
      }, failed)
    }
    if (parsed.data.intent === 'fapiao') {
      const fapiao = fapiaoRequestSchema.safeParse(form)
      if (!fapiao.success) return data<Reply>({ cancelled: false, refundDue: 0, code: 'validation_failed', fields: fieldErrors(fapiao.error) }, { status: 422 })
      return actionResult(async (): Promise<Reply> => {
        await requestFapiao(db, { registrationId, userId: user.id, form: fapiao.data }, auditContextFrom(request, user.id))
        return { cancelled: false, refundDue: 0, done: 'fapiao' }
      }, failed)
    }
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
  const { ticket, payment, cardPayments } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as Reply | undefined
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
      {ticket.tierEvidence === 'PENDING' && (ticket.status === 'PENDING_APPROVAL' || ticket.status === 'WAITLISTED') ? (
        <p className="notice" data-testid="tier-waiting">
          {t(ticket.tier === 'STUDENT' ? 'eligibility.ticket.waitingStudent' : 'eligibility.ticket.waitingMember')}
        </p>
      ) : null}
      {ticket.tierEvidence === 'REJECTED' && ticket.status === 'REJECTED' ? (
        <p className="notice" data-testid="tier-rejected">
          {t('eligibility.ticket.rejected', { tier: t(`eligibility.tierNames.${ticket.tier}`) })} <Link to={`/events/${e.slug}/register`}>{t('register.submit')}</Link>
        </p>
      ) : null}
      {ticket.tierEvidence === 'CONVERTED' && ticket.status !== 'CANCELLED' && ticket.status !== 'REJECTED' ? <p className="muted">{t('eligibility.ticket.converted')}</p> : null}
      {ticket.transferRefund ? (
        <p className="notice" data-testid="transfer-refunded">
          {t('eligibility.ticket.refunded', {
            amount: formatMoney(ticket.transferRefund.amount, ticket.currency, locale),
            date: String(ticket.transferRefund.refundedOn).slice(0, 10),
          })}
        </p>
      ) : null}
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
      <TransferDetails payment={payment} locale={locale} />
      {ticket.status === 'PENDING_PAYMENT' && payment.transfer?.status !== 'AWAITING' && (cardPayments || !payment.transferOffered) ? (
        <Form method="post">
          <input type="hidden" name="intent" value="pay" />
          <button type="submit" data-testid="pay-now">
            {t('ticket.pay')}
          </button>
        </Form>
      ) : null}
      {ticket.status === 'PENDING_PAYMENT' && payment.transferOffered && payment.transfer?.status !== 'AWAITING' ? (
        <Form method="post">
          <input type="hidden" name="intent" value="transfer" />
          <button type="submit" className="secondary" data-testid="pay-by-transfer">
            {t('payments.transfer.payByTransfer')}
          </button>
        </Form>
      ) : null}
      {ticket.status === 'CONFIRMED' || ticket.status === 'PENDING_PAYMENT' ? (
        <FapiaoSection payment={payment} errors={result?.done ? {} : (result?.fields ?? {})} grouped={Boolean(payment.transfer && payment.transfer.registrations > 1)} />
      ) : null}
      {ticket.status === 'WAITLISTED' ? <p>{t('ticket.waitlistNote')}</p> : null}
      <p>
        <a href={`/events/${e.slug}/calendar.ics?lang=${locale}`} download>
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
