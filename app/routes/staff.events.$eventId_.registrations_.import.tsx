import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { StaffEventNav } from '~/components/staff-event-nav.tsx'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { IMPORT_LIMITS, type ImportPlan, type PlannedRow } from '~/domain/registration-import.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { idSchema } from '~/schemas/common.ts'
import { registrationImportActionSchema } from '~/schemas/registration-import.ts'
import { INVITED_ACCOUNT_LINK_TTL_MS, unusablePasswordHash } from '~/services/accounts/create-invited-account.server.ts'
import { importRegistrations, type ImportResult } from '~/services/registration/import-registrations.server.ts'
import { getImportEvent, previewRegistrationImport } from '~/services/registration/preview-registration-import.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { actionResult, handle, parseParams } from '~/utils/route.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('导入报名名单', 'Import registrations')
const paramsSchema = z.object({ eventId: idSchema })
/** The preview lists every bad row, but only this many rows of the full table (a 5,000-row page helps nobody). */
const PREVIEW_ROWS = 300

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    return { event: await getImportEvent(getDb(), eventId) }
  })
}

type PreviewReply = {
  contentHash: string
  fileName: string | null
  summary: ImportPlan['summary']
  fits: boolean
  tickets: { name: { zh: string; en: string }; adding: number; available: number | null; over: number }[]
  bad: Extract<PlannedRow, { kind: 'bad' }>[]
  rows: { line: number; name: string; kind: PlannedRow['kind']; detail: string | null; ticket: { zh: string; en: string } | null }[]
  adding: number
  payment: { paidRows: number; transferOffered: boolean; holdDays: number | null }
}
type Reply = { ok: boolean; intent: string; code?: string; problem?: string; preview?: PreviewReply; imported?: ImportResult }

