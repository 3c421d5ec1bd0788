import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { FieldScope } from '~/components/form-field.tsx'
import { AddForm, EditItem, RemoveForm, useStaffFeedback } from '~/components/staff-event-items.tsx'
import { StaffEventNav } from '~/components/staff-event-nav.tsx'
import { VenueFields } from '~/components/staff-forms.tsx'
import { localized } from '~/domain/locale.ts'
import type { StaffIntentResult } from '~/domain/staff-sections.ts'
import { idSchema } from '~/schemas/common.ts'
import { removeVenueSchema, venueEditSchema, venueFormSchema } from '~/schemas/staff.ts'
import { addVenue } from '~/services/events/add-venue.server.ts'
import { getStaffEvent } from '~/services/events/get-staff-event.server.ts'
import { removeVenue } from '~/services/events/remove-venue.server.ts'
import { updateVenue } from '~/services/events/update-venue.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'
import { readStaffIntent } from '~/utils/staff-intent.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('会场', 'Venues')
const paramsSchema = z.object({ eventId: idSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const { event, counts } = await getStaffEvent(getDb(), eventId)
    return { event, inside: Object.fromEntries(counts.map((c) => [c.id, c.inside])) as Record<string, number> }
  })
}

/** Venues: add, edit and remove, each audited by its use case. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const { intent, run, unknown } = await readStaffIntent(request)
    const ctx = auditContextFrom(request, user.id)
    const db = getDb()
    switch (intent) {
      case 'add-venue':
        return run(venueFormSchema, (f) => addVenue(db, eventId, f, ctx))
      case 'save-venue':
        return run(venueEditSchema, (f) => updateVenue(db, eventId, f.venueId, f, ctx))
      case 'remove-venue':
        return run(removeVenueSchema, (f) => removeVenue(db, eventId, f.venueId, ctx))
      default:
        return unknown()
    }
  })
}

export default function StaffEventVenues() {
  const { event, inside } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as StaffIntentResult | undefined
  const { t } = useTranslation()
  const { feedback, errorsFor, locale } = useStaffFeedback(result)
  const forumOptions = event.forums.map((f) => [f.id, localized(locale, f.titleZh, f.titleEn)] as [string, string])
  return (
    <section className="page staff">
      <StaffEventNav eventId={event.id} />
      <h1>{t('staffSections.pageTitle', { section: t('staffSections.nav.venues'), event: localized(locale, event.titleZh, event.titleEn) })}</h1>
      <p className="meta">{t('staffSections.venues.intro')}</p>
      <h2>{t('staffSections.venues.list')}</h2>
      {event.venues.length === 0 ? <p>{t('staff.none')}</p> : null}
      <ul data-testid="venues">
        {event.venues.map((v) => (
          <li key={v.id} data-venue={v.id}>
            {localized(locale, v.nameZh, v.nameEn)}
            {v.city ? ` · ${v.city}` : ''} · {inside[v.id] ?? 0}
            {v.capacity ? ` / ${v.capacity}` : ''}
            {v.coordinator ? ` · ${v.coordinator.realName}` : ''} · <Link to={`/checkin/${v.id}`}>{t('checkin.submit')}</Link>{' '}
            {(inside[v.id] ?? 0) === 0 ? <RemoveForm intent="remove-venue" field="venueId" value={v.id} name={localized(locale, v.nameZh, v.nameEn)} /> : null}
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
                forums={forumOptions}
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
      {feedback('remove-venue')}
      {feedback('save-venue')}
      <div className="staff-forms">
        <AddForm intent="add-venue" result={result}>
          <h2>{t('staff.venues')}</h2>
          {feedback('add-venue')}
          <input type="hidden" name="intent" value="add-venue" />
          <FieldScope name="venue">
            <VenueFields errors={errorsFor('add-venue')} forums={forumOptions} />
          </FieldScope>
          <button type="submit">{t('staff.addVenue')}</button>
        </AddForm>
      </div>
    </section>
  )
}
