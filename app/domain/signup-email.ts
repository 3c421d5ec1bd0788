import { escapeHtml, singleLine, type RenderedEmail, type Translate } from './email.ts'

/**
 * The two mails a sign-up can send. The form answers the same either way; only the mailbox's
 * owner learns which one it was: a new address gets the link that makes the account, an
 * address with an account is told that someone tried, with the way to log in.
 */
function render(t: Translate, subjectKey: string, before: string[], link: { label: string; url: string }, after: string[]): RenderedEmail {
  const paragraphs = [...before, link.label, link.url, ...after]
  const text = paragraphs.join('\n\n') + '\n'
  const html = [
    ...before.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p>${escapeHtml(link.label)}<br><a href="${escapeHtml(link.url)}">${escapeHtml(link.url)}</a></p>`,
    ...after.map((p) => `<p>${escapeHtml(p)}</p>`),
  ].join('\n')
  return { subject: singleLine(t(subjectKey)), text, html }
}

/**
 * To an address without an account. Nothing typed into the form appears in it (not even the
 * name), so the form cannot be used to send someone else a message of one's own.
 */
export function renderSignupConfirmationEmail(t: Translate, input: { confirmUrl: string; hours: number }): RenderedEmail {
  const values = { hours: input.hours }
  return render(
    t,
    'email.signupConfirm.subject',
    [t('email.signupConfirm.greeting', values), t('email.signupConfirm.body', values)],
    { label: t('email.signupConfirm.link', values), url: input.confirmUrl },
    [t('email.signupConfirm.notYou', values), t('email.signature', values)],
  )
}

/** To the owner of an existing account, greeted by the name on the account (not the one typed). */
export function renderSignupExistingEmail(t: Translate, input: { realName: string; loginUrl: string }): RenderedEmail {
  const values = { name: input.realName }
  return render(
    t,
    'email.signupExisting.subject',
    [t('email.confirmed.greeting', values), t('email.signupExisting.body', values)],
    { label: t('email.signupExisting.link', values), url: input.loginUrl },
    [t('email.signupExisting.notYou', values), t('email.signature', values)],
  )
}
