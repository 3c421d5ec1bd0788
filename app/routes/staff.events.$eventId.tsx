import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { FieldScope } from '~/components/form-field.tsx'
import { AddForm, useStaffFeedback } from '~/components/staff-event-items.tsx'
import { StaffEventNav } from '~/components/staff-event-nav.tsx'
import { EventFields, OrganisationFields } from '~/components/staff-forms.tsx'
import { eventLifecycle } from '~/domain/event-lifecycle.ts'
import { labelled, localized } from '~/domain/locale.ts'
import type { StaffIntentResult } from '~/domain/staff-sections.ts'
import { utcToZonedInput } from '~/domain/time.ts'
import { idSchema } from '~/schemas/common.ts'
import { decisionSchema, eventFormSchema, organisationFormSchema, unpublishSchema } from '~/schemas/staff.ts'
import { addOrganisation } from '~/services/events/add-organisation.server.ts'
import { getStaffEvent } from '~/services/events/get-staff-event.server.ts'
import { saveEvent, setEventStatus } from '~/services/events/save-event.server.ts'
import { lifecycleModeSchema, setEventLifecycle } from '~/services/events/set-event-lifecycle.server.ts'
import { decideRegistration } from '~/services/registration/decide-registration.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'
import { readStaffIntent } from '~/utils/staff-intent.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('活动管理', 'Event management')
const paramsSchema = z.object({
  eventId: idSchema,
})

