import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useFetcher, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useEffect, useRef, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { FieldScope, FormError } from '~/components/form-field.tsx'
import { EventFields, ForumFields, OrganisationFields, SessionFields, SettingsFields, TicketFields, VenueFields } from '~/components/staff-forms.tsx'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { formatMoney } from '~/domain/money.ts'
import { formatPeopleLines } from '~/domain/people.ts'
import { formatTime, utcToZonedInput } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { fieldErrors } from '~/schemas/auth.ts'
import { idSchema } from '~/schemas/common.ts'
import {
  decisionSchema,
  eventFormSchema,
  eventSettingsSchema,
  forumFormSchema,
  organisationFormSchema,
  forumEditSchema,
  removeForumSchema,
  removeSessionSchema,
  removeTicketTypeSchema,
  removeVenueSchema,
  sessionFormSchema,
  ticketTypeFormSchema,
  venueFormSchema,
} from '~/schemas/staff.ts'
import { addForum } from '~/services/events/add-forum.server.ts'
import { addOrganisation } from '~/services/events/add-organisation.server.ts'
import { addSession } from '~/services/events/add-session.server.ts'
import { addTicketType } from '~/services/events/add-ticket-type.server.ts'
import { addVenue } from '~/services/events/add-venue.server.ts'
import { decideRegistration } from '~/services/registration/decide-registration.server.ts'
import { getStaffEvent } from '~/services/events/get-staff-event.server.ts'
import { removeForum } from '~/services/events/remove-forum.server.ts'
import { removeSession } from '~/services/events/remove-session.server.ts'
import { removeTicketType } from '~/services/events/remove-ticket-type.server.ts'
import { removeVenue } from '~/services/events/remove-venue.server.ts'
import { updateForum } from '~/services/events/update-forum.server.ts'
import { saveEventSettings } from '~/services/events/save-event-settings.server.ts'
import { formatQuestionLines } from '~/domain/question-lines.ts'
import { registrationQuestionsSchema } from '~/domain/registration.ts'
import { saveEvent, setEventStatus } from '~/services/events/save-event.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { actionResult, handle, parseParams } from '~/utils/route.server.ts'

export const meta: MetaFunction = () => [{ title: '活动管理 · Event management' }]
const paramsSchema = z.object({
  eventId: idSchema,
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    return getStaffEvent(getDb(), eventId)
  })
}

