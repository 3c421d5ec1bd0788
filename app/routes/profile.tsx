import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Field, FieldScope, FormError } from '~/components/form-field.tsx'
import { bracketed, resolveLocale } from '~/domain/locale.ts'
import { timeAgo, type DeviceSummary } from '~/domain/login-session.ts'
import { fieldErrors, profileSchema } from '~/schemas/auth.ts'
import { changePasswordSchema, profileIntentSchema } from '~/schemas/password.ts'
import { changePassword } from '~/services/accounts/change-password.server.ts'
import { endMySession } from '~/services/accounts/end-my-session.server.ts'
import { endOtherSessions } from '~/services/accounts/end-other-sessions.server.ts'
import { listMySessions } from '~/services/accounts/list-my-sessions.server.ts'
import { updateProfile } from '~/services/accounts/update-profile.server.ts'
import { AppError } from '~/utils/app-error.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { destroyLoginCookie, requireUserSession } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { actionResult, handle } from '~/utils/route.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('个人资料', 'Profile')

export async function loader({ request }: LoaderFunctionArgs) {
  return handle(async () => {
    const { user, sessionId } = await requireUserSession(request, 'read:profile:own')
    const now = new Date()
    const sessions = await listMySessions(getDb(), user.id, sessionId, now)
    return { user, sessions, now: now.toISOString() }
  })
}

type Section = 'profile' | 'password' | 'sessions'
type Result = { section: Section; ok: boolean; errors: Record<string, string>; code?: string; ended?: number }

const result = (section: Section, rest: Partial<Omit<Result, 'section'>> = {}): Result => ({ section, ok: false, errors: {}, ...rest })

/** A refused password change, on the field it concerns (the policy names `password`: here `newPassword`). */
function passwordErrors(error: AppError): Record<string, string> {
  if (error.code === 'wrong_password') return { currentPassword: 'errors.wrong_password' }
  const reason = (error.details?.fields as Record<string, unknown> | undefined)?.password
  return typeof reason === 'string' ? { newPassword: reason } : {}
}

export async function action({ request }: ActionFunctionArgs) {
  return handle(async () => {
    const { user, sessionId } = await requireUserSession(request, 'update:profile:own')
    const form = Object.fromEntries(await request.formData())
    const intent = profileIntentSchema.safeParse({ intent: 'profile', ...form })
    if (!intent.success) throw new AppError('bad_request', 'Unknown form')
    const db = getDb()
    const ctx = auditContextFrom(request, user.id)
    switch (intent.data.intent) {
      case 'profile': {
        const parsed = profileSchema.safeParse(form)
        if (!parsed.success) return data(result('profile', { errors: fieldErrors(parsed.error), code: 'validation_failed' }), { status: 422 })
        await updateProfile(db, user.id, parsed.data, ctx)
        return result('profile', { ok: true })
      }
      case 'change-password': {
        const parsed = changePasswordSchema.safeParse(form)
        if (!parsed.success) return data(result('password', { errors: fieldErrors(parsed.error), code: 'validation_failed' }), { status: 422 })
        return actionResult(
          async () => {
            const { otherSessionsEnded } = await changePassword(db, { userId: user.id, sessionId, currentPassword: parsed.data.currentPassword, newPassword: parsed.data.newPassword }, ctx)
            return result('password', { ok: true, ended: otherSessionsEnded })
          },
          (error) => result('password', { code: error.code, errors: passwordErrors(error) }),
        )
      }
      case 'end-other-sessions': {
        const ended = await endOtherSessions(db, user.id, sessionId, ctx)
        return result('sessions', { ok: true, ended })
      }
      case 'end-session': {
        await endMySession(db, user.id, intent.data.sessionId, ctx)
        // Ending this device's own session from the list is a log-out.
        if (intent.data.sessionId === sessionId) return redirect('/events', { headers: { 'Set-Cookie': await destroyLoginCookie(request) } })
        return result('sessions', { ok: true })
      }
    }
  })
}