/** The overview: the event's details, publishing and lifecycle, counts, approvals and organisations. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const { event, registrationsByStatus, participation } = await getStaffEvent(getDb(), eventId)
    // ?confirm=unpublish is the unpublishing's confirmation step (a page of its own, without JS too).
    const confirmUnpublish = new URL(request.url).searchParams.get('confirm') === 'unpublish'
    return { event, registrationsByStatus, participation, lifecycle: eventLifecycle(event, new Date()), confirmUnpublish }
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const { intent, run, unknown } = await readStaffIntent(request)
    const ctx = auditContextFrom(request, user.id)
    const db = getDb()
    switch (intent) {
      case 'save-event':
        return run(eventFormSchema, (f) => saveEvent(db, { eventId, form: f }, ctx))
      case 'publish':
        return run(z.object({}), () => setEventStatus(db, eventId, 'PUBLISHED', ctx))
      case 'unpublish':
        // Only from the confirmation step, which says what attendees will see.
        return run(unpublishSchema, () => setEventStatus(db, eventId, 'DRAFT', ctx))
      case 'set-lifecycle':
        return run(lifecycleModeSchema, (f) => setEventLifecycle(db, eventId, f.mode, ctx))
      case 'decide':
        return run(decisionSchema, (f) => decideRegistration(db, { eventId, ...f }, ctx))
      case 'add-organisation':
        return run(organisationFormSchema, (f) => addOrganisation(db, eventId, f, ctx))
      default:
        return unknown()
    }
  })
}

export default function StaffEvent() {
  const { event, lifecycle, registrationsByStatus, participation, confirmUnpublish } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as StaffIntentResult | undefined
  const { t } = useTranslation()
  const { feedback, errorsFor, locale } = useStaffFeedback(result)
  const tz = event.timeZone
  const title = localized(locale, event.titleZh, event.titleEn)
  const registered = Object.entries(registrationsByStatus)
    .filter(([status]) => status !== 'CANCELLED' && status !== 'REJECTED')
    .reduce((sum, [, n]) => sum + n, 0)
  return (
    <section className="page staff">
      <StaffEventNav eventId={event.id} />
      <h1>{title}</h1>
      <p>
        <span className="badge" data-testid="event-status">
          {t(`staff.status.${event.status}`)}
        </span>{' '}
        {t('staffSections.overview.more')} <Link to={`/events/${event.slug}`}>{t('staff.viewPublic')}</Link>
        {' · '}
        <Link to={`/staff/events/${event.id}/certificate-artwork`}>{t('certificateArtwork.link')}</Link>
        {' · '}
        <Link to={`/staff/events/${event.id}/payments`}>{t('payments.link')}</Link>
      </p>

      <h2>{t('staffSections.overview.lifecycle')}</h2>
      {event.status === 'PUBLISHED' && confirmUnpublish ? (
        <section className="confirm-step" role="alertdialog" aria-labelledby="unpublish-title" aria-describedby="unpublish-what" data-testid="unpublish-confirm">
          <h3 id="unpublish-title">{t('staffSections.unpublish.title', { title })}</h3>
          <div id="unpublish-what">
            <p>{t('staffSections.unpublish.what')}</p>
            <ul>
              <li>{t('staffSections.unpublish.hidden')}</li>
              <li>{t('staffSections.unpublish.registered', { count: registered })}</li>
              <li>{t('staffSections.unpublish.kept')}</li>
            </ul>
          </div>
          <Form method="post" action={`/staff/events/${event.id}`} className="inline-form">
            <input type="hidden" name="intent" value="unpublish" />
            <input type="hidden" name="confirm" value="yes" />
            <button type="submit" className="secondary danger">
              {t('staffSections.unpublish.confirm')}
            </button>{' '}
            <Link to={`/staff/events/${event.id}`} className="button">
              {t('staffSections.unpublish.keep')}
            </Link>
          </Form>
        </section>
      ) : event.status === 'PUBLISHED' ? (
        // A plain GET to the confirmation step: nothing changes until it is confirmed there.
        <Form method="get" className="inline-form">
          <input type="hidden" name="confirm" value="unpublish" />
          <button type="submit" className="secondary" aria-describedby="unpublish-effect">
            {t('staff.unpublish')}
          </button>{' '}
          <small id="unpublish-effect" className="meta">
            {t('staff.unpublishEffect')}
          </small>
        </Form>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="publish" />
          <button type="submit">{t('staff.publish')}</button>
        </Form>
      )}
      {feedback('publish')}
      {feedback('unpublish')}
      {result?.intent === 'unpublish' && result.fields?.confirm ? (
        <p className="error" role="alert">
          {t(result.fields.confirm)}
        </p>
      ) : null}
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

      <h2>{t('staffSections.overview.counts')}</h2>
      <p data-testid="section-counts">
        {t('staffSections.overview.countsLine', {
          forums: event.forums.length,
          sessions: event.forums.reduce((sum, f) => sum + f.sessions.length, 0),
          tickets: event.ticketTypes.length,
          venues: event.venues.length,
        })}
      </p>
      <p data-testid="registration-counts">
        {Object.entries(registrationsByStatus)
          .map(([status, n]) => `${t(`ticket.status.${status}`)} ${n}`)
          .join(' · ') || t('staff.none')}
      </p>
      <p className="meta" data-testid="participation">
        {t('analytics.participation', { cumulative: participation.cumulative, distinct: participation.distinctPeople })}
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

      <h2>{t('staff.organisations')}</h2>
      {event.organisations.length === 0 ? <p>{t('staff.none')}</p> : null}
      <ul data-testid="organisations">
        {event.organisations.map((o) => {
          const forum = o.forumId ? event.forums.find((f) => f.id === o.forumId) : undefined
          return (
            <li key={o.id}>
              {labelled(locale, t(`orgRole.${o.role}`), localized(locale, o.organisation.nameZh, o.organisation.nameEn))}
              {forum ? ` · ${localized(locale, forum.titleZh, forum.titleEn)}` : ''}
            </li>
          )
        })}
      </ul>

      <div className="staff-forms">
        <AddForm intent="add-organisation" result={result}>
          <h3>{t('staff.addOrganisation')}</h3>
          {feedback('add-organisation')}
          <input type="hidden" name="intent" value="add-organisation" />
          <FieldScope name="organisation">
            <OrganisationFields errors={errorsFor('add-organisation')} forums={event.forums.map((f) => [f.id, localized(locale, f.titleZh, f.titleEn)])} />
          </FieldScope>
          <button type="submit">{t('staff.addOrganisation')}</button>
        </AddForm>
        <Form method="post" noValidate>
          <h3>{t('staffSections.overview.details')}</h3>
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
              topics={event.topics}
            />
          </FieldScope>
          <button type="submit">{t('staff.save')}</button>
        </Form>
      </div>
    </section>
  )
}