type Result = {
  intent: string
  /** The forum an edit form was for, so its errors show next to that form. */
  forumId?: string
  ok: boolean
  code?: string
  fields?: Record<string, string>
  values?: Record<string, unknown>
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const form = Object.fromEntries(await request.formData())
    const intent = String(form.intent ?? '')
    const forumId = intent === 'save-forum' && typeof form.forumId === 'string' ? form.forumId : undefined
    const ctx = auditContextFrom(request, user.id)
    const db = getDb()
    // One intent, one schema, one use case.
    const run = async <S extends z.ZodTypeAny>(schema: S, use: (input: z.infer<S>) => Promise<unknown>) => {
      const parsed = schema.safeParse(form)
      if (!parsed.success)
        return data<Result>(
          {
            intent,
            forumId,
            ok: false,
            code: 'validation_failed',
            fields: fieldErrors(parsed.error),
          },
          { status: 422 },
        )
      return actionResult(
        async () => {
          await use(parsed.data)
          return data<Result>({ intent, ok: true })
        },
        (error): Result => {
          const { fields, ...values } = error.details ?? {}
          return { intent, forumId, ok: false, code: error.code, fields: (fields ?? {}) as Record<string, string>, values }
        },
      )
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
      case 'save-settings':
        return run(eventSettingsSchema, (f) => saveEventSettings(db, eventId, f, ctx))
      case 'remove-session':
        return run(removeSessionSchema, (f) => removeSession(db, eventId, f.sessionId, ctx))
      case 'save-forum':
        return run(forumEditSchema, (f) => updateForum(db, eventId, f.forumId, f, ctx))
      case 'remove-forum':
        return run(removeForumSchema, (f) => removeForum(db, eventId, f.forumId, ctx))
      case 'remove-venue':
        return run(removeVenueSchema, (f) => removeVenue(db, eventId, f.venueId, ctx))
      case 'remove-ticket':
        return run(removeTicketTypeSchema, (f) => removeTicketType(db, eventId, f.ticketTypeId, ctx))
      case 'add-organisation':
        return run(organisationFormSchema, (f) => addOrganisation(db, eventId, f, ctx))
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
  const { event, counts, registrationsByStatus, participation } = useLoaderData<typeof loader>()
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
        <FormError
          code={result.code}
          values={{
            ...result.values,
            title: localized(locale, String(result.values?.titleZh ?? ''), String(result.values?.titleEn ?? '')),
          }}
        />
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
        {' · '}
        <Link to={`/staff/events/${event.id}/exams`}>{t('exam.assessments')}</Link>
        {' · '}
        <Link to={`/staff/events/${event.id}/credits`}>{t('credits.staff.title')}</Link>
        {' · '}
        <Link to={`/staff/events/${event.id}/registrations`}>{t('desk.link')}</Link>
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
      <LiveCounts eventId={event.id} initial={counts} coordinators={Object.fromEntries(event.venues.map((v) => [v.id, v.coordinator]))} />
      {feedback('remove-venue')}

      <h2>{t('staff.organisations')}</h2>
      {event.organisations.length === 0 ? <p>{t('staff.none')}</p> : null}
      <ul data-testid="organisations">
        {event.organisations.map((o) => (
          <li key={o.id}>
            {t(`orgRole.${o.role}`)}：{localized(locale, o.organisation.nameZh, o.organisation.nameEn)}
            {o.forumId ? ` · ${localized(locale, event.forums.find((f) => f.id === o.forumId)?.titleZh ?? '', event.forums.find((f) => f.id === o.forumId)?.titleEn ?? '')}` : ''}
          </li>
        ))}
      </ul>

      <h2>{t('staff.forums')}</h2>
      <p className="meta" data-testid="participation">
        {t('analytics.participation', { cumulative: participation.cumulative, distinct: participation.distinctPeople })}
      </p>
      {feedback('remove-session')}
      {feedback('remove-forum')}
      {feedback('save-forum')}
      {event.forums.map((f) => (
        <details key={f.id} open data-testid={`staff-forum-${f.slug}`}>
          <summary>
            <span className="badge">{f.kind === 'MAIN' ? t('event.mainForum') : t('event.subForum')}</span> {localized(locale, f.titleZh, f.titleEn)} ·{' '}
            <Link to={`/staff/forums/${f.id}/attendance`}>
              {t('analytics.title')}
              {participation.perForum[f.id] ? ` (${participation.perForum[f.id]})` : ''}
            </Link>
          </summary>
          <RemoveForm intent="remove-forum" field="forumId" value={f.id} name={localized(locale, f.titleZh, f.titleEn)} />
          <details className="edit-forum" open={result?.intent === 'save-forum' && !result.ok && result.forumId === f.id}>
            <summary>{t('staff.editForum')}</summary>
            <Form method="post" noValidate aria-label={`${t('staff.editForum')} ${localized(locale, f.titleZh, f.titleEn)}`}>
              <input type="hidden" name="intent" value="save-forum" />
              <input type="hidden" name="forumId" value={f.id} />
              <FieldScope name={`forum-${f.id}`}>
                <ForumFields
                  errors={result?.forumId === f.id ? errorsFor('save-forum') : {}}
                  defaults={{
                    kind: f.kind,
                    slug: f.slug,
                    titleZh: f.titleZh,
                    titleEn: f.titleEn,
                    startsAt: utcToZonedInput(new Date(f.startsAt), tz),
                    endsAt: utcToZonedInput(new Date(f.endsAt), tz),
                    chairs: formatPeopleLines(f.hosts.filter((h) => h.role === 'CHAIR').map((h) => h.speaker)),
                    guestChairs: formatPeopleLines(f.hosts.filter((h) => h.role === 'GUEST_CHAIR').map((h) => h.speaker)),
                    moderators: f.moderators.map((m) => m.user.email).join('\n'),
                  }}
                />
              </FieldScope>
              <button type="submit">{t('staff.saveForum')}</button>
            </Form>
          </details>
          {f.hosts.length ? (
            <p className="meta">
              {(['CHAIR', 'GUEST_CHAIR'] as const)
                .map((role) => [role, f.hosts.filter((h) => h.role === role)] as const)
                .filter(([, hosts]) => hosts.length)
                .map(([role, hosts]) => `${t(role === 'CHAIR' ? 'staff.chairs' : 'staff.guestChairs')}：${hosts.map((h) => localized(locale, h.speaker.nameZh, h.speaker.nameEn)).join('、')}`)
                .join(' · ')}
            </p>
          ) : null}
          {f.moderators.length ? (
            <p className="meta">
              {t('staff.moderators')}：{f.moderators.map((m) => `${m.user.realName} <${m.user.email}>`).join('、')}
            </p>
          ) : null}
          <ol className="sessions">
            {f.sessions.map((s) => (
              <li key={s.id} className="session">
                <time>
                  {formatTime(s.startsAt, tz)}–{formatTime(s.endsAt, tz)}
                </time>{' '}
                <span className="kind">{t(`sessionKind.${s.kind}`)}</span> {localized(locale, s.titleZh, s.titleEn)}
                {s.speakers.length ? <span className="meta"> · {s.speakers.map((x) => localized(locale, x.speaker.nameZh, x.speaker.nameEn)).join('、')}</span> : null}{' '}
                <RemoveForm intent="remove-session" field="sessionId" value={s.id} name={localized(locale, s.titleZh, s.titleEn)} confirmText={t('staff.removeConfirm')} />
              </li>
            ))}
          </ol>
        </details>
      ))}
      <div className="staff-forms">
        <AddForm intent="add-session" result={result}>
          <h3>{t('staff.addSession')}</h3>
          {feedback('add-session')}
          <input type="hidden" name="intent" value="add-session" />
          <FieldScope name="session">
            <SessionFields errors={errorsFor('add-session')} forums={event.forums.map((f) => [f.id, localized(locale, f.titleZh, f.titleEn)])} />
          </FieldScope>
          <button type="submit">{t('staff.addSession')}</button>
        </AddForm>
        <AddForm intent="add-forum" result={result}>
          <h3>{t('staff.addForum')}</h3>
          {feedback('add-forum')}
          <input type="hidden" name="intent" value="add-forum" />
          <FieldScope name="forum">
            <ForumFields errors={errorsFor('add-forum')} />
          </FieldScope>
          <button type="submit">{t('staff.addForum')}</button>
        </AddForm>
        <AddForm intent="add-organisation" result={result}>
          <h3>{t('staff.addOrganisation')}</h3>
          {feedback('add-organisation')}
          <input type="hidden" name="intent" value="add-organisation" />
          <FieldScope name="organisation">
            <OrganisationFields errors={errorsFor('add-organisation')} forums={event.forums.map((f) => [f.id, localized(locale, f.titleZh, f.titleEn)])} />
          </FieldScope>
          <button type="submit">{t('staff.addOrganisation')}</button>
        </AddForm>
        <AddForm intent="add-venue" result={result}>
          <h3>{t('staff.venues')}</h3>
          {feedback('add-venue')}
          <input type="hidden" name="intent" value="add-venue" />
          <FieldScope name="venue">
            <VenueFields errors={errorsFor('add-venue')} forums={event.forums.map((f) => [f.id, localized(locale, f.titleZh, f.titleEn)])} />
          </FieldScope>
          <button type="submit">{t('staff.addVenue')}</button>
        </AddForm>
        <div>
          <ul data-testid="ticket-types">
            {event.ticketTypes.map((tt) => (
              <li key={tt.id}>
                {localized(locale, tt.nameZh, tt.nameEn)} · {formatMoney(tt.priceNonMember, event.currency, locale)} · {tt.seatsTaken}/{tt.quota ?? '∞'}{' '}
                <RemoveForm intent="remove-ticket" field="ticketTypeId" value={tt.id} name={localized(locale, tt.nameZh, tt.nameEn)} />
              </li>
            ))}
          </ul>
          {feedback('remove-ticket')}
        </div>
        <AddForm intent="add-ticket" result={result}>
          <h3>{t('staff.tickets')}</h3>
          {feedback('add-ticket')}
          <input type="hidden" name="intent" value="add-ticket" />
          <FieldScope name="ticket">
            <TicketFields errors={errorsFor('add-ticket')} />
          </FieldScope>
          <button type="submit">{t('staff.addTicket')}</button>
        </AddForm>
        <Form method="post" noValidate>
          <h3>{t('staff.settings')}</h3>
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
        <Form method="post" noValidate>
          <h3>{t('staff.save')}</h3>
          {feedback('save-event')}
          <input type="hidden" name="intent" value="save-event" />
          <FieldScope name="event">
            <EventFields
              errors={errorsFor('save-event')}
              defaults={{
                slug: event.slug,
                titleZh: event.titleZh,
                titleEn: event.titleEn,
                summaryZh: event.summaryZh,
                summaryEn: event.summaryEn,
                timeZone: tz,
                startsAt: utcToZonedInput(event.startsAt, tz),
                endsAt: utcToZonedInput(event.endsAt, tz),
              }}
            />
          </FieldScope>
          <button type="submit">{t('staff.save')}</button>
        </Form>
      </div>
    </section>
  )
}

