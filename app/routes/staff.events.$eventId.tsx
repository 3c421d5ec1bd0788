import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useFetcher, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useEffect, useRef, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { FieldScope, FormError } from '~/components/form-field.tsx'
import { EventFields, ForumFields, OrganisationFields, SessionFields, SettingsFields, TicketFields, VenueFields } from '~/components/staff-forms.tsx'
import { DEFAULT_LOCALE, joinList, labelled, localized } from '~/domain/locale.ts'
import { formatMoney } from '~/domain/money.ts'
import { formatPeopleLines } from '~/domain/people.ts'
import { formatTime, utcToZonedInput } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { fieldErrors } from '~/schemas/auth.ts'
import { idSchema } from '~/schemas/common.ts'
import {
  decisionSchema,
  eventFormSchema,
  automaticMailsSchema,
  eventSettingsSchema,
  forumFormSchema,
  organisationFormSchema,
  forumEditSchema,
  removeForumSchema,
  removeSessionSchema,
  removeTicketTypeSchema,
  removeVenueSchema,
  closeTicketTypeSchema,
  sessionEditSchema,
  sessionFormSchema,
  ticketTypeEditSchema,
  ticketTypeFormSchema,
  venueEditSchema,
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
import { closeTicketType } from '~/services/events/close-ticket-type.server.ts'
import { updateSession } from '~/services/events/update-session.server.ts'
import { updateTicketType } from '~/services/events/update-ticket-type.server.ts'
import { updateVenue } from '~/services/events/update-venue.server.ts'
import { saveAutomaticMails } from '~/services/events/save-automatic-mails.server.ts'
import { saveEventSettings } from '~/services/events/save-event-settings.server.ts'
import { lifecycleModeSchema, setEventLifecycle } from '~/services/events/set-event-lifecycle.server.ts'
import { eventLifecycle } from '~/domain/event-lifecycle.ts'
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
    // loadedAt: "sales closed" is judged at load time, the same on the server and in the browser.
    const staffEvent = await getStaffEvent(getDb(), eventId)
    const now = new Date()
    return { ...staffEvent, lifecycle: eventLifecycle(staffEvent.event, now), loadedAt: now.toISOString() }
  })
}

