import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { Field, FieldScope, FormError, translateFieldError } from '~/components/form-field.tsx'
import type { MatchedLine, StatementSummary } from '~/domain/bank-statement.ts'
import { formatDeadline } from '~/domain/bank-transfer.ts'
import { bracketed, DEFAULT_LOCALE, joinList, localized } from '~/domain/locale.ts'
import { formatMoney } from '~/domain/money.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { fieldErrors } from '~/schemas/auth.ts'
import { idSchema } from '~/schemas/common.ts'
import { bankAccountFormSchema, paymentsActionSchema } from '~/schemas/payments.ts'
import { confirmBankTransfer } from '~/services/registration/confirm-bank-transfer.server.ts'
import { confirmStatementMatches } from '~/services/registration/confirm-statement-matches.server.ts'
import { getPaymentsDesk } from '~/services/registration/get-payments-desk.server.ts'
import { groupBankTransfers } from '~/services/registration/group-bank-transfers.server.ts'
import { issueFapiao } from '~/services/registration/issue-fapiao.server.ts'
import { previewBankStatement } from '~/services/registration/preview-bank-statement.server.ts'
import { refundBankTransfer } from '~/services/registration/refund-bank-transfer.server.ts'
import { saveBankAccount } from '~/services/registration/save-bank-account.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { actionResult, handle, parseParams } from '~/utils/route.server.ts'
import { StaffEventNav } from '~/components/staff-event-nav.tsx'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('收款', 'Payments')
const paramsSchema = z.object({ eventId: idSchema })