type VenueCount = {
  id: string
  nameZh: string
  nameEn: string
  capacity: number | null
  inside: number
}

/** Head counts per venue, refreshed every 10 s while the page is visible. */
function LiveCounts({ eventId, initial, coordinators }: { eventId: string; initial: VenueCount[]; coordinators: Record<string, { email: string; realName: string } | null> }) {
  const { t } = useTranslation()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const fetcher = useFetcher<{ counts: VenueCount[] }>()
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible' && fetcher.state === 'idle') fetcher.load(`/staff/events/${eventId}/counts`)
    }, 10_000)
    return () => clearInterval(timer)
  }, [eventId, fetcher])
  const counts = fetcher.data?.counts ?? initial
  if (counts.length === 0) return <p>{t('staff.none')}</p>
  return (
    <ul aria-live="polite" data-testid="venue-counts">
      {counts.map((c) => (
        <li key={c.id} data-venue={c.id} data-inside={c.inside}>
          {localized(locale, c.nameZh, c.nameEn)}: {c.inside}
          {c.capacity ? ` / ${c.capacity}` : ''}
          {coordinators[c.id] ? ` · ${coordinators[c.id]!.realName}` : ''} · <Link to={`/checkin/${c.id}`}>{t('checkin.submit')}</Link>{' '}
          {c.inside === 0 ? <RemoveForm intent="remove-venue" field="venueId" value={c.id} name={localized(locale, c.nameZh, c.nameEn)} /> : null}
        </li>
      ))}
    </ul>
  )
}

/** A one-button form that removes an item after the browser's confirm dialog. */
function RemoveForm({ intent, field, value, name, confirmText }: { intent: string; field: string; value: string; name: string; confirmText?: string }) {
  const { t } = useTranslation()
  return (
    <Form method="post" className="inline" onSubmit={(e) => (confirm(confirmText ?? t('staff.removeItemConfirm', { name })) ? undefined : e.preventDefault())}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name={field} value={value} />
      <button type="submit" className="secondary small" aria-label={`${t('staff.remove')} ${name}`}>
        {t('staff.remove')}
      </button>
    </Form>
  )
}

/** An "add" form that empties itself once its item was added, ready for the next one. */
function AddForm({ intent, result, children }: { intent: string; result: Result | undefined; children: ReactNode }) {
  const ref = useRef<HTMLFormElement>(null)
  useEffect(() => {
    if (result?.ok && result.intent === intent) ref.current?.reset()
  }, [result, intent])
  return (
    <Form method="post" noValidate ref={ref}>
      {children}
    </Form>
  )
}
