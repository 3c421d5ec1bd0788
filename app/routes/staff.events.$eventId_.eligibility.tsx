import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { FormError } from '~/components/form-field.tsx'
import { StaffEventNav } from '~/components/staff-event-nav.tsx'
import type { BadMemberLine } from '~/domain/tier-eligibility.ts'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { formatMoney } from '~/domain/money.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { fieldErrors } from '~/schemas/auth.ts'
import { idSchema } from '~/schemas/common.ts'
import { eligibilityActionSchema } from '~/schemas/eligibility.ts'
import { decideTierEvidence } from '~/services/registration/decide-tier-evidence.server.ts'
import { getEligibilityDesk } from '~/services/registration/get-eligibility-desk.server.ts'
import { previewMemberList } from '~/services/registration/preview-member-list.server.ts'
import { replaceMemberList } from '~/services/registration/replace-member-list.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { actionResult, handle, parseParams } from '~/utils/route.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('资格审核', 'Eligibility')
const paramsSchema = z.object({ eventId: idSchema })

/** Staff: the event's member list (upload, preview, replace) and the queue of member and student evidence to decide. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    return getEligibilityDesk(getDb(), eventId)
  })
}

type Reply = {
  ok: boolean
  intent: string
  code?: string
  fields?: Record<string, string>
  preview?: { count: number; rows: string; bad: BadMemberLine[]; badCount: number }
  replaced?: number
  rechecked?: { approved: number; waiting: number }
  decided?: { changed: boolean }
}

/** Multipart (the member list): this path's body limit is BODY_LIMITS.memberList. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const raw = Object.fromEntries(await request.formData())
    const intent = String(raw.intent ?? '')
    const parsed = eligibilityActionSchema.safeParse(raw)
    if (!parsed.success) return data<Reply>({ ok: false, intent, code: 'validation_failed', fields: fieldErrors(parsed.error) }, { status: 422 })
    const db = getDb()
    const ctx = auditContextFrom(request, user.id)
    const input = parsed.data
    const failed = (error: { code: string }): Reply => ({ ok: false, intent, code: error.code })
    switch (input.intent) {
      case 'preview':
        return actionResult(async (): Promise<Reply> => {
          const preview = await previewMemberList(new Uint8Array(await input.members.arrayBuffer()))
          const rows = JSON.stringify(preview.members.map((m) => [m.number, m.name]))
          return { ok: true, intent, preview: { count: preview.members.length, rows, bad: preview.bad, badCount: preview.badCount } }
        }, failed)
      case 'replace':
        return actionResult(async (): Promise<Reply> => {
          const result = await replaceMemberList(db, eventId, input.members, ctx)
          return { ok: true, intent, replaced: result.count, rechecked: { approved: result.approved, waiting: result.waiting } }
        }, failed)
      default:
        return actionResult(async (): Promise<Reply> => {
          const result = await decideTierEvidence(db, { eventId, registrationId: input.registrationId, decision: input.intent }, ctx)
          return { ok: true, intent, decided: { changed: result.changed } }
        }, failed)
    }
  })
}

export default function EligibilityDesk() {
  const { event, memberCount, queue, waitingCount } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>() as Reply | undefined
  const { t } = useTranslation()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const busy = useNavigation().state !== 'idle'
  const money = (amount: number) => formatMoney(amount, event.currency, locale)
  return (
    <section className="page staff">
      <StaffEventNav eventId={event.id} />
      <p>
        <Link to={`/staff/events/${event.id}`}>{t('eligibility.back')}</Link> · <Link to={`/staff/events/${event.id}/payments`}>{t('payments.link')}</Link>
      </p>
      <h1>{t('eligibility.title', { event: localized(locale, event.titleZh, event.titleEn) })}</h1>
      {reply ? (
        <div role="status" data-testid="eligibility-reply" className={reply.ok ? 'notice' : 'error'}>
          {reply.ok ? (
            <p>
              {reply.replaced !== undefined ? t('eligibility.members.replaced', { count: reply.replaced }) : null}
              {reply.rechecked && reply.rechecked.approved + reply.rechecked.waiting > 0 ? ` ${t('eligibility.members.rechecked', reply.rechecked)}` : null}
              {reply.decided ? (reply.decided.changed ? t(`eligibility.queue.done.${reply.intent as 'approve' | 'reject' | 'convert'}`) : t('eligibility.queue.unchanged')) : null}
              {reply.preview ? t('eligibility.members.summary', { count: reply.preview.count, bad: reply.preview.badCount }) : null}
            </p>
          ) : (
            <FormError code={reply.code} />
          )}
        </div>
      ) : null}

      <h2>{t('eligibility.queue.legend')}</h2>
      {queue.length === 0 ? (
        <p className="muted" data-testid="queue-empty">
          {t('eligibility.queue.none')}
        </p>
      ) : (
        <table data-testid="evidence-queue">
          <thead>
            <tr>
              {(['person', 'tier', 'evidence', 'reason', 'status', 'actions'] as const).map((c) => (
                <th key={c}>{t(`eligibility.queue.columns.${c}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {queue.map((r) => (
              <tr key={r.id} data-registration={r.id} data-tier={r.tier}>
                <td>
                  {r.user.realName}
                  <div className="muted">{[r.user.institution, r.user.email].filter(Boolean).join(' · ')}</div>
                </td>
                <td>
                  {t(`register.tiers.${r.tier}`)} · {money(r.amount)}
                  <div className="muted">{localized(locale, r.ticketName.zh, r.ticketName.en)}</div>
                </td>
                <td>
                  {r.memberNumber ? <code>{r.memberNumber}</code> : null}
                  {r.studentCard ? (
                    <a href={`/staff/events/${event.id}/eligibility/cards/${r.id}`} target="_blank" rel="noreferrer" data-testid="card-link">
                      {t('eligibility.card.view')}
                    </a>
                  ) : null}
                </td>
                <td>{r.tierReviewReason ? t(`eligibility.queue.reasons.${r.tierReviewReason as 'no_list' | 'name_differs' | 'number_in_use'}`, { name: r.listedName ?? '—' }) : null}</td>
                <td>{t(`ticket.status.${r.status}`)}</td>
                <td>
                  <Form method="post" className="inline">
                    <input type="hidden" name="registrationId" value={r.id} />
                    <button type="submit" name="intent" value="approve" disabled={busy} data-testid="approve">
                      {t('eligibility.queue.approve')}
                    </button>{' '}
                    <button
                      type="submit"
                      name="intent"
                      value="convert"
                      className="secondary"
                      disabled={busy}
                      data-testid="convert"
                      onClick={(ev) => (confirm(t('eligibility.queue.convertConfirm', { amount: money(r.fullAmount) })) ? undefined : ev.preventDefault())}
                    >
                      {t('eligibility.queue.convert')}
                    </button>{' '}
                    <button
                      type="submit"
                      name="intent"
                      value="reject"
                      className="secondary"
                      disabled={busy}
                      data-testid="reject"
                      onClick={(ev) => (confirm(t('eligibility.queue.rejectConfirm')) ? undefined : ev.preventDefault())}
                    >
                      {t('eligibility.queue.reject')}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {waitingCount > queue.length ? <p className="muted">{`${queue.length} / ${waitingCount}`}</p> : null}

      <h2>{t('eligibility.members.legend')}</h2>
      <p data-testid="member-count">{memberCount > 0 ? t('eligibility.members.current', { count: memberCount }) : t('eligibility.members.none')}</p>
      <p className="muted">{t('eligibility.members.hint')}</p>
      <Form method="post" encType="multipart/form-data" data-testid="members-form">
        <input type="hidden" name="intent" value="preview" />
        <label htmlFor="f-members">{t('eligibility.members.file')}</label>{' '}
        <input id="f-members" name="members" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />{' '}
        <button type="submit" disabled={busy}>
          {t('eligibility.members.preview')}
        </button>
      </Form>
      {reply?.ok && reply.preview ? (
        <div data-testid="members-preview">
          {reply.preview.bad.length > 0 ? (
            <ul>
              {reply.preview.bad.map((b) => (
                <li key={b.line} className="error">
                  {t('eligibility.members.badLine', { line: b.line, reason: t(`eligibility.members.reasons.${b.reason}`) })}
                </li>
              ))}
            </ul>
          ) : null}
          {reply.preview.badCount > reply.preview.bad.length ? <p className="muted">{t('eligibility.members.moreBad', { count: reply.preview.badCount - reply.preview.bad.length })}</p> : null}
          <Form method="post" encType="multipart/form-data">
            <input type="hidden" name="intent" value="replace" />
            <input type="hidden" name="members" value={reply.preview.rows} />
            <button type="submit" disabled={busy} data-testid="members-replace">
              {t('eligibility.members.confirm', { count: reply.preview.count })}
            </button>
          </Form>
        </div>
      ) : null}
    </section>
  )
}
