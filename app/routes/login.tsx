import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Field, FormError } from '~/components/form-field.tsx'
import { fieldErrors, loginSchema, safeRedirect } from '~/schemas/auth.ts'
import { logIn } from '~/services/accounts/log-in.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { commitLoginSession, getLoginSessionId, requireAnonymous } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { redirectToOf, withRedirectTo } from '~/utils/redirect-to.ts'
import { throttledActionResult } from '~/utils/retry-after.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('登录', 'Log in')

/**
 * Where to go once signed in (the `redirectTo` a guard or a link put in the URL), checked by
 * safeRedirect; null when there is none or it is not a path of this site. The sign-up link
 * carries it on, so a person without an account still lands where they were heading.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return { redirectTo: redirectToOf(request) }
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const parsed = loginSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), code: 'validation_failed', values: undefined as { minutes: number } | undefined }, { status: 422 })
  // Wrong passwords are throttled (logIn): a growing delay, then 429 with Retry-After and the minutes to wait.
  return throttledActionResult(
    async () => {
      const { session } = await logIn(getDb(), { ...parsed.data, previousSessionId: await getLoginSessionId(request) }, auditContextFrom(request))
      return redirect(safeRedirect(parsed.data.redirectTo), { headers: { 'Set-Cookie': await commitLoginSession(session.id, session.expiresAt) } })
    },
    (error, retry) => ({ errors: {} as Record<string, string>, code: error.code, values: retry ?? undefined }),
  )
}

export default function Login() {
  const { t } = useTranslation()
  const result = useActionData<typeof action>()
  const { redirectTo } = useLoaderData<typeof loader>()
  const busy = useNavigation().state === 'submitting'
  return (
    <section className="page narrow">
      <h1>{t('auth.loginTitle')}</h1>
      <Form method="post" noValidate>
        <FormError code={result?.code} values={result?.values} />
        <input type="hidden" name="redirectTo" value={redirectTo ?? ''} />
        <Field name="email" type="email" label={t('auth.email')} autoComplete="email" error={result?.errors.email} required />
        <Field name="password" type="password" label={t('auth.password')} autoComplete="current-password" error={result?.errors.password} required />
        <button type="submit" disabled={busy}>
          {t('auth.submitLogin')}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t('passwordReset.forgotLink')}</Link>
      </p>
      <p>
        {t('auth.noAccount')}{' '}
        <Link to={withRedirectTo('/signup', redirectTo)} data-testid="signup-link">
          {t('nav.signup')}
        </Link>
      </p>
    </section>
  )
}
