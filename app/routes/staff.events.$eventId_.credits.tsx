import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { CertificateState } from '~/components/credits/certificate-state.tsx'
import { usePollWhile } from '~/components/credits/use-poll-while.ts'
import { FormError } from '~/components/form-field.tsx'
import { SKIP_REASONS } from '~/domain/certificate-skip.ts'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { dayKey, formatTime } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { idSchema } from '~/schemas/common.ts'
import { certificateActionSchema, creditRuleSchema } from '~/schemas/credits.ts'
import { getStaffCredits } from '~/services/credits/get-staff-credits.server.ts'
import { setCreditRuleActive } from '~/services/credits/set-credit-rule-active.server.ts'
import { overrideCertificate } from '~/services/credits/override-certificate.server.ts'
import { reissueCertificate } from '~/services/credits/reissue-certificate.server.ts'
import { revokeCertificate } from '~/services/credits/revoke-certificate.server.ts'
import { createCertificateBatch, runCertificateBatch } from '~/services/credits/run-certificate-batch.server.ts'
import { saveCreditRule } from '~/services/credits/save-credit-rule.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getCertificateQueue } from '~/services/credits/certificate-queue.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { actionResult, handle, parseParams } from '~/utils/route.server.ts'
import { StaffEventNav } from '~/components/staff-event-nav.tsx'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('学分与证书', 'Credits and certificates')

const paramsSchema = z.object({ eventId: idSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'issue:certificate:any')
    const { eventId } = parseParams(paramsSchema, params)
    const search = searchSchema.parse(new URL(request.url).searchParams.get('q') ?? '')
    return { ...(await getStaffCredits(getDb(), eventId, search)), search }
  })
}

/** A name, an e-mail or a certificate number (as printed, upper case) to look for. */
const searchSchema = z.string().trim().max(100).catch('')

type Result = { ok: boolean; intent: string; code?: string; fields?: Record<string, string>; message?: string }

export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'issue:certificate:any')
    const { eventId } = parseParams(paramsSchema, params)
    const actor = auditContextFrom(request, user.id)
    const form = Object.fromEntries(await request.formData())
    const db = getDb()
    if (form.intent === 'rule') {
      const parsed = creditRuleSchema.safeParse(form)
      if (!parsed.success)
        return data<Result>({ ok: false, intent: 'rule', code: 'validation_failed', fields: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) }, { status: 422 })
      await saveCreditRule(db, eventId, parsed.data, actor)
      return { ok: true, intent: 'rule' } satisfies Result
    }
    const parsed = certificateActionSchema.safeParse(form)
    if (!parsed.success)
      return data<Result>(
        { ok: false, intent: String(form.intent ?? ''), code: 'validation_failed', fields: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) },
        { status: 422 },
      )
    const input = parsed.data
    return actionResult(
      async () => {
        // Every certificate and rule touched here must belong to this event (the services check it).
        if (input.intent === 'revoke') await revokeCertificate(db, { eventId, certificateId: input.certificateId, reason: input.reason, actor })
        else if (input.intent === 'reissue') await reissueCertificate(db, { eventId, certificateId: input.certificateId, reason: input.reason, actor })
        else if (input.intent === 'override') {
          await overrideCertificate(db, { eventId, ruleId: input.ruleId, email: input.email, reason: input.reason, credits: input.credits, actor })
        } else if (input.intent === 'rule-active') {
          await setCreditRuleActive(db, { eventId, ruleId: input.ruleId, active: input.active }, actor)
        } else if (input.intent === 'batch') {
          const batch = await createCertificateBatch(db, { eventId, ruleId: input.ruleId, actor })
          const queue = getCertificateQueue()
          if (queue) await queue.enqueueBatch(batch.id)
          else void runCertificateBatch(db, batch.id).catch((error) => logger.error({ err: error, batchId: batch.id }, 'certificate batch failed'))
        }
        return { ok: true, intent: input.intent } satisfies Result
      },
      (error): Result => ({ ok: false, intent: input.intent, code: error.code }),
    )
  })
}

