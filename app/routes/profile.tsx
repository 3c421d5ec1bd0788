import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Field, FormError } from '~/components/form-field.tsx'
import { fieldErrors, profileSchema } from '~/schemas/auth.ts'
import { updateProfile } from '~/services/accounts/update-profile.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { handle } from '~/utils/route.server.ts'

export const meta: MetaFunction = () => [{ title: '个人资料 · Profile' }]

export async function loader({ request }: LoaderFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'read:profile:own')
    return { user }
  })
}

export async function action({ request }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'update:profile:own')
    const parsed = profileSchema.safeParse(Object.fromEntries(await request.formData()))
    if (!parsed.success) return data({ ok: false as const, errors: fieldErrors(parsed.error), code: 'validation_failed' }, { status: 422 })
    await updateProfile(getDb(), user.id, parsed.data, auditContextFrom(request, user.id))
    return { ok: true as const, errors: {} as Record<string, string>, code: undefined }
  })
}

export default function Profile() {
  const { user } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const { t } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const e = result?.errors ?? {}
  const opt = (label: string) => `${label}（${t('profile.optional')}）`
  return (
    <section className="page narrow">
      <h1>{t('profile.title')}</h1>
      <p className="muted">
        {user.email} · {t('profile.role')}: {t(`role.${user.role}`)}
      </p>
      <p>{t('profile.intro')}</p>
      <Form method="post" noValidate>
        <FormError code={result?.code} />
        {result?.ok ? (
          <p className="toast" role="status">
            {t('profile.saved')}
          </p>
        ) : null}
        <Field name="realName" label={t('auth.realName')} defaultValue={user.realName} error={e.realName} required />
        <Field name="institution" label={opt(t('profile.institution'))} defaultValue={user.institution} error={e.institution} />
        <Field name="title" label={opt(t('profile.jobTitle'))} defaultValue={user.title} error={e.title} />
        <Field name="licenseId" label={opt(t('profile.licenseId'))} defaultValue={user.licenseId} error={e.licenseId} />
        <Field name="boardId" label={opt(t('profile.boardId'))} defaultValue={user.boardId} error={e.boardId} />
        <div className="row">
          <Field name="birthMonth" inputMode="numeric" label={opt(t('profile.birthMonth'))} defaultValue={user.birthMonth} error={e.birthMonth} />
          <Field name="birthDay" inputMode="numeric" label={opt(t('profile.birthDay'))} defaultValue={user.birthDay} error={e.birthDay} />
        </div>
        <button type="submit" disabled={busy}>
          {t('profile.save')}
        </button>
      </Form>
    </section>
  )
}
