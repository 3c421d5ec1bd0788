import { data, type ActionFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Field, FormError } from '~/components/form-field.tsx'
import { fieldErrors } from '~/schemas/auth.ts'
import { forgotPasswordSchema } from '~/schemas/password.ts'
import { requestPasswordReset } from '~/services/accounts/request-password-reset.server.ts'
import { queuePasswordResetEmail } from '~/services/email/queue-password-reset-email.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { actionResult } from '~/utils/route.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('找回密码', 'Forgot password')

/** The answer never says whether the address has an account (no enumeration). */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = forgotPasswordSchema.safeParse(Object.fromEntries(await request.formData()))
  if (!parsed.success) return data({ sent: false, errors: fieldErrors(parsed.error), code: 'validation_failed' }, { status: 422 })
  return actionResult(
    async () => {
      await requestPasswordReset(getDb(), parsed.data, queuePasswordResetEmail, auditContextFrom(request))
      return { sent: true, errors: {} as Record<string, string>, code: undefined }
    },
    (error) => ({ sent: false, errors: {} as Record<string, string>, code: error.code }),
  )
}

export default function ForgotPassword() {
  const { t } = useTranslation()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <section className="page narrow">
      <h1>{t('passwordReset.forgotTitle')}</h1>
      {result?.sent ? (
        <p className="toast" role="status" data-testid="reset-sent">
          {t('passwordReset.sent')}
        </p>
      ) : (
        <p>{t('passwordReset.forgotIntro')}</p>
      )}
      <Form method="post" noValidate>
        <FormError code={result?.code} />
        <Field name="email" type="email" label={t('auth.email')} autoComplete="email" error={result?.errors.email} required />
        <button type="submit" disabled={busy}>
          {t('passwordReset.send')}
        </button>
      </Form>
      <p>
        <Link to="/login">{t('passwordReset.backToLogin')}</Link>
      </p>
    </section>
  )
}