/** Staff: the event's transfer account, its bank transfers (mark, group, import a statement) and fapiao requests. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    return getPaymentsDesk(getDb(), eventId)
  })
}

type Reply = {
  ok: boolean
  intent: string
  code?: string
  fields?: Record<string, string>
  preview?: { lines: MatchedLine[]; summary: StatementSummary; skippedOutgoing: number }
  confirmed?: { transfers: number; registrations: number }
  marked?: { changed: boolean; count: number }
  reference?: string
  requestId?: string
  refunded?: { registrationId: string; changed: boolean }
}

/** Multipart (a statement or a fapiao PDF): this path's body limit is BODY_LIMITS.paymentUpload. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const formData = await request.formData()
    const raw: Record<string, unknown> = { ...Object.fromEntries(formData), registrationIds: formData.getAll('registrationIds') }
    const parsed = paymentsActionSchema.safeParse(raw)
    const intent = String(raw.intent ?? '')
    if (!parsed.success) return data<Reply>({ ok: false, intent, code: 'validation_failed', fields: fieldErrors(parsed.error) }, { status: 422 })
    const db = getDb()
    const ctx = auditContextFrom(request, user.id)
    const input = parsed.data
    const failed = (error: { code: string; details?: Record<string, unknown> }): Reply => ({
      ok: false,
      intent,
      code: error.code,
      fields: (error.details?.fields ?? undefined) as Record<string, string> | undefined,
      requestId: input.intent === 'issue' ? input.requestId : input.intent === 'refund' ? input.registrationId : undefined,
    })
    switch (input.intent) {
      case 'account': {
        const account = bankAccountFormSchema.safeParse({ enabled: 'off', ...raw })
        if (!account.success) return data<Reply>({ ok: false, intent, code: 'validation_failed', fields: fieldErrors(account.error) }, { status: 422 })
        return actionResult(async (): Promise<Reply> => {
          await saveBankAccount(db, eventId, account.data, ctx)
          return { ok: true, intent }
        }, failed)
      }
      case 'received':
        return actionResult(async (): Promise<Reply> => {
          const result = await confirmBankTransfer(db, { eventId, transferId: input.transferId }, ctx)
          return { ok: true, intent, marked: { changed: result.changed, count: result.confirmed.length } }
        }, failed)
      case 'group':
        return actionResult(async (): Promise<Reply> => {
          const transfer = await groupBankTransfers(db, { eventId, registrationIds: input.registrationIds, payerName: input.payerName }, ctx)
          return { ok: true, intent, reference: transfer.reference }
        }, failed)
      case 'preview':
        return actionResult(async (): Promise<Reply> => {
          const preview = await previewBankStatement(db, eventId, new Uint8Array(await input.statement.arrayBuffer()))
          return { ok: true, intent, preview }
        }, failed)
      case 'confirm':
        return actionResult(async (): Promise<Reply> => {
          const result = await confirmStatementMatches(db, eventId, input.lines, ctx)
          return { ok: true, intent, confirmed: { transfers: result.confirmedTransfers, registrations: result.confirmedRegistrations } }
        }, failed)
      case 'refund':
        return actionResult(async (): Promise<Reply> => {
          const { intent: _intent, ...refund } = input
          const result = await refundBankTransfer(db, { eventId, ...refund }, user.id, ctx)
          return { ok: true, intent, refunded: { registrationId: result.registrationId, changed: result.changed } }
        }, failed)
      case 'issue': {
        const pdf = input.pdf instanceof Blob && input.pdf.size > 0 ? new Uint8Array(await input.pdf.arrayBuffer()) : null
        return actionResult(async (): Promise<Reply> => {
          await issueFapiao(db, { eventId, requestId: input.requestId, invoiceNumber: input.invoiceNumber, pdf }, ctx)
          return { ok: true, intent, requestId: input.requestId }
        }, failed)
      }
    }
  })
}

function StatementPreview({ preview, currency }: { preview: NonNullable<Reply['preview']>; currency: string }) {
  const { t } = useTranslation()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const money = (amount: number | null) => (amount === null ? '—' : formatMoney(amount, currency, locale))
  const describe = (line: MatchedLine) => {
    const o = line.outcome
    const values: Record<string, unknown> = { ...o }
    if (o.kind === 'amount_differs') values.expected = money(o.expected)
    if (o.kind === 'ambiguous') values.references = o.references.join(', ')
    return t(`payments.desk.statement.outcome.${o.kind}`, values)
  }
  return (
    <div data-testid="statement-preview">
      <p data-testid="statement-summary">{t('payments.desk.statement.summary', preview.summary)}</p>
      {preview.skippedOutgoing > 0 ? <p className="muted">{t('payments.desk.statement.outgoing', { count: preview.skippedOutgoing })}</p> : null}
      <table>
        <thead>
          <tr>
            {(['row', 'date', 'payer', 'amount', 'remark', 'outcome'] as const).map((c) => (
              <th key={c}>{t(`payments.desk.statement.columns.${c}`)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.lines.map((line) => (
            <tr key={line.row} data-outcome={line.outcome.kind}>
              <td>{line.row}</td>
              <td>{line.date}</td>
              <td>{line.payer}</td>
              <td>{money(line.amount)}</td>
              <td>{line.remark}</td>
              <td className={line.outcome.kind === 'match' ? 'notice' : 'error'}>{describe(line)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.summary.match > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="lines" value={JSON.stringify(preview.lines.filter((l) => l.outcome.kind === 'match').map(({ outcome: _outcome, ...line }) => line))} />
          <button type="submit" data-testid="statement-confirm">
            {t('payments.desk.statement.confirm', { count: preview.summary.match })}
          </button>
        </Form>
      ) : null}
    </div>
  )
}

type DeskTransfer = ReturnType<typeof useLoaderData<typeof loader>>['transfers'][number]

/** Registrations paid by a received transfer: staff record a refund by transfer (which cancels them). */
function TransferRefunds({ transfers, reply, currency }: { transfers: DeskTransfer[]; reply: Reply | undefined; currency: string }) {
  const { t } = useTranslation()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const paid = transfers.filter((tr) => tr.status === 'RECEIVED').flatMap((tr) => tr.registrations.map((r) => ({ ...r, reference: tr.reference })))
  if (paid.length === 0) return null
  const today = new Date().toISOString().slice(0, 10)
  return (
    <>
      <h2>{t('eligibility.refund.legend')}</h2>
      <table data-testid="transfer-refunds">
        <thead>
          <tr>
            <th>{t('eligibility.queue.columns.person')}</th>
            <th>{t('payments.transfer.reference')}</th>
            <th>{t('payments.transfer.amount')}</th>
            <th>{t('desk.columns.status')}</th>
            <th>{t('desk.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {paid.map((r) => {
            const rowErrors = reply && !reply.ok && reply.intent === 'refund' && reply.requestId === r.id ? (reply.fields ?? {}) : {}
            return (
              <tr key={r.id} data-registration={r.id}>
                <td>
                  {r.user.realName}
                  {r.user.institution ? <div className="muted">{r.user.institution}</div> : null}
                </td>
                <td>
                  <code>{r.reference}</code>
                </td>
                <td>{formatMoney(r.amount, currency, locale)}</td>
                <td>
                  {t(`ticket.status.${r.status}`)}
                  {r.transferRefund ? (
                    <div className="muted" data-testid="refunded">
                      {t('eligibility.refund.refunded', { amount: formatMoney(r.transferRefund.amount, currency, locale) })} · {String(r.transferRefund.refundedOn).slice(0, 10)} ·{' '}
                      {r.transferRefund.reference}
                    </div>
                  ) : null}
                </td>
                <td>
                  {r.transferRefund ? null : (
                    <Form method="post" noValidate className="inline" onSubmit={(ev) => (confirm(t('eligibility.refund.confirm')) ? undefined : ev.preventDefault())}>
                      <input type="hidden" name="intent" value="refund" />
                      <input type="hidden" name="registrationId" value={r.id} />
                      <FieldScope name={`refund-${r.id}`}>
                        <Field name="amount" label={t('eligibility.refund.amount')} defaultValue={(r.amount / 100).toFixed(2)} error={rowErrors.amount} />
                        <Field name="refundedOn" type="date" label={t('eligibility.refund.date')} defaultValue={today} error={rowErrors.refundedOn} />
                        <Field name="reference" label={t('eligibility.refund.reference')} error={rowErrors.reference} />
                      </FieldScope>
                      <button type="submit" className="secondary" data-testid={`refund-${r.id}`}>
                        {t('eligibility.refund.submit')}
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </>
  )
}

export default function PaymentsDesk() {
  const { event, transfers, fapiao } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>() as Reply | undefined
  const { t } = useTranslation()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const busy = useNavigation().state !== 'idle'
  const errors = (intent: string) => (reply && !reply.ok && reply.intent === intent ? (reply.fields ?? {}) : {})
  const money = (amount: number, currency: string) => formatMoney(amount, currency, locale)
  const account = event.bankAccount
  return (
    <section className="page staff">
      <StaffEventNav eventId={event.id} />
      <p>
        <Link to={`/staff/events/${event.id}`}>{t('payments.back')}</Link>
      </p>
      <h1>{t('payments.title', { event: localized(locale, event.titleZh, event.titleEn) })}</h1>
      <p>
        <Link to={`/staff/events/${event.id}/eligibility`} data-testid="eligibility-link">
          {t('eligibility.link')}
        </Link>
      </p>
      {reply ? (
        <div role="status" data-testid="payments-reply" className={reply.ok ? 'notice' : 'error'}>
          {reply.ok ? (
            <p>
              {reply.intent === 'account' ? t('payments.account.saved') : null}
              {reply.marked ? (reply.marked.changed ? t('payments.desk.markedReceived', { count: reply.marked.count }) : t('payments.desk.unchanged')) : null}
              {reply.reference ? t('payments.desk.group.done', { reference: reply.reference }) : null}
              {reply.confirmed ? t('payments.desk.statement.confirmed', reply.confirmed) : null}
              {reply.intent === 'issue' ? t('payments.fapiao.issued') : null}
              {reply.refunded ? (reply.refunded.changed ? t('eligibility.refund.done') : t('eligibility.refund.unchanged')) : null}
            </p>
          ) : (
            <FormError code={reply.code} />
          )}
        </div>
      ) : null}

      <h2>{t('payments.account.legend')}</h2>
      {!account ? <p className="muted">{t('payments.account.none')}</p> : null}
      <Form method="post" noValidate className="narrow-form" data-testid="account-form">
        <input type="hidden" name="intent" value="account" />
        <FieldScope name="account">
          <label className="choice">
            <input type="checkbox" name="enabled" value="on" defaultChecked={Boolean(account)} aria-describedby={errors('account').enabled ? 'f-account-enabled-error' : undefined} />{' '}
            {t('payments.account.enabled')}
          </label>
          {errors('account').enabled ? (
            <small id="f-account-enabled-error" className="error" role="alert" data-testid="account-in-use">
              {translateFieldError(t, errors('account').enabled!)}
            </small>
          ) : null}
          <Field name="accountName" label={t('payments.account.accountName')} defaultValue={account?.accountName} error={errors('account').accountName} />
          <Field name="bankName" label={t('payments.account.bankName')} defaultValue={account?.bankName} error={errors('account').bankName} />
          <Field name="accountNumber" label={t('payments.account.accountNumber')} defaultValue={account?.accountNumber} inputMode="numeric" error={errors('account').accountNumber} />
          <Field
            name="holdDays"
            type="number"
            label={t('payments.account.holdDays')}
            defaultValue={account?.holdDays ?? 7}
            hint={t('payments.account.holdDaysHint')}
            error={errors('account').holdDays}
          />
        </FieldScope>
        <button type="submit" disabled={busy}>
          {t('payments.account.save')}
        </button>
      </Form>

      <h2>{t('payments.desk.statement.legend')}</h2>
      <p className="muted">{t('payments.desk.statement.hint')}</p>
      <Form method="post" encType="multipart/form-data" data-testid="statement-form">
        <input type="hidden" name="intent" value="preview" />
        <label htmlFor="f-statement">{t('payments.desk.statement.file')}</label>{' '}
        <input id="f-statement" name="statement" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />{' '}
        <button type="submit" disabled={busy}>
          {t('payments.desk.statement.preview')}
        </button>
      </Form>
      {reply?.ok && reply.preview ? <StatementPreview preview={reply.preview} currency={event.currency} /> : null}

      <h2>{t('payments.desk.transfers')}</h2>
      {transfers.length === 0 ? (
        <p className="muted">{t('payments.desk.none')}</p>
      ) : (
        <table data-testid="transfers">
          <thead>
            <tr>
              <th />
              <th>{t('payments.transfer.reference')}</th>
              <th>{t('payments.transfer.amount')}</th>
              <th>{t('desk.columns.status')}</th>
              <th>{t('payments.transfer.deadline')}</th>
              <th>{t('payments.desk.registrations')}</th>
              <th>{t('desk.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {transfers.map((tr) => {
              const single = tr.registrations.length === 1 && tr.status === 'AWAITING' && !tr.payerName
              return (
                <tr key={tr.id} data-reference={tr.reference} data-status={tr.status}>
                  <td>{single ? <input type="checkbox" name="registrationIds" value={tr.registrations[0]!.id} form="group-form" aria-label={tr.registrations[0]!.user.realName} /> : null}</td>
                  <td>
                    <code>{tr.reference}</code>
                    {tr.payerName ? <div className="muted">{tr.payerName}</div> : null}
                  </td>
                  <td>{money(tr.amount, tr.currency)}</td>
                  <td>
                    {t(`payments.transfer.status.${tr.status}`)}
                    {tr.receivedVia ? <div className="muted">{t(`payments.desk.via.${tr.receivedVia as 'MANUAL' | 'STATEMENT'}`)}</div> : null}
                  </td>
                  <td>{formatDeadline(new Date(tr.deadline), event.timeZone, locale)}</td>
                  <td>
                    {joinList(
                      locale,
                      tr.registrations.map((r) => `${r.user.realName}${r.user.institution ? bracketed(locale, r.user.institution) : ''}`),
                    )}
                  </td>
                  <td>
                    {tr.status === 'AWAITING' ? (
                      <Form method="post" onSubmit={(ev) => (confirm(t('payments.desk.markConfirm', { amount: money(tr.amount, tr.currency) })) ? undefined : ev.preventDefault())}>
                        <input type="hidden" name="intent" value="received" />
                        <input type="hidden" name="transferId" value={tr.id} />
                        <button type="submit" className="secondary" data-testid={`mark-${tr.reference}`}>
                          {t('payments.desk.markReceived')}
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      <Form method="post" id="group-form" className="narrow-form">
        <fieldset>
          <legend>{t('payments.desk.group.legend')}</legend>
          <p className="muted">{t('payments.desk.group.hint')}</p>
          <input type="hidden" name="intent" value="group" />
          <FieldScope name="group">
            <Field name="payerName" label={t('payments.desk.group.payerName')} error={errors('group').payerName ?? errors('group').registrationIds} />
          </FieldScope>
          <button type="submit" disabled={busy}>
            {t('payments.desk.group.submit')}
          </button>
        </fieldset>
      </Form>

      <TransferRefunds transfers={transfers} reply={reply} currency={event.currency} />

      <h2>{t('payments.fapiao.list')}</h2>
      <p>
        <a href={`/staff/events/${event.id}/fapiao.xlsx`} download>
          {t('payments.fapiao.export')}
        </a>
      </p>
      {fapiao.length === 0 ? (
        <p className="muted">{t('payments.fapiao.none')}</p>
      ) : (
        <table data-testid="fapiao-requests">
          <thead>
            <tr>
              <th>{t('payments.fapiao.kindLabel')}</th>
              <th>{t('payments.fapiao.buyerName')}</th>
              <th>{t('payments.fapiao.taxId')}</th>
              <th>{t('payments.transfer.amount')}</th>
              <th>{t('desk.columns.status')}</th>
              <th>{t('payments.fapiao.issue')}</th>
            </tr>
          </thead>
          <tbody>
            {fapiao.map((f) => {
              const rowErrors = reply && !reply.ok && reply.intent === 'issue' && reply.requestId === f.id ? (reply.fields ?? {}) : {}
              return (
                <tr key={f.id}>
                  <td>{t(`payments.fapiao.kind.${f.kind}`)}</td>
                  <td>{f.buyerName}</td>
                  <td>
                    <code>{f.taxId}</code>
                  </td>
                  <td>{money(f.amount, f.currency)}</td>
                  <td>
                    {t(`payments.fapiao.state.${f.status === 'ISSUED' ? 'issued' : 'requested'}`)}
                    {f.invoiceNumber ? <div>{f.invoiceNumber}</div> : null}
                    {f.hasPdf ? (
                      <div>
                        <a href={`/me/fapiao/${f.id}.pdf`}>PDF</a>
                      </div>
                    ) : null}
                  </td>
                  <td>
                    <Form method="post" encType="multipart/form-data" noValidate>
                      <input type="hidden" name="intent" value="issue" />
                      <input type="hidden" name="requestId" value={f.id} />
                      <FieldScope name={`issue-${f.id}`}>
                        <Field name="invoiceNumber" label={t('payments.fapiao.number')} defaultValue={f.invoiceNumber} inputMode="numeric" error={rowErrors.invoiceNumber} />
                      </FieldScope>
                      <label>
                        {t('payments.fapiao.pdf')} <input type="file" name="pdf" accept="application/pdf" />
                      </label>
                      {rowErrors.pdf ? <small className="error">{t(rowErrors.pdf)}</small> : null}
                      <button type="submit" className="secondary">
                        {t('payments.fapiao.issue')}
                      </button>
                    </Form>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </section>
  )
}
