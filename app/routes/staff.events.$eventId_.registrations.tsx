import { randomBytes } from 'node:crypto'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { formatMoney } from '~/domain/money.ts'
import {
  DESK_COLUMNS,
  DESK_FAPIAO_FILTERS,
  DESK_PAYMENT_FILTERS,
  DESK_SORTS,
  DESK_STATUSES,
  DESK_TIERS,
  deskColumnKey,
  deskSearchParams,
  formatPhone,
  type DeskColumn,
  type DeskQuery,
} from '~/domain/registration-desk.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { idSchema } from '~/schemas/common.ts'
import { fieldErrors } from '~/schemas/auth.ts'
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
/** Statuses that hold a seat, so can move it to another ticket (app/domain/desk-actions.ts). */
const MOVABLE = new Set(['CONFIRMED', 'PENDING_APPROVAL', 'PENDING_PAYMENT'])
const paramsSchema = z.object({ eventId: idSchema })
/** The export's columns the table leaves out; its email cell carries the phone beneath it. */
const NOT_IN_TABLE = new Set<DeskColumn>(['registeredAt', 'registrationId', 'phone'])

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

type ActionReply = {
  ok: boolean
  intent?: string
  changed?: boolean
  pending?: boolean
  code?: string
  registrationId?: string
  /** Why a move was refused (app/domain/desk-actions.ts `TicketMoveProblem`). */
  problem?: string
  /** Field → translation key of what is wrong with it. */
  fields?: Record<string, string>
}

/**
 * Row actions: confirm, cancel, resend the confirmation, move to another ticket, refund (each
 * idempotent and audited). A form that names no known action or row is a 400; a bad note,
 * reference or ticket choice is a 422 naming the field.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const raw = Object.fromEntries(await request.formData())
    const form = deskActionSchema.safeParse(raw)
    if (!form.success) {
      const fields = fieldErrors(form.error)
      const registrationId = typeof raw.registrationId === 'string' ? raw.registrationId : undefined
      if (Object.keys(fields).some((f) => f === 'intent' || f === 'registrationId' || f === '_form')) return data<ActionReply>({ ok: false, code: 'bad_request' }, { status: 400 })
      return data<ActionReply>({ ok: false, code: 'validation_failed', intent: String(raw.intent), registrationId, fields }, { status: 422 })
    }
    return actionResult(
      async (): Promise<ActionReply> => {
        const result = await runStaffRegistrationAction(getDb(), eventId, form.data, user.id, auditContextFrom(request, user.id))
        return { ok: true, intent: result.intent, changed: result.changed, pending: result.pending, registrationId: result.registrationId }
      },
      (error): ActionReply => ({
        ok: false,
        code: error.code,
        intent: form.data.intent,
        registrationId: form.data.registrationId,
        problem: typeof error.details?.problem === 'string' ? error.details.problem : undefined,
        fields: (error.details?.fields ?? undefined) as Record<string, string> | undefined,
      }),
    )
  })
}

/** The words for an action's reply: the done message, or why it was refused. */
function replyText(t: (key: string) => string, reply: ActionReply): string {
  if (reply.ok) {
    if (!reply.changed) return t(reply.pending ? 'deskRows.done.refundPending' : 'desk.done.unchanged')
    if (reply.intent === 'move') return t('deskRows.done.move')
    if (reply.intent === 'refund') return t(reply.pending ? 'deskRows.done.refundPending' : 'deskRows.done.refund')
    return t(`desk.done.${reply.intent}`)
  }
  if (reply.problem) return t(`deskRows.moveProblem.${reply.problem}`)
  const fieldMessages = Object.values(reply.fields ?? {})
  if (fieldMessages.length > 0) return fieldMessages.map((key) => t(key)).join(' ')
  return t(`errors.${reply.code ?? 'bad_request'}`)
}

