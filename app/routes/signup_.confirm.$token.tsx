import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { FormError } from '~/components/form-field.tsx'
import { safeRedirect } from '~/schemas/auth.ts'
import { confirmSignUp, findSignUpRequest } from '~/services/accounts/confirm-sign-up.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { commitLoginSession, getLoginSessionId } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { withRedirectTo } from '~/utils/redirect-to.ts'
import { actionResult } from '~/utils/route.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('完成注册', 'Finish signing up')

/** The token is a secret until used: the page is never cached or indexed. */
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' })

/**
 * Opening the link only shows a button: mail scanners that open every link in a message
 * must not spend it (or get the login session). Pressing the button makes the account.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const request = await findSignUpRequest(getDb(), String(params.token ?? ''))
  return data({ email: request?.email ?? null }, { status: request ? 200 : 410 })
}

export async function action({ request, params }: ActionFunctionArgs) {
  return actionResult(
    async () => {
      const { session, redirectTo } = await confirmSignUp(getDb(), { token: String(params.token ?? ''), previousSessionId: await getLoginSessionId(request) }, auditContextFrom(request))
      return redirect(safeRedirect(redirectTo, '/profile'), { headers: { 'Set-Cookie': await commitLoginSession(session.id, session.expiresAt) } })
    },
    // An address that got its account meanwhile logs in, still heading where the sign-up was.
    (error) => ({ code: error.code, redirectTo: typeof error.details?.redirectTo === 'string' ? safeRedirect(error.details.redirectTo, '') || null : null }),
  )
}

export default function ConfirmSignup() {
  const { t } = useTranslation()
  const { email } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const code = result?.code ?? (email ? undefined : 'signup_link_invalid')
  return (
    <section className="page narrow">
      <h1>{t('auth.confirmTitle')}</h1>
      <FormError code={code} />
      {email && !result ? (
        <Form method="post">
          <p>{t('auth.confirmIntro', { email })}</p>
          <button type="submit" disabled={busy}>
            {t('auth.confirmSubmit')}
          </button>
        </Form>
      ) : (
        <p>
          <Link to="/signup">{t('nav.signup')}</Link> · <Link to={withRedirectTo('/login', result?.redirectTo)}>{t('nav.login')}</Link>
        </p>
      )}
    </section>
  )
}
