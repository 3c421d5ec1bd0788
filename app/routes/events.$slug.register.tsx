import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Field, FormError } from '~/components/form-field.tsx'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { formatMoney } from '~/domain/money.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { getRegistrationOptions } from '~/services/registration/get-registration-options.server.ts'
import { registerForEvent } from '~/services/registration/register-for-event.server.ts'
import { startCheckout } from '~/services/registration/start-checkout.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { baseUrlOf } from '~/utils/request.server.ts'
import { actionResult, handle, parseParams, slugSchema } from '~/utils/route.server.ts'
import { paymentsConfigured } from '~/services/registration/stripe.server.ts'
import { memberNumberFieldSchema } from '~/schemas/eligibility.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('报名', 'Register')

const paramsSchema = z.object({ slug: slugSchema })
const formSchema = z.object({
  ticketTypeId: z.string({ required_error: 'validation.required' }).min(1, 'validation.required').max(40),
  tier: z.enum(['MEMBER', 'NON_MEMBER', 'STUDENT'], { errorMap: () => ({ message: 'validation.choice' }) }),
  paymentMethod: z.enum(['stripe', 'transfer'], { errorMap: () => ({ message: 'validation.choice' }) }).default('stripe'),
  memberNumber: memberNumberFieldSchema,
})

/** Fields of the form itself; the others an error names are registration questions (`q_<key>`). */
const OWN_FIELDS = new Set(['ticketTypeId', 'tier', 'paymentMethod', 'memberNumber', 'studentCard'])

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'register:event:any')
    const { slug } = parseParams(paramsSchema, params)
    const options = await getRegistrationOptions(getDb(), slug, user.id, new Date())
    return { ...options, paymentsConfigured: paymentsConfigured() }
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'register:event:any')
    const { slug } = parseParams(paramsSchema, params)
    // Multipart when a student card is attached: this path's body limit is BODY_LIMITS.registerWithCard.
    const form = Object.fromEntries(await request.formData())
    const parsed = formSchema.safeParse(form)
    if (!parsed.success) return data({ code: 'validation_failed', fields: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) }, { status: 422 })
    const db = getDb()
    const { event } = await getRegistrationOptions(db, slug, user.id, new Date())
    const answers = Object.fromEntries(
      Object.entries(form)
        .filter(([k, v]) => k.startsWith('q_') && typeof v === 'string')
        .map(([k, v]) => [k.slice(2), v]),
    )
    const card = form.studentCard instanceof Blob && form.studentCard.size > 0 ? new Uint8Array(await form.studentCard.arrayBuffer()) : null
    return actionResult(
      async () => {
        const registration = await registerForEvent(
          db,
          {
            userId: user.id,
            eventId: event.id,
            ticketTypeId: parsed.data.ticketTypeId,
            tier: parsed.data.tier,
            answers,
            paymentMethod: parsed.data.paymentMethod,
            memberNumber: parsed.data.memberNumber ?? null,
            studentCard: card,
          },
          { paymentsConfigured: paymentsConfigured() },
          auditContextFrom(request, user.id),
        )
        if (registration.status === 'PENDING_PAYMENT' && parsed.data.paymentMethod !== 'transfer') {
          const checkout = await startCheckout(db, { registrationId: registration.id, userId: user.id, baseUrl: baseUrlOf(request) })
          return redirect(checkout.url)
        }
        return redirect(`/tickets/${registration.id}`)
      },
      (error) => {
        const fields = (error.details?.fields ?? {}) as Record<string, string>
        return { code: error.code, fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [OWN_FIELDS.has(k) ? k : `q_${k}`, v])) }
      },
    )
  })
}

