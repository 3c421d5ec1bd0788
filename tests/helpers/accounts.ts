import { confirmSignUp } from '../../app/services/accounts/confirm-sign-up.server.ts'
import { requestSignUp, type SignUpInput } from '../../app/services/accounts/sign-up.server.ts'
import { signupEmails } from '../../app/services/email/queue-signup-emails.server.ts'
import type { AuditContext } from '../../app/utils/audit.server.ts'
import type { Db } from '../../app/utils/db.server.ts'

/** The path of the link in the newest "finish signing up" mail to `email` (/signup/confirm/<token>). */
export async function signupLinkFromOutbox(db: Pick<Db, 'emailMessage'>, email: string): Promise<string> {
  const mail = await db.emailMessage.findFirst({ where: { toAddress: email, kind: 'signup_confirmation' }, orderBy: { createdAt: 'desc' }, select: { text: true } })
  const path = mail && /\/signup\/confirm\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0]
  if (!path) throw new Error(`no sign-up link was mailed to ${email}`)
  return path
}

/** The token of that link. */
export async function signupTokenFromOutbox(db: Pick<Db, 'emailMessage'>, email: string): Promise<string> {
  return (await signupLinkFromOutbox(db, email)).split('/').pop()!
}

/**
 * Signs a new person up the way a person does: the form (requestSignUp), then the link in
 * the mail (confirmSignUp). Returns the new account and its login session.
 */
export async function signUpConfirmed(db: Db, input: SignUpInput, ctx: AuditContext = {}, now = new Date()) {
  await requestSignUp(db, input, signupEmails, ctx, now)
  return confirmSignUp(db, { token: await signupTokenFromOutbox(db, input.email) }, ctx, now)
}
