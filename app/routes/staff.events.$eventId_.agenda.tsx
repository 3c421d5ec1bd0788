import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { FieldScope } from '~/components/form-field.tsx'
import { AddForm, EditItem, RemoveForm, useStaffFeedback } from '~/components/staff-event-items.tsx'
import { StaffEventNav } from '~/components/staff-event-nav.tsx'
import { ForumFields, SessionFields } from '~/components/staff-forms.tsx'
import { joinList, labelled, localized } from '~/domain/locale.ts'
import { formatPeopleLines } from '~/domain/people.ts'
import type { StaffIntentResult } from '~/domain/staff-sections.ts'
import { formatTime, utcToZonedInput } from '~/domain/time.ts'
import { idSchema } from '~/schemas/common.ts'
import { forumEditSchema, forumFormSchema, removeForumSchema, removeSessionSchema, sessionEditSchema, sessionFormSchema } from '~/schemas/staff.ts'
import { addForum } from '~/services/events/add-forum.server.ts'
import { addSession } from '~/services/events/add-session.server.ts'
import { getStaffEvent } from '~/services/events/get-staff-event.server.ts'
import { removeForum } from '~/services/events/remove-forum.server.ts'
import { removeSession } from '~/services/events/remove-session.server.ts'
import { updateForum } from '~/services/events/update-forum.server.ts'
import { updateSession } from '~/services/events/update-session.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'
import { readStaffIntent } from '~/utils/staff-intent.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('议程', 'Agenda')
const paramsSchema = z.object({ eventId: idSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const { event, participation, expectedByForum } = await getStaffEvent(getDb(), eventId)
    return { event, participation, expectedByForum }
  })
}

/** Forums and their agenda items: add, edit and remove, each audited by its use case. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const { intent, run, unknown } = await readStaffIntent(request)
    const ctx = auditContextFrom(request, user.id)
    const db = getDb()
    switch (intent) {
      case 'add-forum':
        return run(forumFormSchema, (f) => addForum(db, eventId, f, ctx))
      case 'save-forum':
        return run(forumEditSchema, (f) => updateForum(db, eventId, f.forumId, f, ctx))
      case 'remove-forum':
        return run(removeForumSchema, (f) => removeForum(db, eventId, f.forumId, ctx))
      case 'add-session':
        return run(sessionFormSchema, (f) => addSession(db, eventId, f, ctx))
      case 'save-session':
        return run(sessionEditSchema, (f) => updateSession(db, eventId, f.sessionId, f, ctx))
      case 'remove-session':
        return run(removeSessionSchema, (f) => removeSession(db, eventId, f.sessionId, ctx))
      default:
        return unknown()
    }
  })
}

export default function StaffEventAgenda() {
  const { event, participation, expectedByForum } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as StaffIntentResult | undefined
  const { t } = useTranslation()
  const { feedback, errorsFor, locale } = useStaffFeedback(result)
  const tz = event.timeZone
  const forumOptions = event.forums.map((f) => [f.id, localized(locale, f.titleZh, f.titleEn)] as [string, string])
  return (
    <section className="page staff">
      <StaffEventNav eventId={event.id} />
      <h1>{t('staffSections.pageTitle', { section: t('staffSections.nav.agenda'), event: localized(locale, event.titleZh, event.titleEn) })}</h1>
      <p className="meta">{t('staffSections.agenda.intro', { zone: tz })}</p>
      <p className="meta" data-testid="participation">
        {t('analytics.participation', { cumulative: participation.cumulative, distinct: participation.distinctPeople })}
      </p>
      {feedback('remove-session')}
      {feedback('save-session')}
      {feedback('remove-forum')}
      {feedback('save-forum')}
      {event.forums.length === 0 ? <p>{t('staff.none')}</p> : null}
      {event.forums.map((f) => (
        <details key={f.id} open data-testid={`staff-forum-${f.slug}`}>
          <summary>
            <span className="badge">{f.kind === 'MAIN' ? t('event.mainForum') : t('event.subForum')}</span> {localized(locale, f.titleZh, f.titleEn)}
            {localized(locale, f.roomZh, f.roomEn) ? <span data-testid={`room-${f.slug}`}> · {localized(locale, f.roomZh, f.roomEn)}</span> : null} ·{' '}
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
                    roomZh: f.roomZh,
                    roomEn: f.roomEn,
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
                    forums={forumOptions}
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
          <h2>{t('staff.addSession')}</h2>
          {feedback('add-session')}
          <input type="hidden" name="intent" value="add-session" />
          <FieldScope name="session">
            <SessionFields errors={errorsFor('add-session')} forums={forumOptions} />
          </FieldScope>
          <button type="submit">{t('staff.addSession')}</button>
        </AddForm>
        <AddForm intent="add-forum" result={result}>
          <h2>{t('staff.addForum')}</h2>
          {feedback('add-forum')}
          <input type="hidden" name="intent" value="add-forum" />
          <FieldScope name="forum">
            <ForumFields errors={errorsFor('add-forum')} />
          </FieldScope>
          <button type="submit">{t('staff.addForum')}</button>
        </AddForm>
      </div>
    </section>
  )
}