type Result = {
  intent: string
  /** The forum an edit form was for, so its errors show next to that form. */
  forumId?: string
  /** The agenda item, ticket type or venue an edit form was for. */
  itemId?: string
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
    const itemField = { 'save-session': 'sessionId', 'save-ticket': 'ticketTypeId', 'save-venue': 'venueId' }[intent]
    const itemId = itemField && typeof form[itemField] === 'string' ? String(form[itemField]) : undefined
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
            itemId,
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
          return { intent, forumId, itemId, ok: false, code: error.code, fields: (fields ?? {}) as Record<string, string>, values }
        },
      )
    }
    switch (intent) {
      case 'save-event':
        return run(eventFormSchema, (f) => saveEvent(db, { eventId, form: f }, ctx))
      case 'publish':
      case 'unpublish':
        return run(z.object({}), () => setEventStatus(db, eventId, intent === 'publish' ? 'PUBLISHED' : 'DRAFT', ctx))
      case 'set-lifecycle':
        return run(lifecycleModeSchema, (f) => setEventLifecycle(db, eventId, f.mode, ctx))
      case 'add-forum':
        return run(forumFormSchema, (f) => addForum(db, eventId, f, ctx))
      case 'add-session':
        return run(sessionFormSchema, (f) => addSession(db, eventId, f, ctx))
      case 'save-settings':
        return run(eventSettingsSchema, (f) => saveEventSettings(db, eventId, f, ctx))
      case 'save-mails':
        return run(automaticMailsSchema, (f) => saveAutomaticMails(db, eventId, f, ctx))
      case 'save-session':
        return run(sessionEditSchema, (f) => updateSession(db, eventId, f.sessionId, f, ctx))
      case 'save-ticket':
        return run(ticketTypeEditSchema, (f) => updateTicketType(db, eventId, f.ticketTypeId, f, ctx))
      case 'close-ticket':
        return run(closeTicketTypeSchema, (f) => closeTicketType(db, eventId, f.ticketTypeId, new Date(), ctx))
      case 'save-venue':
        return run(venueEditSchema, (f) => updateVenue(db, eventId, f.venueId, f, ctx))
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
  const { event, lifecycle, counts, registrationsByStatus, participation, expectedByForum, loadedAt } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as Result | undefined
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const tz = event.timeZone
  const errorsFor = (intent: string) => (result?.intent === intent ? (result.fields ?? {}) : {})
  // An edit form's failure shows inside that form (inline), not at the top of its list.
  const feedback = (intent: string, inline = false) =>
    result?.intent === intent && (result.ok || !result.itemId || inline) ? (
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
        <Link to={`/staff/events/${event.id}/certificate-artwork`}>{t('certificateArtwork.link')}</Link>
        {' · '}
        <Link to={`/staff/events/${event.id}/registrations`}>{t('desk.link')}</Link>
        {' · '}
        <Link to={`/staff/events/${event.id}/payments`}>{t('payments.link')}</Link>
      </p>
      <Form method="post" onSubmit={(e) => (event.status !== 'PUBLISHED' || confirm(t('staff.unpublishConfirm')) ? undefined : e.preventDefault())}>
        <input type="hidden" name="intent" value={event.status === 'PUBLISHED' ? 'unpublish' : 'publish'} />
        {event.status === 'PUBLISHED' ? (
          <>
            <button type="submit" className="secondary" aria-describedby="unpublish-effect">
              {t('staff.unpublish')}
            </button>{' '}
            <small id="unpublish-effect" className="meta">
              {t('staff.unpublishEffect')}
            </small>
          </>
        ) : (
          <button type="submit">{t('staff.publish')}</button>
        )}
      </Form>
      {event.status !== 'DRAFT' ? (
        <Form method="post" className="inline-form" data-testid="lifecycle-form">
          <input type="hidden" name="intent" value="set-lifecycle" />
          <span data-testid="lifecycle">
            {t('staff.lifecycle.now')} <strong>{t(`events.${lifecycle === 'draft' ? 'upcoming' : lifecycle}`)}</strong>
          </span>{' '}
          <label>
            {t('staff.lifecycle.mode')}{' '}
            <select name="mode" defaultValue={event.status === 'ARCHIVED' ? 'ARCHIVED' : (event.lifecycleOverride ?? 'auto')}>
              {(['auto', 'OPEN', 'ENDED', 'ARCHIVED'] as const).map((m) => (
                <option key={m} value={m}>
                  {t(`staff.lifecycle.modes.${m}`)}
                </option>
              ))}
            </select>
          </label>{' '}
          <button type="submit" className="secondary">
            {t('staff.lifecycle.save')}
          </button>
          {feedback('set-lifecycle')}
        </Form>
      ) : null}

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
            {labelled(locale, t(`orgRole.${o.role}`), localized(locale, o.organisation.nameZh, o.organisation.nameEn))}
            {o.forumId ? ` · ${localized(locale, event.forums.find((f) => f.id === o.forumId)?.titleZh ?? '', event.forums.find((f) => f.id === o.forumId)?.titleEn ?? '')}` : ''}
          </li>
        ))}
      </ul>

      <h2>{t('staff.forums')}</h2>
      <p className="meta" data-testid="participation">
        {t('analytics.participation', { cumulative: participation.cumulative, distinct: participation.distinctPeople })}
      </p>
      {feedback('remove-session')}
      {feedback('save-session')}
      {feedback('remove-forum')}
      {feedback('save-forum')}
      {event.forums.map((f) => (
        <details key={f.id} open data-testid={`staff-forum-${f.slug}`}>
          <summary>
            <span className="badge">{f.kind === 'MAIN' ? t('event.mainForum') : t('event.subForum')}</span> {localized(locale, f.titleZh, f.titleEn)} ·{' '}
            <Link to={`/staff/forums/${f.id}/attendance`}>
              {t('analytics.title')}
              {participation.perForum[f.id] ? ` (${participation.perForum[f.id]})` : ''}
            </Link>{' '}
            · <Link to={`/staff/events/${event.id}/forums/${f.id}/times`}>{t('forumTimes.title')}</Link> · <Link to={`/staff/forums/${f.id}/replay`}>{t('replay.staff.link')}</Link> ·{' '}
            <span data-testid={`expected-${f.slug}`}>{t('myAgenda.expected', { count: expectedByForum[f.id] ?? 0 })}</span>
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
                .map(([role, hosts]) =>
                  labelled(
                    locale,
                    t(role === 'CHAIR' ? 'staff.chairs' : 'staff.guestChairs'),
                    joinList(
                      locale,
                      hosts.map((h) => localized(locale, h.speaker.nameZh, h.speaker.nameEn)),
                    ),
                  ),
                )
                .join(' · ')}
            </p>
          ) : null}
          {f.moderators.length ? (
            <p className="meta">
              {labelled(
                locale,
                t('staff.moderators'),
                joinList(
                  locale,
                  f.moderators.map((m) => `${m.user.realName} <${m.user.email}>`),
                ),
              )}
            </p>
          ) : null}
          <ol className="sessions">
            {f.sessions.map((s) => (
              <li key={s.id} className="session">
                <time>
                  {formatTime(s.startsAt, tz)}–{formatTime(s.endsAt, tz)}
                </time>{' '}
                <span className="kind">{t(`sessionKind.${s.kind}`)}</span> {localized(locale, s.titleZh, s.titleEn)}
                {s.speakers.length ? (
                  <span className="meta">
                    {' '}
                    ·{' '}
                    {joinList(
                      locale,
                      s.speakers.map((x) => localized(locale, x.speaker.nameZh, x.speaker.nameEn)),
                    )}
                  </span>
                ) : null}{' '}
                <RemoveForm intent="remove-session" field="sessionId" value={s.id} name={localized(locale, s.titleZh, s.titleEn)} confirmText={t('staff.removeConfirm')} />
                <EditItem
                  intent="save-session"
                  error={feedback('save-session', true)}
                  itemField="sessionId"
                  itemId={s.id}
                  result={result}
                  label={`${t('staff.editSession')} ${localized(locale, s.titleZh, s.titleEn)}`}
                >
                  <SessionFields
                    errors={result?.itemId === s.id ? errorsFor('save-session') : {}}
                    forums={event.forums.map((x) => [x.id, localized(locale, x.titleZh, x.titleEn)])}
                    defaults={{
                      forumId: f.id,
                      kind: s.kind,
                      titleZh: s.titleZh,
                      titleEn: s.titleEn,
                      startsAt: utcToZonedInput(new Date(s.startsAt), tz),
                      endsAt: utcToZonedInput(new Date(s.endsAt), tz),
                      speakers: formatPeopleLines(s.speakers.map((x) => x.speaker)),
                    }}
                  />
                </EditItem>
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
          <ul data-testid="venues">
            {event.venues.map((v) => (
              <li key={v.id}>
                {localized(locale, v.nameZh, v.nameEn)}
                {v.city ? ` · ${v.city}` : ''}
                <EditItem
                  intent="save-venue"
                  error={feedback('save-venue', true)}
                  itemField="venueId"
                  itemId={v.id}
                  result={result}
                  label={`${t('staff.editVenue')} ${localized(locale, v.nameZh, v.nameEn)}`}
                >
                  <VenueFields
                    errors={result?.itemId === v.id ? errorsFor('save-venue') : {}}
                    forums={event.forums.map((x) => [x.id, localized(locale, x.titleZh, x.titleEn)])}
                    defaults={{
                      kind: v.kind,
                      nameZh: v.nameZh,
                      nameEn: v.nameEn,
                      city: v.city,
                      capacity: v.capacity === null ? '' : String(v.capacity),
                      coordinatorEmail: v.coordinator?.email ?? '',
                      forumId: v.forumId ?? '',
                    }}
                  />
                </EditItem>
              </li>
            ))}
          </ul>
          {feedback('save-venue')}
        </div>
        <div>
          <ul data-testid="ticket-types">
            {event.ticketTypes.map((tt) => (
              <li key={tt.id}>
                {localized(locale, tt.nameZh, tt.nameEn)} · {formatMoney(tt.priceNonMember, event.currency, locale)} · {tt.seatsTaken}/{tt.quota ?? '∞'}
                {tt.salesEndAt && new Date(tt.salesEndAt) <= new Date(loadedAt) ? ` · ${t('staff.salesClosed')}` : ''}{' '}
                {tt._count.registrations === 0 ? (
                  <RemoveForm intent="remove-ticket" field="ticketTypeId" value={tt.id} name={localized(locale, tt.nameZh, tt.nameEn)} />
                ) : tt.salesEndAt && new Date(tt.salesEndAt) <= new Date(loadedAt) ? null : (
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
        <Form method="post" noValidate data-testid="automatic-mails">
          <h3>{t('staff.mails.title')}</h3>
          {feedback('save-mails')}
          <input type="hidden" name="intent" value="save-mails" />
          <fieldset className="field">
            <legend>{t('staff.mails.explain')}</legend>
            {(['mailForumReminders', 'mailCertificateIssued', 'mailReplayAvailable'] as const).map((name) => (
              <label className="choice" key={name}>
                <input type="checkbox" name={name} defaultChecked={event[name]} /> {t(`staff.mails.${name}`)}
              </label>
            ))}
          </fieldset>
          <button type="submit">{t('staff.mails.save')}</button>
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
function RemoveForm({ intent, field, value, name, confirmText, label }: { intent: string; field: string; value: string; name: string; confirmText?: string; label?: string }) {
  const { t } = useTranslation()
  return (
    <Form method="post" className="inline" onSubmit={(e) => (confirm(confirmText ?? t('staff.removeItemConfirm', { name })) ? undefined : e.preventDefault())}>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name={field} value={value} />
      <button type="submit" className="secondary small" aria-label={`${label ?? t('staff.remove')} ${name}`}>
        {label ?? t('staff.remove')}
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

/** An item's edit form, folded away until opened; it stays open when its save failed, showing why. */
function EditItem({
  intent,
  itemField,
  itemId,
  result,
  label,
  error,
  children,
}: {
  intent: string
  itemField: string
  itemId: string
  result: Result | undefined
  label: string
  error: ReactNode
  children: ReactNode
}) {
  const { t } = useTranslation()
  const failed = result?.intent === intent && !result.ok && result.itemId === itemId
  return (
    <details className="edit-item" open={failed}>
      <summary>{t('staff.edit')}</summary>
      <Form method="post" noValidate aria-label={label}>
        <input type="hidden" name="intent" value={intent} />
        <input type="hidden" name={itemField} value={itemId} />
        <FieldScope name={`${intent}-${itemId}`}>{children}</FieldScope>
        {failed ? error : null}
        <button type="submit">{t('staff.saveChanges')}</button>
      </Form>
    </details>
  )
}

type TicketRow = {
  nameZh: string
  nameEn: string
  priceMember: number
  priceNonMember: number
  priceStudent: number
  earlyBirdUntil: string | Date | null
  earlyBirdPriceMember: number | null
  earlyBirdPriceNonMember: number | null
  earlyBirdPriceStudent: number | null
  quota: number | null
  salesStartAt: string | Date | null
  salesEndAt: string | Date | null
  refundUntil: string | Date | null
  refundPercent: number
  requiresApproval: boolean
}

/** A ticket type as its edit form shows it: amounts in yuan, times in the event's zone. */
function ticketDefaults(tt: TicketRow, tz: string): Record<string, string> {
  const amount = (cents: number | null) => (cents === null ? '' : String(cents / 100))
  const time = (at: string | Date | null) => (at ? utcToZonedInput(new Date(at), tz) : '')
  return {
    nameZh: tt.nameZh,
    nameEn: tt.nameEn,
    priceMember: amount(tt.priceMember),
    priceNonMember: amount(tt.priceNonMember),
    priceStudent: amount(tt.priceStudent),
    earlyBirdUntil: time(tt.earlyBirdUntil),
    earlyBirdPriceMember: amount(tt.earlyBirdPriceMember),
    earlyBirdPriceNonMember: amount(tt.earlyBirdPriceNonMember),
    earlyBirdPriceStudent: amount(tt.earlyBirdPriceStudent),
    quota: tt.quota === null ? '' : String(tt.quota),
    salesStartAt: time(tt.salesStartAt),
    salesEndAt: time(tt.salesEndAt),
    refundUntil: time(tt.refundUntil),
    refundPercent: String(tt.refundPercent),
    requiresApproval: tt.requiresApproval ? 'on' : '',
  }
}
