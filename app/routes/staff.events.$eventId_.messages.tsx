import { randomBytes } from 'node:crypto'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { translateFieldError } from '~/components/form-field.tsx'
import { StaffEventNav } from '~/components/staff-event-nav.tsx'
import { EMAIL_STATUSES } from '~/domain/email.ts'
import { DEFAULT_LOCALE, localized, type AppLocale } from '~/domain/locale.ts'
import { PLACEHOLDERS, type MessageField, type MessageTemplate } from '~/domain/registrant-message.ts'
import type { DeskQuery } from '~/domain/registration-desk.ts'
import { dayKey, formatDay, formatTime } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { fieldErrors } from '~/schemas/auth.ts'
import { idSchema } from '~/schemas/common.ts'
import { parseDeskQuery } from '~/schemas/registration-desk.ts'
import { messagesPageQuerySchema, messageTemplateSchema, registrantMessageActionSchema } from '~/schemas/registrant-message.ts'
import { emailConfigured } from '~/services/email/mailer.server.ts'
import { deleteMessageTemplate } from '~/services/registration/delete-message-template.server.ts'
import { getRegistrantMessagesPage } from '~/services/registration/get-registrant-messages-page.server.ts'
import { deskQueryFromUrl } from '~/services/registration/list-event-registrations.server.ts'
import { previewRegistrantMessage, type MessagePreview } from '~/services/registration/preview-registrant-message.server.ts'
import { messageFilter } from '~/services/registration/registrant-message-recipients.server.ts'
import { saveMessageTemplate } from '~/services/registration/save-message-template.server.ts'
import { sendRegistrantMessage } from '~/services/registration/send-registrant-message.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { titleMeta } from '~/utils/meta.ts'
import { actionResult, handle, parseParams } from '~/utils/route.server.ts'

export const meta: MetaFunction = titleMeta('给报名者写信', 'Write to registrants')
const paramsSchema = z.object({ eventId: idSchema })

/** Staff: write to the desk's filtered registrants (the filter is this page's URL query, as on the desk). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const query = deskQueryFromUrl(request.url)
    const own = parseParams(messagesPageQuerySchema, Object.fromEntries(new URL(request.url).searchParams))
    const page = await getRegistrantMessagesPage(getDb(), eventId, query, { templateId: own.template, sendId: own.send })
    // One nonce per page load: a double-submitted send is sent once; the next load allows another.
    return { ...page, query, filter: messageFilter(query), smtp: emailConfigured(), sendNonce: randomBytes(12).toString('base64url') }
  })
}

type Reply = {
  ok: boolean
  intent: string
  code?: string
  /** A message of this page's namespace (with its values) instead of the error code's. */
  message?: { key: string; values?: Record<string, unknown> }
  fields?: Record<string, string>
  values?: MessageTemplate
  preview?: MessagePreview
  sent?: { recipients: number; changed: boolean; outbox: boolean }
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'manage:event:any')
    const { eventId } = parseParams(paramsSchema, params)
    const query = deskQueryFromUrl(request.url)
    const raw = Object.fromEntries(await request.formData())
    const intent = String(raw.intent ?? '')
    const parsed = registrantMessageActionSchema.safeParse(raw)
    if (!parsed.success) return data<Reply>({ ok: false, intent, code: 'validation_failed', fields: fieldErrors(parsed.error) }, { status: 422 })
    const db = getDb()
    const ctx = auditContextFrom(request, user.id)
    const input = parsed.data
    const failed = (error: { code: string; details?: Record<string, unknown> }): Reply => {
      const reason = error.details?.reason
      if (reason === 'recipients_changed') return { ok: false, intent, code: error.code, message: { key: 'deskMessages.recipientsChanged', values: { count: error.details?.recipients } } }
      if (reason === 'no_recipients') return { ok: false, intent, code: error.code, message: { key: 'deskMessages.noRecipients' } }
      return { ok: false, intent, code: error.code }
    }
    if (input.intent === 'deleteTemplate')
      return actionResult(async (): Promise<Reply> => {
        await deleteMessageTemplate(db, { eventId, templateId: input.templateId }, ctx)
        return { ok: true, intent }
      }, failed)
    const template = messageTemplateSchema.safeParse(raw)
    const values = pickTemplate(raw)
    if (!template.success) return data<Reply>({ ok: false, intent, code: 'validation_failed', fields: fieldErrors(template.error), values }, { status: 422 })
    switch (input.intent) {
      case 'preview':
        return actionResult(async (): Promise<Reply> => ({ ok: true, intent, values: template.data, preview: await previewRegistrantMessage(db, eventId, query, template.data) }), failed)
      case 'send':
        return actionResult(async (): Promise<Reply> => {
          const result = await sendRegistrantMessage(db, { eventId, query, template: template.data, templateId: input.templateId ?? null, nonce: input.nonce, expected: input.expected }, ctx)
          return { ok: true, intent, sent: { recipients: result.recipients, changed: result.changed, outbox: !emailConfigured() } }
        }, failed)
      case 'saveTemplate':
        return actionResult(async (): Promise<Reply> => {
          await saveMessageTemplate(db, { eventId, name: input.name, template: template.data }, ctx)
          return { ok: true, intent, values: template.data }
        }, failed)
    }
  })
}