export default function Register() {
  const { event, ticketTypes, questions, existing, closed, paymentsConfigured, transferOffered } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const busy = useNavigation().state !== 'idle'
  const fields = (result?.fields ?? {}) as Record<string, string>
  const [tier, setTier] = useState('NON_MEMBER')
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  if (existing) {
    return (
      <section className="page narrow">
        <h1>{t('register.title', { event: localized(locale, event.titleZh, event.titleEn) })}</h1>
        <p>{t('register.already')}</p>
        <Link to={`/tickets/${existing.id}`}>{t('register.viewTicket')}</Link>
      </section>
    )
  }
  if (closed) {
    return (
      <section className="page narrow">
        <h1>{t('register.title', { event: localized(locale, event.titleZh, event.titleEn) })}</h1>
        <p className="notice" data-testid="registration-closed">
          {t('errors.registration_closed')}
        </p>
        <Link to={`/events/${event.slug}`}>{localized(locale, event.titleZh, event.titleEn)}</Link>
      </section>
    )
  }
  return (
    <section className="page narrow">
      <h1>{t('register.title', { event: localized(locale, event.titleZh, event.titleEn) })}</h1>
      <Form method="post" encType="multipart/form-data" noValidate>
        <FormError code={result?.code} />
        <fieldset>
          <legend>{t('register.ticketType')}</legend>
          {ticketTypes.map((tt, i) => {
            const unavailable = tt.sales !== 'open' || (!tt.free && !paymentsConfigured && !transferOffered)
            return (
              <label key={tt.id} className="choice" data-testid={`ticket-${i}`}>
                <input type="radio" name="ticketTypeId" value={tt.id} defaultChecked={i === 0 && !unavailable} disabled={unavailable} required />
                <strong>{localized(locale, tt.nameZh, tt.nameEn)}</strong>{' '}
                <span className="muted">
                  {tt.free
                    ? t('register.free')
                    : tt.prices.map((p) => `${t(`register.tiers.${p.tier}`)} ${formatMoney(p.amount, event.currency, locale)}${p.earlyBird ? ` (${t('register.earlyBird')})` : ''}`).join(' · ')}
                </span>
                {tt.seatsLeft === 0 ? (
                  <span className="badge">{t('register.full')}</span>
                ) : tt.seatsLeft !== null ? (
                  <span className="muted"> · {t('register.quotaLeft', { count: tt.seatsLeft })}</span>
                ) : null}
                {tt.sales !== 'open' ? <span className="badge">{t('register.notOnSale')}</span> : null}
                {!tt.free && !paymentsConfigured && !transferOffered ? (
                  <span className="error" data-testid="payments-off">
                    {' '}
                    {t('errors.payments_not_configured')}
                  </span>
                ) : null}
              </label>
            )
          })}
          {fields.ticketTypeId ? <small className="error">{t(fields.ticketTypeId)}</small> : null}
        </fieldset>
        <div className="field">
          <label htmlFor="f-tier">{t('register.tier')}</label>
          <select id="f-tier" name="tier" defaultValue="NON_MEMBER" onChange={(ev) => setTier(ev.currentTarget.value)}>
            {(['NON_MEMBER', 'MEMBER', 'STUDENT'] as const).map((tier) => (
              <option key={tier} value={tier}>
                {t(`register.tiers.${tier}`)}
              </option>
            ))}
          </select>
        </div>
        {/* Both evidence fields are in the page for browsers without JavaScript; with it, the chosen tier's only. */}
        <div className="field" hidden={hydrated && tier !== 'MEMBER'} data-testid="member-number-field">
          <label htmlFor="f-memberNumber">{t('eligibility.member.label')}</label>
          <input id="f-memberNumber" name="memberNumber" autoComplete="off" maxLength={64} aria-describedby="f-memberNumber-hint" />
          <small id="f-memberNumber-hint" className="muted">
            {t('eligibility.member.hint')}
          </small>
          {fields.memberNumber ? <small className="error">{t(fields.memberNumber)}</small> : null}
        </div>
        <div className="field" hidden={hydrated && tier !== 'STUDENT'} data-testid="student-card-field">
          <label htmlFor="f-studentCard">{t('eligibility.card.label')}</label>
          <input id="f-studentCard" name="studentCard" type="file" accept="image/jpeg,image/png,image/webp,application/pdf" aria-describedby="f-studentCard-hint" />
          <small id="f-studentCard-hint" className="muted">
            {t('eligibility.card.hint')}
          </small>
          {fields.studentCard ? <small className="error">{t(fields.studentCard)}</small> : null}
        </div>
        {transferOffered && ticketTypes.some((tt) => !tt.free) ? (
          <fieldset data-testid="payment-method">
            <legend>{t('payments.method.legend')}</legend>
            {paymentsConfigured ? (
              <label className="choice">
                <input type="radio" name="paymentMethod" value="stripe" defaultChecked /> {t('payments.method.stripe')}
              </label>
            ) : null}
            <label className="choice">
              <input type="radio" name="paymentMethod" value="transfer" defaultChecked={!paymentsConfigured} /> {t('payments.method.transfer')}
            </label>
            {fields.paymentMethod ? <small className="error">{t(fields.paymentMethod)}</small> : null}
          </fieldset>
        ) : null}
        {questions.map((q) =>
          q.type === 'select' ? (
            <div className="field" key={q.key}>
              <label htmlFor={`f-q_${q.key}`}>{localized(locale, q.labelZh, q.labelEn)}</label>
              <select id={`f-q_${q.key}`} name={`q_${q.key}`} defaultValue="">
                <option value="">—</option>
                {q.options?.map((o) => (
                  <option key={o.value} value={o.value}>
                    {localized(locale, o.labelZh, o.labelEn)}
                  </option>
                ))}
              </select>
              {fields[`q_${q.key}`] ? <small className="error">{t(fields[`q_${q.key}`]!)}</small> : null}
            </div>
          ) : (
            <Field key={q.key} name={`q_${q.key}`} label={localized(locale, q.labelZh, q.labelEn)} required={q.required} error={fields[`q_${q.key}`]} />
          ),
        )}
        <button type="submit" disabled={busy}>
          {t('register.submit')}
        </button>
      </Form>
    </section>
  )
}
