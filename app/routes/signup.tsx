import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Field, FormError } from '~/components/form-field.tsx'
import { resolveLocale } from '~/domain/locale.ts'
import { fieldErrors, safeRedirect, signupSchema } from '~/schemas/auth.ts'
import { requestSignUp } from '~/services/accounts/sign-up.server.ts'
import { signupEmails } from '~/services/email/queue-signup-emails.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireAnonymous } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { redirectToOf, withRedirectTo } from '~/utils/redirect-to.ts'
import { throttledActionResult } from '~/utils/retry-after.server.ts'
import { localeCookie } from '~/utils/session.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('注册', 'Sign up')

/**
 * `redirectTo` (checked by safeRedirect) travels with the sign-up: it is stored with the
 * request and the mailed link's confirmation lands there, so someone who signs up on the way
 * to an event's registration form comes back to it. The link to log-in keeps it too.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return { redirectTo: redirectToOf(request) }
}

type Failure = { sent: false; errors: Record<string, string>; code: string; values: { email: string; realName: string }; retry?: { minutes: number } }

/**
 * The answer is the same whether or not the address has an account (no enumeration): "if it
 * is new, a mail is on its way". The mail's link finishes the sign-up (signup_.confirm.$token).
 */
export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const form = Object.fromEntries(await request.formData())
  const parsed = signupSchema.safeParse(form)
  const values = { email: typeof form.email === 'string' ? form.email : '', realName: typeof form.realName === 'string' ? form.realName : '' }
  if (!parsed.success) return data<Failure>({ sent: false, errors: fieldErrors(parsed.error), code: 'validation_failed', values }, { status: 422 })
  const locale = resolveLocale(await localeCookie.parse(request.headers.get('Cookie')))
  return throttledActionResult(
    async () => {
      const redirectTo = parsed.data.redirectTo ? safeRedirect(parsed.data.redirectTo, '/profile') : null
      await requestSignUp(getDb(), { ...parsed.data, redirectTo, locale }, signupEmails, auditContextFrom(request))
      return { sent: true as const, email: parsed.data.email }
    },
    (error, retry): Failure => {
      const fields = error.details?.fields
      const errors = fields && typeof fields === 'object' ? (fields as Record<string, string>) : {}
      return { sent: false, errors, code: error.code, values, retry: retry ?? undefined }
    },
  )
}

export default function Signup() {
  const { t } = useTranslation()
  const result = useActionData<typeof action>()
  const { redirectTo } = useLoaderData<typeof loader>()
  const loginLink = (
    <Link to={withRedirectTo('/login', redirectTo)} data-testid="login-link">
      {t('nav.login')}
    </Link>
  )
  const busy = useNavigation().state === 'submitting'
  if (result?.sent) {
    return (
      <section className="page narrow">
        <h1>{t('auth.signupSentTitle')}</h1>
        <p className="toast" role="status" data-testid="signup-sent">
          {t('auth.signupSent', { email: result.email })}
        </p>
        <p>
          {t('auth.haveAccount')} {loginLink}
        </p>
      </section>
    )
  }
  return (
    <section className="page narrow">
      <h1>{t('auth.signupTitle')}</h1>
      <Form method="post" noValidate>
        <FormError code={result?.code} values={result?.retry} />
        <input type="hidden" name="redirectTo" value={redirectTo ?? ''} />
        <Field name="email" type="email" label={t('auth.email')} autoComplete="email" defaultValue={result?.values.email} error={result?.errors.email} required />
        <Field name="password" type="password" label={t('auth.password')} hint={t('auth.passwordHint')} autoComplete="new-password" error={result?.errors.password} required />
        <Field name="realName" label={t('auth.realName')} hint={t('auth.realNameHint')} autoComplete="name" defaultValue={result?.values.realName} error={result?.errors.realName} required />
        <button type="submit" disabled={busy}>
          {t('auth.submitSignup')}
        </button>
      </Form>
      <p>
        {t('auth.haveAccount')} {loginLink}
      </p>
    </section>
  )
}
