import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { EMAIL_STATUSES } from '~/domain/email.ts'
import { DEFAULT_LOCALE } from '~/domain/locale.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { listEmails } from '~/services/email/list-emails.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { emailConfigured } from '~/services/email/mailer.server.ts'
import { handle, parseParams } from '~/utils/route.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('邮件', 'E-mails')

const querySchema = z.object({ status: z.enum(EMAIL_STATUSES).optional() })

export async function loader({ request }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { status } = parseParams(querySchema, Object.fromEntries(new URL(request.url).searchParams))
    return { ...(await listEmails(getDb(), { status })), status: status ?? null, smtp: emailConfigured() }
  })
}

/** The staff outbox: what the platform sent, or would have sent without SMTP. */
export default function StaffEmails() {
  const { messages, byStatus, status, smtp } = useLoaderData<typeof loader>()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const when = (at: Date) => at.toLocaleString(locale, { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' })
  return (
    <section className="page">
      <p>
        <Link to="/staff">← {t('staff.title')}</Link>
      </p>
      <h1>{t('staff.outbox')}</h1>
      <p className="muted">{t(smtp ? 'staff.outboxSmtp' : 'staff.outboxIntro')}</p>
      {smtp ? <p className="muted">{t('emailPriority.bulkHint')}</p> : null}
      <nav className="filters" aria-label={t('staff.outbox')}>
        <Link to="/staff/emails" aria-current={status === null ? 'page' : undefined}>
          {t('staff.all')}
        </Link>
        {EMAIL_STATUSES.map((s) => (
          <Link key={s} to={`/staff/emails?status=${s}`} aria-current={status === s ? 'page' : undefined}>
            {t(`staff.emailStatus.${s}`)} ({byStatus[s] ?? 0})
          </Link>
        ))}
      </nav>
      {messages.length === 0 ? <p>{t('staff.noEmails')}</p> : null}
      <ul className="email-list" data-testid="emails">
        {messages.map((m) => (
          <li key={m.id} data-status={m.status} data-priority={m.priority}>
            <details>
              <summary>
                <span className="badge">{t(`staff.emailStatus.${m.status}`)}</span>{' '}
                {m.priority === 'BULK' ? (
                  <>
                    <span className="badge" title={t('emailPriority.bulkHint')}>
                      {t('emailPriority.BULK')}
                    </span>{' '}
                  </>
                ) : null}
                <strong>{m.subject}</strong> · {m.toAddress} · <time dateTime={m.createdAt.toISOString()}>{when(m.createdAt)}</time>
                {m.attempts > 1 ? ` · ${t('staff.emailAttempts', { count: m.attempts })}` : ''}
              </summary>
              {m.lastError ? <p className="error">{m.lastError}</p> : null}
              <pre className="email-body">{m.text}</pre>
            </details>
          </li>
        ))}
      </ul>
    </section>
  )
}