export default function StaffCredits() {
  const { event, rules, batches, certificates, counts, search } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as Result | undefined
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const running = batches.some((b) => b.status === 'QUEUED' || b.status === 'RUNNING')
  usePollWhile(running, 1000)
  const day = (d: Date | string) => new Date(d).toLocaleDateString(locale, { timeZone: event.timeZone })
  // Issue times on the event's wall clock (its zone is named above the table).
  const minute = (d: Date | string) => `${dayKey(new Date(d), event.timeZone)} ${formatTime(new Date(d), event.timeZone)}`
  const feedback = (intent: string) =>
    result?.intent === intent ? (
      result.ok ? (
        <p className="toast" role="status">
          {t('credits.staff.done')}
        </p>
      ) : (
        <>
          <FormError code={result.code} />
          {result.fields ? (
            <ul className="error">
              {Object.entries(result.fields).map(([k, v]) => (
                <li key={k}>
                  {k}: {t(v)}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )
    ) : null
  const base = `/staff/events/${event.id}/credits`
  return (
    <section className="page staff credits-staff">
      <StaffEventNav eventId={event.id} />
      <p>
        <Link to={`/staff/events/${event.id}`}>← {localized(locale, event.titleZh, event.titleEn)}</Link>
      </p>
      <h1>{t('credits.staff.title')}</h1>
      <p className="meta" data-testid="certificate-counts">
        {t('credits.status.VALID')} {counts.VALID ?? 0} · {t('credits.status.REVOKED')} {counts.REVOKED ?? 0} · {t('credits.status.SUPERSEDED')} {counts.SUPERSEDED ?? 0}
      </p>
      <p>
        <a href={`${base}/pars.xlsx`}>{t('credits.staff.exportPars')}</a> · <a href={`${base}/cn-report.xlsx`}>{t('credits.staff.exportChina')}</a> ·{' '}
        <a href={`${base}/certificates.csv`}>{t('credits.staff.exportCsv')}</a>
      </p>

      <h2>{t('credits.staff.rules')}</h2>
      {rules.length === 0 ? <p className="muted">{t('credits.staff.noRules')}</p> : null}
      <ul className="credit-rules">
        {rules.map((r) => (
          <li key={r.id} data-testid="staff-rule" data-active={r.active}>
            <strong>{localized(locale, r.nameZh, r.nameEn)}</strong>
            {r.active ? null : <span className="badge"> {t('credits.staff.inactive')}</span>} · {t(`credits.scheme.${r.scheme}`)} · {t(`credits.audience.${r.audience}`)} ·{' '}
            {t(`credits.delivery.${r.delivery}`)} · {r.mode === 'FIXED' ? t('credits.staff.fixed', { credits: r.credits }) : t('credits.staff.perHour', { credits: r.credits })}
            {r.projectNumber ? ` · ${t('credits.staff.projectNumber')} ${r.projectNumber}` : ''}
            {r.forum ? ` · ${localized(locale, r.forum.titleZh, r.forum.titleEn)}` : ''}
            {r.session ? ` · ${localized(locale, r.session.titleZh, r.session.titleEn)}` : ''} · {t('credits.staff.issuedCount', { n: r._count.certificates })}
            {r.active ? (
              <Form method="post" className="inline">
                <input type="hidden" name="intent" value="batch" />
                <input type="hidden" name="ruleId" value={r.id} />
                <button type="submit" className="small" data-testid="batch-issue">
                  {t('credits.staff.batch')}
                </button>
              </Form>
            ) : null}
            <Form method="post" className="inline">
              <input type="hidden" name="intent" value="rule-active" />
              <input type="hidden" name="ruleId" value={r.id} />
              <input type="hidden" name="active" value={r.active ? 'false' : 'true'} />
              <button type="submit" className="small secondary" data-testid="rule-active">
                {r.active ? t('credits.staff.deactivate') : t('credits.staff.activate')}
              </button>
            </Form>
          </li>
        ))}
      </ul>
      {feedback('batch')}
      {feedback('rule-active')}
      {batches.length ? (
        <ul className="batches" data-testid="batches">
          {batches.map((b) => (
            <li key={b.id} data-status={b.status} data-testid="batch">
              <progress max={Math.max(b.total, 1)} value={b.processed} aria-label={t('credits.staff.batchProgress')} /> {t(`credits.batchStatus.${b.status}`)} ·{' '}
              {t('credits.staff.batchCounts', { processed: b.processed, total: b.total, issued: b.issued, skipped: b.skipped, failed: b.failed })}
              {b.skipped + b.failed > 0 ? (
                <details className="batch-skips">
                  <summary>{t('credits.staff.skipTitle', { n: b.skipped + b.failed })}</summary>
                  <p data-testid="skip-counts">
                    {t('credits.staff.skipByReason')}:{' '}
                    {SKIP_REASONS.filter((reason) => b.reasonCounts[reason])
                      .map((reason) => `${t(`credits.skip.${reason}`)} ${b.reasonCounts[reason]}`)
                      .join(' · ')}
                    <span className="muted"> ({t('credits.staff.skipOverlap')})</span>
                  </p>
                  <ul data-testid="skips">
                    {b.skips.map((s) => (
                      <li key={s.id} data-testid="skip" data-reasons={s.reasons.join(' ')}>
                        {s.user.realName} <span className="muted">{s.user.email}</span> · {s.reasons.map((reason) => t(`credits.skip.${reason}`)).join(locale === 'en' ? '; ' : '、')}
                        {s.errorCode ? <span className="muted"> ({t('credits.staff.errorCode', { code: s.errorCode })})</span> : null}
                      </li>
                    ))}
                  </ul>
                  {b.skipped + b.failed > b.skips.length ? <p className="muted">{t('credits.staff.skipMore', { shown: b.skips.length, total: b.skipped + b.failed })}</p> : null}
                </details>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}

      <details>
        <summary>{t('credits.staff.addRule')}</summary>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="rule" />
          <label>
            {t('credits.staff.nameZh')} <input name="nameZh" required />
          </label>
          <label>
            {t('credits.staff.nameEn')} <input name="nameEn" required />
          </label>
          <label>
            {t('credits.staff.scope')}{' '}
            <select name="scope">
              <option value="event">{t('credits.staff.wholeEvent')}</option>
              {event.forums.map((f) => (
                <optgroup key={f.id} label={localized(locale, f.titleZh, f.titleEn)}>
                  <option value={`forum:${f.id}`}>{localized(locale, f.titleZh, f.titleEn)}</option>
                  {f.sessions.map((s) => (
                    <option key={s.id} value={`session:${s.id}`}>
                      — {localized(locale, s.titleZh, s.titleEn)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
          <label>
            {t('credits.staff.schemeLabel')}{' '}
            <select name="scheme">
              {(['CN_CME_CLASS_I', 'CN_CME_CLASS_II', 'AMA_PRA_CAT1', 'CUSTOM'] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`credits.scheme.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('credits.staff.audienceLabel')}{' '}
            <select name="audience">
              <option value="ATTENDEE">{t('credits.audience.ATTENDEE')}</option>
              <option value="FACULTY">{t('credits.audience.FACULTY')}</option>
            </select>
          </label>
          <label>
            {t('credits.staff.deliveryLabel')}{' '}
            <select name="delivery">
              <option value="LIVE">{t('credits.delivery.LIVE')}</option>
              <option value="REPLAY">{t('credits.delivery.REPLAY')}</option>
            </select>
          </label>
          <label>
            {t('credits.staff.modeLabel')}{' '}
            <select name="mode">
              <option value="FIXED">{t('credits.staff.modeFixed')}</option>
              <option value="PER_HOUR">{t('credits.staff.modePerHour')}</option>
            </select>
          </label>
          <label>
            {t('credits.staff.credits')} <input name="credits" inputMode="decimal" required />
          </label>
          <label>
            {t('credits.staff.maxCredits')} <input name="maxCredits" inputMode="decimal" />
          </label>
          <label>
            {t('credits.staff.roundingLabel')}{' '}
            <select name="rounding">
              <option value="NONE">{t('credits.staff.roundingNone')}</option>
              <option value="QUARTER_HOUR">{t('credits.staff.roundingQuarter')}</option>
            </select>
          </label>
          <label>
            {t('credits.staff.minMinutes')} <input name="minAttendedMinutes" inputMode="numeric" />
          </label>
          <label>
            {t('credits.staff.minPercent')} <input name="minAttendedPercent" inputMode="numeric" />
          </label>
          <label>
            {t('credits.staff.minPresence')} <input name="minPresencePercent" inputMode="numeric" />
          </label>
          <label>
            <input type="checkbox" name="requireExamPassed" /> {t('credits.staff.requireExam')}
          </label>
          <label>
            <input type="checkbox" name="requireEvaluation" /> {t('credits.staff.requireEvaluation')}
          </label>
          <label>
            <input type="checkbox" name="autoIssue" defaultChecked /> {t('credits.staff.autoIssue')}
          </label>
          <label>
            {t('credits.staff.projectNumber')} <input name="projectNumber" />
          </label>
          <label>
            {t('credits.staff.projectLevel')}{' '}
            <select name="projectLevel">
              <option value="">—</option>
              {(['NATIONAL', 'PROVINCIAL', 'MUNICIPAL'] as const).map((l) => (
                <option key={l} value={l}>
                  {t(`credits.level.${l}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t('credits.staff.saveRule')}</button>
          {feedback('rule')}
        </Form>
      </details>

      <details>
        <summary>{t('credits.staff.override')}</summary>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="override" />
          <label>
            {t('credits.staff.rule')}{' '}
            <select name="ruleId">
              {rules.map((r) => (
                <option key={r.id} value={r.id}>
                  {localized(locale, r.nameZh, r.nameEn)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('credits.staff.email')} <input name="email" type="email" required />
          </label>
          <label>
            {t('credits.staff.credits')} <input name="credits" inputMode="decimal" />
          </label>
          <label>
            {t('credits.staff.reason')} <input name="reason" required minLength={3} />
          </label>
          <button type="submit">{t('credits.staff.overrideSubmit')}</button>
          {feedback('override')}
        </Form>
      </details>

      <h2>{t('credits.staff.certificates')}</h2>
      <Form method="get" className="inline-search" role="search">
        <label>
          {t('credits.staff.search')} <input type="search" name="q" defaultValue={search} maxLength={100} data-testid="certificate-search" />
        </label>
        <button type="submit" className="secondary">
          {t('credits.staff.searchSubmit')}
        </button>
      </Form>
      {feedback('revoke')}
      {feedback('reissue')}
      <p className="meta">{t('staffSections.certificates.zone', { zone: event.timeZone })}</p>
      <table className="table" data-testid="staff-certificates">
        <thead>
          <tr>
            <th>{t('credits.verify.name')}</th>
            <th>{t('credits.staff.rule')}</th>
            <th>{t('credits.verify.credits')}</th>
            <th>{t('staffSections.certificates.issuedAt')}</th>
            <th>{t('staffSections.certificates.issuedBy')}</th>
            <th>{t('credits.staff.statusLabel')}</th>
            <th>{t('credits.staff.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {certificates.map((c) => (
            <tr key={c.id} data-status={c.status} data-email={c.user.email}>
              <td>
                {c.holderName} <span className="muted">{c.user.email}</span>
              </td>
              <td>
                {localized(locale, c.rule.nameZh, c.rule.nameEn)} v{c.version}
                {c.overrideReason ? <span className="muted"> · {t('credits.staff.overridden', { reason: c.overrideReason })}</span> : null}
              </td>
              <td>{c.credits}</td>
              <td data-testid="issued-at">{minute(c.issuedAt)}</td>
              <td data-testid="issued-by">{c.issuedBy ?? t('staffSections.certificates.automatic')}</td>
              <td>
                <CertificateState certificate={c} day={day} />
                {c.reviewFlaggedAt && c.status === 'VALID' ? (
                  <span className="badge warning" data-testid="to-review">
                    {' '}
                    {c.reviewReason === 'registration_refunded' ? t('eligibility.flaggedRefund') : t('forumTimes.flagged')}
                  </span>
                ) : null}
              </td>
              <td>
                <a href={`/me/certificates/${c.id}.pdf`}>PDF</a> · <a href={`/verify/${c.code}`}>{t('credits.mine.verifyLink')}</a>
                {c.status === 'VALID' ? (
                  <Form method="post" className="inline">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="certificateId" value={c.id} />
                    <input name="reason" required minLength={3} placeholder={t('credits.staff.reason')} aria-label={t('credits.staff.reason')} />
                    <button type="submit" className="secondary small" data-testid="revoke">
                      {t('credits.staff.revoke')}
                    </button>
                  </Form>
                ) : null}
                {c.current ? (
                  <Form method="post" className="inline">
                    <input type="hidden" name="intent" value="reissue" />
                    <input type="hidden" name="certificateId" value={c.id} />
                    <input name="reason" required minLength={3} placeholder={t('credits.staff.reason')} aria-label={t('credits.staff.reason')} />
                    <button type="submit" className="secondary small">
                      {t('credits.staff.reissue')}
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