function pickTemplate(raw: Record<string, unknown>): MessageTemplate {
  const text = (v: unknown) => (typeof v === 'string' ? v : '')
  return { subjectZh: text(raw.subjectZh), bodyZh: text(raw.bodyZh), subjectEn: text(raw.subjectEn), bodyEn: text(raw.bodyEn) }
}

type Ticket = { id: string; nameZh: string; nameEn: string }

/** The filter in words ("状态：已确认 · 票种：普通票"), from the desk's query. */
function useDescribeFilter(tickets: Ticket[]) {
  const { t } = useTranslation()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const sep = locale === 'en' ? ': ' : '：'
  return (query: DeskQuery | string): string => {
    let q: DeskQuery
    if (typeof query === 'string') {
      const parsed = parseDeskQuery(new URLSearchParams(query))
      if (!parsed.ok) return query
      q = parsed.query
    } else q = query
    const parts: string[] = []
    if (q.q) parts.push(t('deskMessages.search', { q: q.q }))
    if (q.institution) parts.push(`${t('deskRows.filters.institution')}${sep}${q.institution}`)
    if (q.status) parts.push(`${t('desk.filters.status')}${sep}${t(`desk.status.${q.status}`)}`)
    if (q.ticket) {
      const ticket = tickets.find((tt) => tt.id === q.ticket)
      parts.push(`${t('desk.filters.ticket')}${sep}${ticket ? localized(locale, ticket.nameZh, ticket.nameEn) : q.ticket}`)
    }
    if (q.tier) parts.push(`${t('desk.filters.tier')}${sep}${t(`desk.tier.${q.tier}`)}`)
    if (q.checkedIn !== undefined) parts.push(`${t('desk.filters.checkedIn')}${sep}${t(q.checkedIn ? 'desk.yes' : 'desk.no')}`)
    if (q.certificate !== undefined) parts.push(`${t('desk.filters.certificate')}${sep}${t(q.certificate ? 'desk.yes' : 'desk.no')}`)
    if (q.payment) parts.push(`${t('desk.filters.payment')}${sep}${t(`desk.payment.${q.payment}`)}`)
    if (q.fapiao) parts.push(`${t('desk.filters.fapiao')}${sep}${t(`payments.fapiao.state.${q.fapiao}`)}`)
    return parts.length > 0 ? parts.join(' · ') : t('deskMessages.noFilter')
  }
}

function TextField({ name, label, value, error, multiline }: { name: MessageField; label: string; value: string; error?: string; multiline?: boolean }) {
  const { t } = useTranslation()
  const id = `message-${name}`
  const props = { id, name, defaultValue: value, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : undefined }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea rows={8} {...props} /> : <input type="text" {...props} />}
      {error ? (
        <small id={`${id}-error`} className="error" role="alert">
          {translateFieldError(t, error)}
        </small>
      ) : null}
    </div>
  )
}

