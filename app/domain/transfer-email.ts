import { escapeHtml, singleLine, type RenderedEmail, type Translate } from './email.ts'

/**
 * The two emails of a bank transfer: how to pay (account, amount, reference, deadline) when a
 * seat starts waiting for one, and "your seat was released" when the deadline passed unpaid.
 */
export type TransferInstructionsInput = {
  realName: string
  eventTitle: string
  accountName: string
  bankName: string
  accountNumber: string
  amount: string
  reference: string
  deadline: string
  ticketUrl: string
}

export type TransferExpiredInput = { realName: string; eventTitle: string; reference: string; eventUrl: string }

function render(subject: string, paragraphs: string[], link: string): RenderedEmail {
  const text = [...paragraphs.slice(0, -1), link, paragraphs.at(-1)!].join('\n\n') + '\n'
  const html = [
    ...paragraphs.slice(0, -1).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`),
    `<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
    `<p>${escapeHtml(paragraphs.at(-1)!)}</p>`,
  ].join('\n')
  return { subject: singleLine(subject), text, html }
}

export function renderTransferInstructionsEmail(t: Translate, input: TransferInstructionsInput): RenderedEmail {
  const values = { name: input.realName, event: input.eventTitle, amount: input.amount, reference: input.reference, deadline: input.deadline }
  const account = [
    `${t('payments.account.accountName')}: ${input.accountName}`,
    `${t('payments.account.bankName')}: ${input.bankName}`,
    `${t('payments.account.accountNumber')}: ${input.accountNumber}`,
    `${t('payments.transfer.amount')}: ${input.amount}`,
    `${t('payments.transfer.reference')}: ${input.reference}`,
  ].join('\n')
  return render(
    t('payments.email.instructions.subject', values),
    [t('email.confirmed.greeting', values), t('payments.email.instructions.body', values), account, t('payments.email.instructions.ticketLink', values), t('email.signature', values)],
    input.ticketUrl,
  )
}

export function renderTransferExpiredEmail(t: Translate, input: TransferExpiredInput): RenderedEmail {
  const values = { name: input.realName, event: input.eventTitle, reference: input.reference }
  return render(
    t('payments.email.expired.subject', values),
    [t('email.confirmed.greeting', values), t('payments.email.expired.body', values), t('payments.email.expired.eventLink', values), t('email.signature', values)],
    input.eventUrl,
  )
}