export default function RegistrationDesk() {
  const { event, tickets, currency, total, paging, rows, institutions, query, resendNonce } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>() as ActionReply | undefined
  const { t } = useTranslation()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const q = query as DeskQuery
  const href = (overrides: Partial<DeskQuery>) => `?${deskSearchParams(q, overrides).toString()}`
  const exportQuery = deskSearchParams(q, { page: 1 }).toString()
  const yesNo = (v: boolean | undefined) => (v === undefined ? '' : v ? 'yes' : 'no')
  const progressText = (kind: 'exam' | 'survey', state: string, done: number, total: number) =>
    total > 1 && done < total ? `${t(`deskRows.${kind}.${state}`)} (${done}/${total})` : t(`deskRows.${kind}.${state}`)
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
          {replyText(t, reply)}
        </p>
      ) : null}
      <Form method="get" className="desk-filters">
        <input type="search" name="q" defaultValue={q.q ?? ''} placeholder={t('deskRows.search')} aria-label={t('deskRows.search')} maxLength={100} />{' '}
        <label>
          {t('deskRows.filters.institution')}{' '}
          <input name="institution" list="desk-institutions" defaultValue={q.institution ?? ''} placeholder={t('deskRows.filters.institutionAny')} maxLength={200} autoComplete="off" />
        </label>
        <datalist id="desk-institutions">
          {institutions.map((i) => (
            <option key={i.name} value={i.name} label={t('deskRows.filters.institutionCount', { count: i.registrations })} />
          ))}
        </datalist>{' '}
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
                {DESK_COLUMNS.filter((c) => !NOT_IN_TABLE.has(c)).map((c) => (
                  <th key={c} scope="col" title={c === 'minutes' ? t('deskRows.minutesHint') : undefined}>
                    {t(c === 'email' ? 'deskRows.columns.contact' : deskColumnKey(c))}
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
                  <td data-column="contact">
                    <span data-column="email">{r.email}</span>
                    {r.phone ? (
                      <>
                        <br />
                        <span data-column="phone">{formatPhone(r.phone)}</span>
                      </>
                    ) : null}
                  </td>
                  <td>{localized(locale, r.ticketZh, r.ticketEn)}</td>
                  <td>{t(`desk.tier.${r.tier}`)}</td>
                  <td>{t(`desk.status.${r.status}`)}</td>
                  <td>{t(`desk.payment.${r.payment}`)}</td>
                  <td>{t(r.checkedIn ? 'desk.yes' : 'desk.no')}</td>
                  <td>{t(r.certificate ? 'desk.yes' : 'desk.no')}</td>
                  <td data-column="minutes">{r.minutes}</td>
                  <td data-column="exam">{progressText('exam', r.exam.state, r.exam.passed, r.exam.total)}</td>
                  <td data-column="survey">{progressText('survey', r.survey.state, r.survey.completed, r.survey.total)}</td>
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
                    {MOVABLE.has(r.status) && tickets.length > 1 ? (
                      <details className="desk-row-action" data-testid="desk-move">
                        <summary>{t('deskRows.move.summary')}</summary>
                        <Form method="post">
                          <input type="hidden" name="registrationId" value={r.id} />
                          <label>
                            {t('deskRows.move.ticket')}{' '}
                            <select name="ticketTypeId" required defaultValue="">
                              <option value="" disabled>
                                {t('deskRows.move.choose')}
                              </option>
                              {tickets
                                .filter((tt) => tt.id !== r.ticketId)
                                .map((tt) => (
                                  <option key={tt.id} value={tt.id}>
                                    {t('deskRows.move.price', { ticket: localized(locale, tt.nameZh, tt.nameEn), price: formatMoney(tt.priceNow[r.tier], currency, locale) })}
                                    {tt.seatsLeft === null ? '' : ` · ${t('deskRows.move.seatsLeft', { count: tt.seatsLeft })}`}
                                  </option>
                                ))}
                            </select>
                          </label>{' '}
                          <label>
                            {t('deskRows.move.note')} <input name="note" maxLength={500} />
                          </label>{' '}
                          <button type="submit" name="intent" value="move">
                            {t('deskRows.move.submit')}
                          </button>
                        </Form>
                      </details>
                    ) : null}
                    {r.refundMethod ? (
                      <details className="desk-row-action" data-testid="desk-refund">
                        <summary>{t('deskRows.refund.summary')}</summary>
                        <Form
                          method="post"
                          onSubmit={(e) => {
                            if (!window.confirm(t('deskRows.refund.confirm'))) e.preventDefault()
                          }}
                        >
                          <input type="hidden" name="registrationId" value={r.id} />
                          <p className="muted">{t(`deskRows.refund.${r.refundMethod}`)}</p>
                          {r.refundMethod === 'transfer' ? (
                            <label>
                              {t('deskRows.refund.reference')} <input name="reference" required maxLength={100} />
                            </label>
                          ) : null}{' '}
                          <button type="submit" name="intent" value="refund" className="secondary">
                            {t('deskRows.refund.submit')}
                          </button>
                        </Form>
                      </details>
                    ) : null}{' '}
                    <Link to={`/staff/events/${event.id}/registrations/${r.id}`}>{t('deskRows.evidenceLink')}</Link>
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