const EMPTY: MessageTemplate = { subjectZh: '', bodyZh: '', subjectEn: '', bodyEn: '' }

export default function RegistrantMessages() {
  const { event, tickets, recipients, templates, template, sends, send, query, filter, sendNonce } = useLoaderData<typeof loader>()
  const reply = useActionData<typeof action>() as Reply | undefined
  const navigation = useNavigation()
  const { t } = useTranslation()
  const locale: AppLocale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const describe = useDescribeFilter(tickets)
  const here = (extra: Record<string, string> = {}) => {
    const params = new URLSearchParams(filter)
    for (const [k, v] of Object.entries(extra)) params.set(k, v)
    const s = params.toString()
    return s ? `?${s}` : '?'
  }
  // The forms post to this page's filter (and the template they started from, kept for the send's log).
  const action = here(template ? { template: template.id } : {})
  const deskLink = `/staff/events/${event.id}/registrations${filter ? `?${filter}` : ''}`
  const when = (at: Date) => `${formatDay(dayKey(at, event.timeZone), locale)} ${formatTime(at, event.timeZone)}`
  const values: MessageTemplate = reply?.values ?? (template ? { subjectZh: template.subjectZh, bodyZh: template.bodyZh, subjectEn: template.subjectEn, bodyEn: template.bodyEn } : EMPTY)
  const fields = reply?.fields ?? {}
  const busy = navigation.state !== 'idle'
  const preview = reply?.ok && reply.intent === 'preview' ? reply.preview : undefined
  const inactive = preview ? Object.entries(preview.byStatus).some(([s, n]) => n && s !== 'CONFIRMED' && s !== 'PENDING_PAYMENT' && s !== 'PENDING_APPROVAL') : false

  let notice: string | null = null
  if (reply?.ok && reply.intent === 'send' && reply.sent)
    notice = reply.sent.changed ? t(reply.sent.outbox ? 'deskMessages.sentOutbox' : 'deskMessages.sent', { count: reply.sent.recipients }) : t('deskMessages.alreadySent')
  if (reply?.ok && reply.intent === 'saveTemplate') notice = t('deskMessages.templates.saved')
  if (reply?.ok && reply.intent === 'deleteTemplate') notice = t('deskMessages.templates.deleted')
  const failure = reply && !reply.ok ? (reply.message ? t(reply.message.key, reply.message.values) : t(`errors.${reply.code ?? 'bad_request'}`)) : null

  return (
    <section className="page staff">
      <StaffEventNav eventId={event.id} />
      <p>
        <Link to={deskLink}>{t('deskMessages.back')}</Link>
      </p>
      <h1>
        {t('deskMessages.title')} · {localized(locale, event.titleZh, event.titleEn)}
      </h1>
      {notice ? (
        <p role="status" className="notice" data-testid="messages-reply">
          {notice}
        </p>
      ) : null}
      {failure ? (
        <p role="alert" className="error" data-testid="messages-reply">
          {failure}
        </p>
      ) : null}
      <p data-testid="message-recipients">
        <strong>{t('deskMessages.recipients', { count: recipients })}</strong>
      </p>
      <p>
        {t('deskMessages.filter')}
        {locale === 'en' ? ': ' : '：'}
        <span data-testid="message-filter">{describe(query as DeskQuery)}</span> · <Link to={deskLink}>{t('deskMessages.changeFilter')}</Link>
      </p>
      {template ? <p className="muted">{t('deskMessages.templates.loaded', { name: template.name })}</p> : null}

      <Form method="post" action={action} key={template?.id ?? 'new'} data-testid="message-form">
        <p className="muted">{t('deskMessages.versions.hint')}</p>
        <fieldset>
          <legend>{t('deskMessages.versions.zh')}</legend>
          <TextField name="subjectZh" label={t('deskMessages.fields.subjectZh')} value={values.subjectZh} error={fields.subjectZh} />
          <TextField name="bodyZh" label={t('deskMessages.fields.bodyZh')} value={values.bodyZh} error={fields.bodyZh} multiline />
        </fieldset>
        <fieldset>
          <legend>{t('deskMessages.versions.en')}</legend>
          <TextField name="subjectEn" label={t('deskMessages.fields.subjectEn')} value={values.subjectEn} error={fields.subjectEn} />
          <TextField name="bodyEn" label={t('deskMessages.fields.bodyEn')} value={values.bodyEn} error={fields.bodyEn} multiline />
        </fieldset>
        <details open>
          <summary>{t('deskMessages.placeholders.heading')}</summary>
          <p className="muted">{t('deskMessages.placeholders.hint')}</p>
          <dl data-testid="message-placeholders">
            {PLACEHOLDERS.map((p) => (
              <div key={p}>
                <dt>
                  <code>{`{{${p}}}`}</code>
                </dt>
                <dd>{t(`deskMessages.placeholders.${p}`)}</dd>
              </div>
            ))}
          </dl>
        </details>
        <p>
          <button type="submit" name="intent" value="preview" disabled={busy}>
            {t('deskMessages.preview')}
          </button>
        </p>
        <p>
          <label>
            {t('deskMessages.templates.name')} <input type="text" name="name" maxLength={100} defaultValue={template?.name ?? ''} aria-invalid={fields.name ? true : undefined} />
          </label>{' '}
          <button type="submit" name="intent" value="saveTemplate" className="secondary" disabled={busy}>
            {t('deskMessages.templates.save')}
          </button>{' '}
          <small className="muted">{t('deskMessages.templates.saveHint')}</small>
          {fields.name ? (
            <small className="error" role="alert">
              {' '}
              {translateFieldError(t, fields.name)}
            </small>
          ) : null}
        </p>
      </Form>

      {preview ? (
        <section data-testid="message-preview" aria-labelledby="message-preview-heading">
          <h2 id="message-preview-heading">{t('deskMessages.previewHeading')}</h2>
          <p>
            <strong data-testid="message-preview-count">{t('deskMessages.previewCount', { count: preview.recipients })}</strong> ·{' '}
            {t('deskMessages.previewLocales', { zh: preview.byLocale['zh-CN'], en: preview.byLocale.en })}
          </p>
          <p className="muted">
            {Object.entries(preview.byStatus)
              .map(([s, n]) => `${t(`desk.status.${s}`)} ${n}`)
              .join(' · ')}
          </p>
          {inactive ? <p className="error">{t('deskMessages.includesInactive')}</p> : null}
          {preview.samples.map((sample) => (
            <article key={sample.locale} data-testid={`message-sample-${sample.locale}`} className="email-sample">
              <h3>{t(`deskMessages.sample.${sample.locale}`)}</h3>
              <p className="muted">{sample.recipient ? t('deskMessages.sampleFor', { name: sample.recipient.realName, email: sample.recipient.email }) : t('deskMessages.noReader')}</p>
              <p>
                {t('deskMessages.subject')}
                {locale === 'en' ? ': ' : '：'}
                <strong data-testid="sample-subject">{sample.message.subject}</strong>
              </p>
              <pre className="email-body" data-testid="sample-text">
                {sample.message.text}
              </pre>
            </article>
          ))}
          {preview.recipients > 0 && reply?.values ? (
            <Form
              method="post"
              action={action}
              onSubmit={(e) => {
                if (!window.confirm(t('deskMessages.sendConfirm', { count: preview.recipients }))) e.preventDefault()
              }}
            >
              {(Object.keys(EMPTY) as MessageField[]).map((name) => (
                <input key={name} type="hidden" name={name} value={reply.values![name]} />
              ))}
              <input type="hidden" name="nonce" value={sendNonce} />
              <input type="hidden" name="expected" value={preview.recipients} />
              <input type="hidden" name="templateId" value={template?.id ?? ''} />
              <button type="submit" name="intent" value="send" data-testid="message-send">
                {t('deskMessages.send', { count: preview.recipients })}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="message-templates-heading">
        <h2 id="message-templates-heading">{t('deskMessages.templates.heading')}</h2>
        {templates.length === 0 ? (
          <p className="muted">{t('deskMessages.templates.none')}</p>
        ) : (
          <ul data-testid="message-templates">
            {templates.map((tpl) => (
              <li key={tpl.id}>
                <strong>{tpl.name}</strong> · {tpl.subjectZh || tpl.subjectEn} · <Link to={here({ template: tpl.id })}>{t('deskMessages.templates.use')}</Link>{' '}
                <Form
                  method="post"
                  action={here()}
                  style={{ display: 'inline' }}
                  onSubmit={(e) => {
                    if (!window.confirm(t('deskMessages.templates.deleteConfirm'))) e.preventDefault()
                  }}
                >
                  <input type="hidden" name="templateId" value={tpl.id} />
                  <button type="submit" name="intent" value="deleteTemplate" className="secondary">
                    {t('deskMessages.templates.delete')}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="message-history-heading">
        <h2 id="message-history-heading">{t('deskMessages.history.heading')}</h2>
        {sends.length === 0 ? (
          <p className="muted">{t('deskMessages.history.none')}</p>
        ) : (
          <div className="table-scroll">
            <table data-testid="message-history">
              <thead>
                <tr>
                  {(['when', 'by', 'subject', 'filter', 'recipients', 'status'] as const).map((c) => (
                    <th key={c} scope="col">
                      {t(`deskMessages.history.columns.${c}`)}
                    </th>
                  ))}
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {sends.map((s) => (
                  <tr key={s.id} data-send-id={s.id}>
                    <td>
                      <time dateTime={s.createdAt.toISOString()}>{when(s.createdAt)}</time>
                    </td>
                    <td>{s.sentBy ?? ''}</td>
                    <td>{localized(locale, s.subjectZh, s.subjectEn)}</td>
                    <td>{describe(s.filter)}</td>
                    <td data-testid="send-recipients">{s.recipientCount}</td>
                    <td>
                      {EMAIL_STATUSES.filter((st) => s.byStatus[st])
                        .map((st) => `${t(`staff.emailStatus.${st}`)} ${s.byStatus[st]}`)
                        .join(' · ')}
                    </td>
                    <td>
                      <Link to={here({ send: s.id })}>{t('deskMessages.history.show')}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {send ? (
        <section aria-labelledby="message-send-heading" data-testid="message-send-detail">
          <h2 id="message-send-heading">{t('deskMessages.detail.heading', { count: send.recipientCount })}</h2>
          <p>
            <Link to={here()}>{t('deskMessages.detail.close')}</Link>
          </p>
          <p>
            {t('deskMessages.filter')}
            {locale === 'en' ? ': ' : '：'}
            {describe(send.filter)}
          </p>
          {(['zh', 'en'] as const).map((lang) => {
            const subject = lang === 'zh' ? send.subjectZh : send.subjectEn
            const body = lang === 'zh' ? send.bodyZh : send.bodyEn
            return subject ? (
              <details key={lang} data-testid={`send-text-${lang}`}>
                <summary>
                  {t(`deskMessages.versions.${lang}`)}
                  {locale === 'en' ? ': ' : '：'}
                  {subject}
                </summary>
                <pre className="email-body">{body}</pre>
              </details>
            ) : null
          })}
          {send.recipients.length < send.recipientCount ? <p className="muted">{t('deskMessages.detail.shown', { shown: send.recipients.length })}</p> : null}
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  {(['name', 'email', 'language', 'status'] as const).map((c) => (
                    <th key={c} scope="col">
                      {t(`deskMessages.detail.columns.${c}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {send.recipients.map((r) => (
                  <tr key={r.registrationId} data-recipient={r.email}>
                    <td>{r.realName}</td>
                    <td>{r.email}</td>
                    <td>{t(`deskMessages.detail.language.${r.locale}`)}</td>
                    <td>{t(`staff.emailStatus.${r.status}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </section>
  )
}
