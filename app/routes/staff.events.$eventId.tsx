import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { FormError } from '~/components/form-field.tsx'
import { EventFields, ForumFields, SessionFields, TicketFields, VenueFields } from '~/components/staff-forms.tsx'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { formatMoney } from '~/domain/money.ts'
import { formatTime, utcToZonedInput } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { fieldErrors } from '~/schemas/auth.ts'
import { decisionSchema, eventFormSchema, forumFormSchema, sessionFormSchema, ticketTypeFormSchema, venueFormSchema } from '~/schemas/staff.ts'
import { addForum } from '~/services/add-forum.server.ts'
import { addSession } from '~/services/add-session.server.ts'
import { addTicketType } from '~/services/add-ticket-type.server.ts'
import { addVenue } from '~/services/add-venue.server.ts'
import { decideRegistration } from '~/services/decide-registration.server.ts'
import { getStaffEvent } from '~/services/get-staff-event.server.ts'
import { saveEvent, setEventStatus } from '~/services/save-event.server.ts'
import { isAppError } from '~/utils/app-error.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'

export const meta: MetaFunction = () => [{ title: '活动管理 · Event management' }]
const paramsSchema = z.object({ eventId: z.string().regex(/^[a-z0-9]{8,40}$/) })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    return getStaffEvent(getDb(), eventId)
  })
}

type Result = { intent: string; ok: boolean; code?: string; fields?: Record<string, string>; values?: Record<string, unknown> }

export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const form = Object.fromEntries(await request.formData())
    const intent = String(form.intent ?? '')
    const ctx = auditContextFrom(request, user.id)
    const db = getDb()
    // One intent, one schema, one use case.
    const run = async <S extends z.ZodTypeAny>(schema: S, use: (input: z.infer<S>) => Promise<unknown>) => {
      const parsed = schema.safeParse(form)
      if (!parsed.success) return data<Result>({ intent, ok: false, code: 'validation_failed', fields: fieldErrors(parsed.error) }, { status: 422 })
      try {
        await use(parsed.data)
        return data<Result>({ intent, ok: true })
      } catch (error) {
        if (isAppError(error) && error.status < 500) {
          const { fields, ...values } = error.details ?? {}
          return data<Result>({ intent, ok: false, code: error.code, fields: (fields ?? {}) as Record<string, string>, values }, { status: error.status })
        }
        throw error
      }
    }
    switch (intent) {
      case 'save-event':
        return run(eventFormSchema, (f) => saveEvent(db, { eventId, form: f }, ctx))
      case 'publish':
      case 'unpublish':
        return run(z.object({}), () => setEventStatus(db, eventId, intent === 'publish' ? 'PUBLISHED' : 'DRAFT', ctx))
      case 'add-forum':
        return run(forumFormSchema, (f) => addForum(db, eventId, f, ctx))
      case 'add-session':
        return run(sessionFormSchema, (f) => addSession(db, eventId, f, ctx))
      case 'add-venue':
        return run(venueFormSchema, (f) => addVenue(db, eventId, f, ctx))
      case 'add-ticket':
        return run(ticketTypeFormSchema, (f) => addTicketType(db, eventId, f, ctx))
      case 'decide':
        return run(decisionSchema, (f) => decideRegistration(db, { eventId, ...f }, ctx))
      default:
        return data<Result>({ intent, ok: false, code: 'bad_request' }, { status: 400 })
    }
  })
}

