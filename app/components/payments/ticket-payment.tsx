import { Form } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Field, FieldScope } from '~/components/form-field.tsx'
import { formatDeadline } from '~/domain/bank-transfer.ts'
import type { AppLocale } from '~/domain/locale.ts'
import { formatMoney } from '~/domain/money.ts'

export type TicketPaymentView = {
  transferOffered: boolean
  timeZone: string
  account: { accountName: string; bankName: string; accountNumber: string } | null
  transfer: { reference: string; amount: number; currency: string; status: string; deadline: string | Date; payerName: string | null; registrations: number } | null
  fapiao: { id: string; kind: string; buyerName: string; status: string; invoiceNumber: string | null; hasPdf: boolean } | null
  canRequestFapiao: boolean
}

/** The bank transfer an attendee pays (account, amount, reference, deadline) and its state. */
export function TransferDetails({ payment, locale }: { payment: TicketPaymentView; locale: AppLocale }) {
  const { t } = useTranslation()
  const transfer = payment.transfer
  if (!transfer) return null
  return (
    <section className="transfer" data-testid="transfer" data-status={transfer.status}>
      <h3>{t('payments.transfer.heading')}</h3>
      <p>
        <span className="badge">{t(`payments.transfer.status.${transfer.status}`)}</span>
      </p>
      {transfer.payerName ? <p>{t('payments.transfer.group', { payer: transfer.payerName, count: transfer.registrations })}</p> : null}
      {transfer.status === 'AWAITING' && payment.account ? (
        <>
          <dl className="transfer-details">
            <dt>{t('payments.account.accountName')}</dt>
            <dd data-testid="account-name">{payment.account.accountName}</dd>
            <dt>{t('payments.account.bankName')}</dt>
            <dd>{payment.account.bankName}</dd>
            <dt>{t('payments.account.accountNumber')}</dt>
            <dd>
              <code data-testid="account-number">{payment.account.accountNumber}</code>
            </dd>
            <dt>{t('payments.transfer.amount')}</dt>
            <dd data-testid="transfer-amount">{formatMoney(transfer.amount, transfer.currency, locale)}</dd>
            <dt>{t('payments.transfer.reference')}</dt>
            <dd>
              <code data-testid="transfer-reference" style={{ fontSize: '1.4em', letterSpacing: '0.15em' }}>
                {transfer.reference}
              </code>
            </dd>
            <dt>{t('payments.transfer.deadline')}</dt>
            <dd>{formatDeadline(new Date(transfer.deadline), payment.timeZone, locale)}</dd>
          </dl>
          <p className="muted">{t('payments.transfer.referenceHint')}</p>
        </>
      ) : null}
      {transfer.status === 'RECEIVED' ? <p>{t('payments.transfer.received')}</p> : null}
      {transfer.status === 'EXPIRED' ? <p>{t('payments.transfer.expired')}</p> : null}
    </section>
  )
}

/** The fapiao of a registration: its state, the PDF once issued, or the request form. */
export function FapiaoSection({ payment, errors, grouped }: { payment: TicketPaymentView; errors: Record<string, string>; grouped: boolean }) {
  const { t } = useTranslation()
  const f = payment.fapiao
  if (!f && !payment.canRequestFapiao) return null
  return (
    <section className="fapiao" data-testid="fapiao">
      <h3>{t('payments.fapiao.heading')}</h3>
      {f ? (
        <>
          <p>
            <span className="badge" data-testid="fapiao-state">
              {t(`payments.fapiao.state.${f.status === 'ISSUED' ? 'issued' : 'requested'}`)}
            </span>{' '}
            {t(`payments.fapiao.kind.${f.kind}`)} · {f.buyerName}
            {f.invoiceNumber ? ` · ${t('payments.fapiao.number')} ${f.invoiceNumber}` : ''}
          </p>
          {f.hasPdf ? (
            <p>
              <a href={`/me/fapiao/${f.id}.pdf`} download data-testid="fapiao-download">
                {t('payments.fapiao.download')}
              </a>
            </p>
          ) : f.status !== 'ISSUED' ? (
            <p className="muted">{t('payments.fapiao.requested')}</p>
          ) : null}
        </>
      ) : (
        <details open={Object.keys(errors).length > 0}>
          <summary>{t('payments.fapiao.request')}</summary>
          {grouped ? <p className="muted">{t('payments.fapiao.groupHint')}</p> : null}
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="fapiao" />
            <FieldScope name="fapiao">
              <fieldset>
                <legend>{t('payments.fapiao.kindLabel')}</legend>
                {(['GENERAL', 'SPECIAL'] as const).map((kind) => (
                  <label key={kind} className="choice">
                    <input type="radio" name="kind" value={kind} defaultChecked={kind === 'GENERAL'} /> {t(`payments.fapiao.kind.${kind}`)}
                  </label>
                ))}
              </fieldset>
              <Field name="buyerName" label={t('payments.fapiao.buyerName')} required error={errors.buyerName} />
              <Field name="taxId" label={t('payments.fapiao.taxId')} required error={errors.taxId} />
              <Field name="email" type="email" label={t('payments.fapiao.email')} required error={errors.email} />
              <p className="muted">{t('payments.fapiao.specialHint')}</p>
              <Field name="address" label={t('payments.fapiao.address')} error={errors.address} />
              <Field name="phone" label={t('payments.fapiao.phone')} error={errors.phone} />
              <Field name="bankName" label={t('payments.fapiao.bankName')} error={errors.bankName} />
              <Field name="bankAccount" label={t('payments.fapiao.bankAccount')} error={errors.bankAccount} />
            </FieldScope>
            <button type="submit">{t('payments.fapiao.request')}</button>
          </Form>
        </details>
      )}
    </section>
  )
}
