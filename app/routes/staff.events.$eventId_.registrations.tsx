import { randomBytes } from 'node:crypto'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { DESK_FAPIAO_FILTERS, DESK_PAYMENT_FILTERS, DESK_SORTS, DESK_STATUSES, DESK_TIERS, deskSearchParams, type DeskQuery } from '~/domain/registration-desk.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { idSchema } from '~/schemas/common.ts'
import { deskActionSchema } from '~/schemas/registration-desk.ts'
import { deskQueryFromUrl, listEventRegistrations } from '~/services/registration/list-event-registrations.server.ts'
import { runStaffRegistrationAction } from '~/services/registration/staff-registration-action.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { actionResult, handle, parseParams } from '~/utils/route.server.ts'
import { StaffEventNav } from '~/components/staff-event-nav.tsx'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('报名名单', 'Registrations')
const paramsSchema = z.object({ eventId: idSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const query = deskQueryFromUrl(request.url)
    const listing = await listEventRegistrations(getDb(), eventId, query)
    // One nonce per page load: a double-submitted resend sends once; the next load allows another.
    return { ...listing, query, resendNonce: randomBytes(12).toString('base64url') }
  })
}

type ActionReply = { ok: boolean; intent?: string; changed?: boolean; code?: string; registrationId?: string }

/** Row actions: confirm, cancel, resend the confirmation (each idempotent and audited). */
export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const form = deskActionSchema.safeParse(Object.fromEntries(await request.formData()))
    if (!form.success) return data<ActionReply>({ ok: false, code: 'bad_request' }, { status: 400 })
    return actionResult(
      async (): Promise<ActionReply> => {
        const result = await runStaffRegistrationAction(getDb(), eventId, form.data, user.id, auditContextFrom(request, user.id))
        return { ok: true, intent: result.intent, changed: result.changed, registrationId: result.registrationId }
      },
      (error): ActionReply => ({ ok: false, code: error.code, registrationId: form.data.registrationId }),
    )
  })
}