function deviceName(device: DeviceSummary, unknown: string): string {
  const parts = [device.browser, device.os].filter(Boolean)
  return parts.length ? parts.join(' · ') : unknown
}

export default function Profile() {
  const { user, sessions, now } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, i18n } = useTranslation()
  const busy = useNavigation().state === 'submitting'
  const res = actionData && 'section' in actionData ? (actionData as Result) : undefined
  const profile = res?.section === 'profile' ? res : undefined
  const password = res?.section === 'password' ? res : undefined
  const sessionResult = res?.section === 'sessions' ? res : undefined
  const e = profile?.errors ?? {}
  const opt = (label: string) => `${label}${bracketed(resolveLocale(i18n.language), t('profile.optional'))}`
  const relative = new Intl.RelativeTimeFormat(i18n.language, { numeric: 'auto' })
  const others = sessions.filter((s) => !s.current).length
  return (
    <section className="page narrow">
      <h1>{t('profile.title')}</h1>
      <p className="muted">
        {user.email} · {t('profile.role')}: {t(`role.${user.role}`)}
      </p>
      <p>{t('profile.intro')}</p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="profile" />
        <FormError code={profile?.code} />
        {profile?.ok ? (
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

      <h2 id="password">{t('profile.password.title')}</h2>
      <p className="muted">{t('profile.password.intro')}</p>
      <FieldScope name="password">
        <Form method="post" noValidate data-testid="change-password">
          <input type="hidden" name="intent" value="change-password" />
          {/* Lets a password manager file the new password under the right account. */}
          <input type="email" name="username" autoComplete="username" value={user.email} readOnly hidden />
          {password?.code && password.code !== 'wrong_password' ? <FormError code={password.code} /> : null}
          {password?.ok ? (
            <p className="toast" role="status">
              {t('profile.password.changed')}
            </p>
          ) : null}
          <Field name="currentPassword" type="password" label={t('profile.password.current')} autoComplete="current-password" error={password?.errors.currentPassword} required />
          <Field name="newPassword" type="password" label={t('profile.password.new')} hint={t('auth.passwordHint')} autoComplete="new-password" error={password?.errors.newPassword} required />
          <button type="submit" disabled={busy}>
            {t('profile.password.submit')}
          </button>
        </Form>
      </FieldScope>

      <h2 id="sessions">{t('profile.sessions.title')}</h2>
      <p className="muted">{t('profile.sessions.intro')}</p>
      {sessionResult?.ok ? (
        <p className="toast" role="status">
          {sessionResult.ended === undefined ? t('profile.sessions.ended') : t('profile.sessions.endedOthers', { count: sessionResult.ended })}
        </p>
      ) : null}
      <ul className="session-list" data-testid="sessions">
        {sessions.map((s) => {
          const ago = timeAgo(new Date(s.lastSeenAt), new Date(now))
          return (
            <li key={s.id} data-current={s.current ? '' : undefined}>
              <strong>{deviceName(s.device, t('profile.sessions.unknownDevice'))}</strong>
              {s.current ? <span className="badge"> {t('profile.sessions.thisDevice')}</span> : null}
              <br />
              <small className="muted">
                {t('profile.sessions.ip')}: {s.ip ?? t('profile.sessions.unknownIp')} · {t('profile.sessions.lastSeen')}:{' '}
                <time dateTime={new Date(s.lastSeenAt).toISOString()}>{relative.format(ago.value, ago.unit)}</time>
              </small>
              {s.current ? null : (
                <Form method="post" className="inline">
                  <input type="hidden" name="intent" value="end-session" />
                  <input type="hidden" name="sessionId" value={s.id} />
                  <button type="submit" className="link" disabled={busy}>
                    {t('profile.sessions.logOut')}
                  </button>
                </Form>
              )}
            </li>
          )
        })}
      </ul>
      {others > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="end-other-sessions" />
          <button type="submit" disabled={busy} data-testid="end-other-sessions">
            {t('profile.sessions.logOutOthers')}
          </button>
        </Form>
      ) : null}
    </section>
  )
}