/** Multipart (the list): this path's body limit is BODY_LIMITS.registrationImport. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const raw = Object.fromEntries(await request.formData())
    const intent = String(raw.intent ?? '')
    const parsed = registrationImportActionSchema.safeParse(raw)
    if (!parsed.success) return data<Reply>({ ok: false, intent, code: 'validation_failed' }, { status: 422 })
    const db = getDb()
    const failed = (error: { code: string; details?: Record<string, unknown> }): Reply => ({ ok: false, intent, code: error.code, problem: error.details?.problem as string | undefined })
    const input = parsed.data
    if (input.intent === 'preview') {
      const bytes = new Uint8Array(await input.list.arrayBuffer())
      const fileName = input.list instanceof File ? input.list.name : null
      return actionResult(async (): Promise<Reply> => {
        const preview = await previewRegistrationImport(db, { eventId, bytes, fileName, userId: user.id })
        const names = new Map(preview.tickets.map((t) => [t.id, { zh: t.nameZh, en: t.nameEn }]))
        const { plan } = preview
        return {
          ok: true,
          intent,
          preview: {
            contentHash: preview.contentHash,
            fileName: preview.fileName,
            summary: plan.summary,
            fits: plan.fits,
            tickets: plan.tickets.map((t) => ({ name: names.get(t.ticketId)!, adding: t.adding, available: t.available, over: t.over })),
            bad: plan.rows.filter((r): r is Extract<PlannedRow, { kind: 'bad' }> => r.kind === 'bad'),
            adding: plan.summary.new + plan.summary.existing,
            payment: preview.payment,
            rows: plan.rows.slice(0, PREVIEW_ROWS).map((r) => ({
              line: r.line,
              name: r.name,
              kind: r.kind,
              detail: r.kind === 'bad' ? r.reason : r.kind === 'duplicate' ? String(r.firstLine) : r.kind === 'existing' ? r.matchedBy : null,
              ticket: r.kind === 'new' || r.kind === 'existing' ? (names.get(r.ticketId) ?? null) : null,
            })),
          },
        }
      }, failed)
    }
    return actionResult(async (): Promise<Reply> => {
      const accounts = { passwordHash: await unusablePasswordHash(), linkTtlMs: INVITED_ACCOUNT_LINK_TTL_MS }
      const imported = await importRegistrations(
        db,
        { eventId, contentHash: input.contentHash, paidByTransfer: input.paidByTransfer, payerName: input.payerName },
        accounts,
        auditContextFrom(request, user.id),
      )
      return { ok: true, intent, imported }
    }, failed)
  })
}

function Preview({ preview, locale }: { preview: PreviewReply; locale: string }) {
  const { t } = useTranslation()
  const name = (n: { zh: string; en: string }) => localized(locale === 'en' ? 'en' : 'zh-CN', n.zh, n.en)
  const outcome = (r: PreviewReply['rows'][number]) => {
    switch (r.kind) {
      case 'bad':
        return t('deskImport.outcome.bad', { reason: t(`deskImport.reason.${r.detail}`) })
      case 'duplicate':
        return t('deskImport.outcome.duplicate', { line: r.detail })
      case 'existing':
        return t(`deskImport.outcome.existing_${r.detail}`)
      default:
        return t(`deskImport.outcome.${r.kind}`)
    }
  }
  return (
    <div data-testid="import-preview">
      <p data-testid="import-summary">{t('deskImport.summary', preview.summary)}</p>
      {preview.tickets.map((tk) =>
        tk.over > 0 ? (
          <p key={tk.name.zh} className="error" data-testid="import-over-capacity">
            {t('deskImport.overCapacity', { ticket: name(tk.name), available: tk.available, adding: tk.adding, over: tk.over })}
          </p>
        ) : (
          <p key={tk.name.zh}>{t('deskImport.capacity', { ticket: name(tk.name), adding: tk.adding, left: tk.available === null ? '' : t('deskImport.capacityLeft', { available: tk.available }) })}</p>
        ),
      )}
      {preview.bad.length > 0 ? (
        <>
          <h2>{t('deskImport.badHeading')}</h2>
          <ul data-testid="import-bad-rows">
            {preview.bad.map((r) => (
              <li key={r.line} data-line={r.line}>
                {t('deskImport.badLine', { line: r.line, reason: t(`deskImport.reason.${r.reason}`) })}
                {r.name ? ` · ${r.name}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {preview.payment.paidRows > 0 ? (
        <p data-testid="import-paid-rows" className={preview.payment.transferOffered ? undefined : 'error'}>
          {t('deskImport.paidRows', { count: preview.payment.paidRows })}{' '}
          {preview.payment.transferOffered ? t('deskImport.awaitingTransfer', { days: preview.payment.holdDays }) : t('deskImport.noTransfer')}
        </p>
      ) : null}
      {preview.adding > 0 && preview.fits ? (
        <Form method="post" encType="multipart/form-data" data-testid="import-confirm-form">
          <input type="hidden" name="intent" value="import" />
          <input type="hidden" name="contentHash" value={preview.contentHash} />
          <p>
            <label>
              {/* Without an account to pay into, paid rows cannot wait for a transfer: the box is required (the server refuses too). */}
              <input type="checkbox" name="paidByTransfer" required={preview.payment.paidRows > 0 && !preview.payment.transferOffered} /> {t('deskImport.paidByTransfer')}
            </label>
          </p>
          <p>
            <label>
              {t('deskImport.payer')} <input type="text" name="payerName" maxLength={100} />
            </label>
          </p>
          <button type="submit" data-testid="import-confirm">
            {t('deskImport.confirm', { count: preview.adding })}
          </button>
        </Form>
      ) : preview.fits ? (
        <p data-testid="import-nothing">{t('deskImport.nothingToImport')}</p>
      ) : null}
      <h2>{t('deskImport.rowsHeading')}</h2>
      {preview.rows.length < preview.summary.total ? <p className="muted">{t('deskImport.shownFirst', { count: preview.rows.length })}</p> : null}
      <div className="table-scroll">
        <table data-testid="import-rows">
          <thead>
            <tr>
              {(['line', 'name', 'ticket', 'outcome'] as const).map((c) => (
                <th key={c} scope="col">
                  {t(`deskImport.columns.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r) => (
              <tr key={r.line} data-kind={r.kind}>
                <td>{r.line}</td>
                <td>{r.name}</td>
                <td>{r.ticket ? name(r.ticket) : ''}</td>
                <td>{outcome(r)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}

export default function RegistrationImport() {
  const { event } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>() as Reply | undefined
  const navigation = useNavigation()
  const { t } = useTranslation()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const busy = navigation.state !== 'idle'
  return (
    <section className="page staff">
      <StaffEventNav eventId={event.id} />
      <p>
        <Link to={`/staff/events/${event.id}/registrations`}>{t('deskImport.back')}</Link>
      </p>
      <h1>{t('deskImport.title', { event: localized(locale, event.titleZh, event.titleEn) })}</h1>
      {reply && !reply.ok ? (
        <p role="alert" className="error" data-testid="import-error">
          {reply.code === 'import_unreadable' && reply.problem
            ? t(`deskImport.problem.${reply.problem}`, { rows: IMPORT_LIMITS.rows })
            : reply.code === 'transfer_not_offered'
              ? t('deskImport.noTransfer')
              : t(`errors.${reply.code ?? 'bad_request'}`)}
        </p>
      ) : null}
      {reply?.ok && reply.imported ? (
        <p role="status" className="notice" data-testid="import-done">
          {reply.imported.registered === 0
            ? t('deskImport.doneNothing')
            : t('deskImport.done', {
                created: reply.imported.created,
                registered: reply.imported.registered,
                paid: reply.imported.paidByTransfer > 0 ? t('deskImport.donePaid', { count: reply.imported.paidByTransfer }) : '',
                awaiting: reply.imported.awaitingTransfer > 0 ? t('deskImport.doneAwaiting', { count: reply.imported.awaitingTransfer }) : '',
              })}
        </p>
      ) : null}
      <p className="muted">{t('deskImport.hint', { rows: IMPORT_LIMITS.rows })}</p>
      <Form method="post" encType="multipart/form-data" data-testid="import-form">
        <input type="hidden" name="intent" value="preview" />
        <label htmlFor="f-list">{t('deskImport.file')}</label>{' '}
        <input id="f-list" name="list" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />{' '}
        <button type="submit" disabled={busy} data-testid="import-preview-button">
          {t('deskImport.preview')}
        </button>
      </Form>
      {reply?.ok && reply.preview ? <Preview preview={reply.preview} locale={locale} /> : null}
    </section>
  )
}