export default function RegistrationDesk() {
  const { event, tickets, total, paging, rows, query, resendNonce } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>() as ActionReply | undefined
  const { t } = useTranslation()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const q = query as DeskQuery
  const href = (overrides: Partial<DeskQuery>) => `?${deskSearchParams(q, overrides).toString()}`
  const exportQuery = deskSearchParams(q, { page: 1 }).toString()
  const yesNo = (v: boolean | undefined) => (v === undefined ? '' : v ? 'yes' : 'no')
  return (
    <section className="page staff">
      <StaffEventNav eventId={event.id} />
      <p>
        <Link to={`/staff/events/${event.id}`}>{t('desk.back')}</Link>
      </p>
      <h1>
        {t('desk.title')} · {localized(locale, event.titleZh, event.titleEn)}
      </h1>
      {reply ? (
        <p role="status" className={reply.ok ? 'notice' : 'error'} data-testid="desk-reply">
          {reply.ok ? t(reply.changed ? `desk.done.${reply.intent}` : 'desk.done.unchanged') : t(`errors.${reply.code ?? 'bad_request'}`)}
        </p>
      ) : null}
      <Form method="get" className="desk-filters">
        <input type="search" name="q" defaultValue={q.q ?? ''} placeholder={t('desk.search')} aria-label={t('desk.search')} maxLength={100} />
        <label>
          {t('desk.filters.status')}{' '}
          <select name="status" defaultValue={q.status ?? ''}>
            <option value="">{t('desk.any')}</option>
            {DESK_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`desk.status.${s}`)}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('desk.filters.ticket')}{' '}
          <select name="ticket" defaultValue={q.ticket ?? ''}>
            <option value="">{t('desk.any')}</option>
            {tickets.map((tt) => (
              <option key={tt.id} value={tt.id}>
                {localized(locale, tt.nameZh, tt.nameEn)}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('desk.filters.tier')}{' '}
          <select name="tier" defaultValue={q.tier ?? ''}>
            <option value="">{t('desk.any')}</option>
            {DESK_TIERS.map((s) => (
              <option key={s} value={s}>
                {t(`desk.tier.${s}`)}
              </option>
            ))}
          </select>
        </label>{' '}
        {(['checkedIn', 'certificate'] as const).map((name) => (
          <label key={name}>
            {t(`desk.filters.${name}`)}{' '}
            <select name={name} defaultValue={yesNo(q[name])}>
              <option value="">{t('desk.any')}</option>
              <option value="yes">{t('desk.yes')}</option>
              <option value="no">{t('desk.no')}</option>
            </select>{' '}
          </label>
        ))}
        <label>
          {t('desk.filters.payment')}{' '}
          <select name="payment" defaultValue={q.payment ?? ''}>
            <option value="">{t('desk.any')}</option>
            {DESK_PAYMENT_FILTERS.map((p) => (
              <option key={p} value={p}>
                {t(`desk.payment.${p}`)}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('desk.filters.fapiao')}{' '}
          <select name="fapiao" defaultValue={q.fapiao ?? ''}>
            <option value="">{t('desk.any')}</option>
            {DESK_FAPIAO_FILTERS.map((f) => (
              <option key={f} value={f}>
                {t(`payments.fapiao.state.${f}`)}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('desk.sortBy')}{' '}
          <select name="sort" defaultValue={q.sort}>
            {DESK_SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`desk.sort.${s}`)}
              </option>
            ))}
          </select>
        </label>{' '}
        <select name="dir" defaultValue={q.dir} aria-label={t('desk.sortBy')}>
          <option value="asc">{t('desk.dir.asc')}</option>
          <option value="desc">{t('desk.dir.desc')}</option>
        </select>{' '}
        <button type="submit">{t('desk.filter')}</button> <Link to="?">{t('desk.reset')}</Link>
      </Form>
      <p>
        <span data-testid="desk-total">{t('desk.total', { count: total })}</span> ·{' '}
        <a href={`/staff/events/${event.id}/registrations.csv?${exportQuery}`} download>
          {t('desk.exportCsv')}
        </a>{' '}
        ·{' '}
        <a href={`/staff/events/${event.id}/registrations.xlsx?${exportQuery}`} download>
          {t('desk.exportXlsx')}
        </a>{' '}
        · <Link to={`/staff/events/${event.id}/registrations/import`}>{t('deskImport.link')}</Link>
        {total > 0 ? (
          <>
            {' '}
            · <Link to={`/staff/events/${event.id}/messages?${exportQuery}`}>{t('deskMessages.link', { count: total })}</Link>
          </>
        ) : null}
      </p>
      {rows.length === 0 ? (
        <p>{t('desk.empty')}</p>
      ) : (
        <div className="table-scroll">
          <table data-testid="desk-table">
            <thead>
              <tr>
                {(['realName', 'institution', 'title', 'email', 'ticket', 'tier', 'status', 'payment', 'checkedIn', 'certificate', 'fapiao'] as const).map((c) => (
                  <th key={c} scope="col">
                    {t(`desk.columns.${c}`)}
                  </th>
                ))}
                <th scope="col">{t('desk.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-registration-id={r.id}>
                  <td>{r.realName}</td>
                  <td>{r.institution ?? ''}</td>
                  <td>{r.title ?? ''}</td>
                  <td>{r.email}</td>
                  <td>{localized(locale, r.ticketZh, r.ticketEn)}</td>
                  <td>{t(`desk.tier.${r.tier}`)}</td>
                  <td>{t(`desk.status.${r.status}`)}</td>
                  <td>{t(`desk.payment.${r.payment}`)}</td>
                  <td>{t(r.checkedIn ? 'desk.yes' : 'desk.no')}</td>
                  <td>{t(r.certificate ? 'desk.yes' : 'desk.no')}</td>
                  <td>{t(`payments.fapiao.state.${r.fapiao}`)}</td>
                  <td>
                    {r.status === 'PENDING_APPROVAL' ? (
                      <Form method="post" style={{ display: 'inline' }}>
                        <input type="hidden" name="registrationId" value={r.id} />
                        <button type="submit" name="intent" value="confirm">
                          {t('desk.confirm')}
                        </button>
                      </Form>
                    ) : null}
                    {r.status === 'CONFIRMED' ? (
                      <Form method="post" style={{ display: 'inline' }}>
                        <input type="hidden" name="registrationId" value={r.id} />
                        <input type="hidden" name="nonce" value={resendNonce} />
                        <button type="submit" name="intent" value="resend">
                          {t('desk.resend')}
                        </button>
                      </Form>
                    ) : null}
                    {r.status !== 'CANCELLED' && r.status !== 'REJECTED' ? (
                      <Form
                        method="post"
                        style={{ display: 'inline' }}
                        onSubmit={(e) => {
                          if (!window.confirm(t('desk.cancelConfirm'))) e.preventDefault()
                        }}
                      >
                        <input type="hidden" name="registrationId" value={r.id} />
                        <button type="submit" name="intent" value="cancel" className="secondary">
                          {t('desk.cancel')}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label={t('desk.page', { page: paging.page, pages: paging.pages })}>
        {paging.hasPrevious ? <Link to={href({ page: paging.page - 1 })}>{t('desk.previous')}</Link> : null} <span>{t('desk.page', { page: paging.page, pages: paging.pages })}</span>{' '}
        {paging.hasNext ? <Link to={href({ page: paging.page + 1 })}>{t('desk.next')}</Link> : null}
      </nav>
    </section>
  )
}
