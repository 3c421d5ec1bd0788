import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Field, FormError } from '~/components/form-field.tsx'
import { fieldErrors } from '~/schemas/auth.ts'
import { passwordTokenParamsSchema, resetPasswordSchema } from '~/schemas/password.ts'
import { findPasswordLink } from '~/services/accounts/find-password-link.server.ts'
import { resetPassword } from '~/services/accounts/reset-password.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { commitLoginSession, getLoginSessionId } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { redirectToOf } from '~/utils/redirect-to.ts'
import { actionResult, handle, parseParams } from '~/utils/route.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('设置密码', 'Set a password')

// The token is in the URL: no page may receive it as a referrer, and no cache may keep the page.
const PRIVATE = { 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' }
export const headers: HeadersFunction = () => PRIVATE

export async function loader({ params }: LoaderFunctionArgs) {
  return handle(async () => {
    const { token } = parseParams(passwordTokenParamsSchema, params)
    const link = await findPasswordLink(getDb(), token)
    return data({ link }, { headers: PRIVATE })
  })
}

/** A new password through a one-time link: every session of the account ends, and this browser is signed in anew. */
export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const { token } = parseParams(passwordTokenParamsSchema, params)
    const parsed = resetPasswordSchema.safeParse(Object.fromEntries(await request.formData()))
    if (!parsed.success) return data({ errors: fieldErrors(parsed.error), code: 'validation_failed' }, { status: 422 })
    return actionResult(
      async () => {
        const previousSessionId = await getLoginSessionId(request)
        const { session } = await resetPassword(getDb(), { token, password: parsed.data.password, previousSessionId }, auditContextFrom(request))
        // An invited speaker's link carries the live page to land on (a path of this site only).
        return redirect(redirectToOf(request) ?? '/events', { headers: { 'Set-Cookie': await commitLoginSession(session.id, session.expiresAt) } })
      },
      (error) => {
        // The password policy names the field in the error's details.
        const reason = (error.details?.fields as Record<string, unknown> | undefined)?.password
        return { errors: typeof reason === 'string' ? { password: reason } : ({} as Record<string, string>), code: error.code }
      },
    )
  })
}

export default function ResetPassword() {
  const { link } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  if (!link || result?.code === 'password_link_invalid') {
    return (
      <section className="page narrow">
        <h1>{t('passwordReset.resetTitle')}</h1>
        <FormError code="password_link_invalid" />
        <p>
          <Link to="/forgot-password">{t('passwordReset.askAgain')}</Link> · <Link to="/login">{t('passwordReset.backToLogin')}</Link>
        </p>
      </section>
    )
  }
  const setup = link.purpose === 'SETUP'
  return (
    <section className="page narrow">
      <h1>{t(setup ? 'passwordReset.setupTitle' : 'passwordReset.resetTitle')}</h1>
      <p>{t(setup ? 'passwordReset.setupIntro' : 'passwordReset.resetIntro', { email: link.email })}</p>
      <Form method="post" noValidate>
        {/* Lets a password manager file the new password under the right account. */}
        <input type="email" name="username" autoComplete="username" value={link.email} readOnly hidden />
        <FormError code={result?.code} />
        <Field name="password" type="password" label={t('passwordReset.newPassword')} hint={t('auth.passwordHint')} autoComplete="new-password" error={result?.errors.password} required />
        <button type="submit" disabled={busy}>
          {t('passwordReset.save')}
        </button>
      </Form>
    </section>
  )
}