export default function StaffEvent() {
  const { event, counts, registrationsByStatus } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as Result | undefined
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const tz = event.timeZone
  const errorsFor = (intent: string) => (result?.intent === intent ? (result.fields ?? {}) : {})
  const feedback = (intent: string) =>
    result?.intent === intent ? (
      result.ok ? (
        <p className="toast" role="status">
          {t('staff.saved')}
        </p>
      ) : (
        <FormError code={result.code} values={{ ...result.values, title: localized(locale, String(result.values?.titleZh ?? ''), String(result.values?.titleEn ?? '')) }} />
      )
    ) : null
  return (
    <section className="page staff">
      <h1>{localized(locale, event.titleZh, event.titleEn)}</h1>
      <p>
        <span className="badge" data-testid="event-status">
          {t(`staff.status.${event.status}`)}
        </span>{' '}
        <Link to={`/events/${event.slug}`}>{t('staff.viewPublic')}</Link>
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value={event.status === 'PUBLISHED' ? 'unpublish' : 'publish'} />
        <button type="submit">{t(event.status === 'PUBLISHED' ? 'staff.unpublish' : 'staff.publish')}</button>
      </Form>

      <h2>{t('staff.registrations')}</h2>
      <p data-testid="registration-counts">
        {Object.entries(registrationsByStatus)
          .map(([status, n]) => `${t(`ticket.status.${status}`)} ${n}`)
          .join(' · ') || t('staff.none')}
      </p>
      <h3>{t('staff.approvals')}</h3>
      {event.registrations.length === 0 ? <p>{t('staff.none')}</p> : null}
      <ul>
        {event.registrations.map((r) => (
          <li key={r.id}>
            {r.user.realName} ({r.user.email}) · {localized(locale, r.ticketType.nameZh, r.ticketType.nameEn)}{' '}
            {(['approve', 'reject'] as const).map((d) => (
              <Form method="post" className="inline" key={d}>
                <input type="hidden" name="intent" value="decide" />
                <input type="hidden" name="registrationId" value={r.id} />
                <input type="hidden" name="decision" value={d} />
                <button type="submit" className={d === 'reject' ? 'secondary' : undefined}>
                  {t(`staff.${d}`)}
                </button>
              </Form>
            ))}
          </li>
        ))}
      </ul>
      {feedback('decide')}

      <h2>{t('staff.liveCounts')}</h2>
      <ul>
        {counts.map((c) => (
          <li key={c.id}>
            {localized(locale, c.nameZh, c.nameEn)}: {c.inside}
            {c.capacity ? ` / ${c.capacity}` : ''} · <Link to={`/checkin/${c.id}`}>{t('checkin.submit')}</Link>
          </li>
        ))}
      </ul>

      <h2>{t('staff.forums')}</h2>
      {event.forums.map((f) => (
        <details key={f.id} open>
          <summary>
            <span className="badge">{f.kind === 'MAIN' ? t('event.mainForum') : t('event.subForum')}</span> {localized(locale, f.titleZh, f.titleEn)}
          </summary>
          <ol className="sessions">
            {f.sessions.map((s) => (
              <li key={s.id} className="session">
                <time>
                  {formatTime(s.startsAt, tz)}–{formatTime(s.endsAt, tz)}
                </time>{' '}
                <span className="kind">{t(`sessionKind.${s.kind}`)}</span> {localized(locale, s.titleZh, s.titleEn)}
              </li>
            ))}
          </ol>
        </details>
      ))}
      <div className="staff-forms">
        <Form method="post" noValidate>
          <h3>{t('staff.addSession')}</h3>
          {feedback('add-session')}
          <input type="hidden" name="intent" value="add-session" />
          <SessionFields errors={errorsFor('add-session')} forums={event.forums.map((f) => [f.id, localized(locale, f.titleZh, f.titleEn)])} />
          <button type="submit">{t('staff.addSession')}</button>
        </Form>
        <Form method="post" noValidate>
          <h3>{t('staff.addForum')}</h3>
          {feedback('add-forum')}
          <input type="hidden" name="intent" value="add-forum" />
          <ForumFields errors={errorsFor('add-forum')} />
          <button type="submit">{t('staff.addForum')}</button>
        </Form>
        <Form method="post" noValidate>
          <h3>{t('staff.venues')}</h3>
          {feedback('add-venue')}
          <input type="hidden" name="intent" value="add-venue" />
          <VenueFields errors={errorsFor('add-venue')} />
          <button type="submit">{t('staff.addVenue')}</button>
        </Form>
        <Form method="post" noValidate>
          <h3>{t('staff.tickets')}</h3>
          <ul>
            {event.ticketTypes.map((tt) => (
              <li key={tt.id}>
                {localized(locale, tt.nameZh, tt.nameEn)} · {formatMoney(tt.priceNonMember, event.currency, locale)} · {tt.seatsTaken}/{tt.quota ?? '∞'}
              </li>
            ))}
          </ul>
          {feedback('add-ticket')}
          <input type="hidden" name="intent" value="add-ticket" />
          <TicketFields errors={errorsFor('add-ticket')} />
          <button type="submit">{t('staff.addTicket')}</button>
        </Form>
        <Form method="post" noValidate>
          <h3>{t('staff.save')}</h3>
          {feedback('save-event')}
          <input type="hidden" name="intent" value="save-event" />
          <EventFields
            errors={errorsFor('save-event')}
            defaults={{ slug: event.slug, titleZh: event.titleZh, titleEn: event.titleEn, summaryZh: event.summaryZh, summaryEn: event.summaryEn, timeZone: tz, startsAt: utcToZonedInput(event.startsAt, tz), endsAt: utcToZonedInput(event.endsAt, tz) }}
          />
          <button type="submit">{t('staff.save')}</button>
        </Form>
      </div>
    </section>
  )
}
