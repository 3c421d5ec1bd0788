import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Field, FormError } from '~/components/form-field.tsx'
import { resolveLocale } from '~/domain/locale.ts'
import { fieldErrors, safeRedirect, signupSchema } from '~/schemas/auth.ts'
import { signUp } from '~/services/accounts/sign-up.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { commitLoginSession, requireAnonymous } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { actionResult } from '~/utils/route.server.ts'
import { localeCookie } from '~/utils/session.server.ts'

export const meta: MetaFunction = () => [{ title: '注册 · Sign up' }]

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const form = Object.fromEntries(await request.formData())
  const parsed = signupSchema.safeParse(form)
  const values = { email: typeof form.email === 'string' ? form.email : '', realName: typeof form.realName === 'string' ? form.realName : '' }
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), code: 'validation_failed', values }, { status: 422 })
  const locale = resolveLocale(await localeCookie.parse(request.headers.get('Cookie')))
  return actionResult(
    async () => {
      const { session } = await signUp(getDb(), { ...parsed.data, locale }, auditContextFrom(request))
      return redirect(safeRedirect(parsed.data.redirectTo, '/profile'), {
        headers: { 'Set-Cookie': await commitLoginSession(session.id, session.expiresAt) },
      })
    },
    (error) => {
      const errors: Record<string, string> = error.code === 'email_taken' ? { email: 'errors.email_taken' } : {}
      return { errors, code: error.code, values }
    },
  )
}

export default function Signup() {
  const { t } = useTranslation()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <section className="page narrow">
      <h1>{t('auth.signupTitle')}</h1>
      <Form method="post" noValidate>
        <FormError code={result?.code} />
        <Field name="email" type="email" label={t('auth.email')} autoComplete="email" defaultValue={result?.values.email} error={result?.errors.email} required />
        <Field name="password" type="password" label={t('auth.password')} hint={t('auth.passwordHint')} autoComplete="new-password" error={result?.errors.password} required />
        <Field name="realName" label={t('auth.realName')} hint={t('auth.realNameHint')} autoComplete="name" defaultValue={result?.values.realName} error={result?.errors.realName} required />
        <button type="submit" disabled={busy}>
          {t('auth.submitSignup')}
        </button>
      </Form>
      <p>
        {t('auth.haveAccount')} <Link to="/login">{t('nav.login')}</Link>
      </p>
    </section>
  )
}
