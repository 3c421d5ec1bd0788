import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData, useSearchParams } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { CheckField, SelectField, TextAreaField } from '~/components/assessment-fields.tsx'
import { Field, FormError } from '~/components/form-field.tsx'
import { DEFAULT_LOCALE, joinList, localized } from '~/domain/locale.ts'
import { utcToZonedInput } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { fieldErrors } from '~/schemas/auth.ts'
import { idSchema } from '~/schemas/common.ts'
import { examFormSchema } from '~/schemas/exam.ts'
import { getExamSettings } from '~/services/exams/get-exam-settings.server.ts'
import { saveExam } from '~/services/exams/save-exam.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { actionResult, handle, parseParams } from '~/utils/route.server.ts'
import { StaffEventNav } from '~/components/staff-event-nav.tsx'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('考核设置', 'Exam settings')
const paramsSchema = z.object({ eventId: idSchema, examId: z.union([z.literal('new'), idSchema]) })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId, examId } = parseParams(paramsSchema, params)
    return getExamSettings(getDb(), { eventId, examId: examId === 'new' ? undefined : examId })
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'manage:event:any')
    const { eventId, examId } = parseParams(paramsSchema, params)
    const formData = await request.formData()
    const form = { ...Object.fromEntries(formData), questionIds: formData.getAll('questionIds').map(String) }
    const parsed = examFormSchema.safeParse(form)
    if (!parsed.success) return data({ code: 'validation_failed', fields: fieldErrors(parsed.error), values: {} }, { status: 422 })
    return actionResult(
      async () => {
        const exam = await saveExam(getDb(), { eventId, examId: examId === 'new' ? undefined : examId, form: parsed.data }, auditContextFrom(request, user.id))
        return redirect(`/staff/events/${eventId}/exams/${exam.id}?saved=1`)
      },
      (error) => {
        const { fields, ...values } = error.details ?? {}
        return { code: error.code, fields: (fields ?? {}) as Record<string, string>, values }
      },
    )
  })
}

export default function ExamSettings() {
  const { event, exam, bank } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const [selection, setSelection] = useState<string>(exam?.selection ?? 'FIXED')
  const errors = result?.fields ?? {}
  const tz = event.timeZone
  const chosen = new Set(exam?.questions.map((q) => q.questionId) ?? [])
  const pools = ((exam?.pools ?? []) as { tag: string; count: number }[]).map((p) => `${p.tag} | ${p.count}`).join('\n')
  const [search] = useSearchParams()
  const saved = search.has('saved')
  const scopeOptions: [string, string][] = [['', t('staff.wholeEvent')], ...event.forums.map((f): [string, string] => [f.id, localized(locale, f.titleZh, f.titleEn)])]
  const sessionOptions: [string, string][] = [
    ['', '—'],
    ...event.forums.flatMap((f) =>
      f.sessions.filter((s) => s.kind !== 'BREAK').map((s): [string, string] => [s.id, `${localized(locale, f.titleZh, f.titleEn)} · ${localized(locale, s.titleZh, s.titleEn)}`]),
    ),
  ]
  return (
    <section className="page staff">
      <StaffEventNav eventId={event.id} />
      <p className="back">
        <Link to={`/staff/events/${event.id}/exams`}>{t('exam.staff.title')}</Link>
      </p>
      <h1>{exam ? localized(locale, exam.titleZh, exam.titleEn) : t('exam.staff.newExam')}</h1>
      {exam ? (
        <p>
          <Link to="results">{t('exam.staff.results')}</Link>
        </p>
      ) : null}
      {saved && !result ? (
        <p className="toast" role="status">
          {t('staff.saved')}
        </p>
      ) : null}
      <Form method="post" className="narrow-form exam-settings" noValidate>
        {result?.code ? <FormError code={result.code} values={result.values} /> : null}
        <Field name="titleZh" label={t('staff.titleZh')} defaultValue={exam?.titleZh} error={errors.titleZh} required />
        <Field name="titleEn" label={t('staff.titleEn')} defaultValue={exam?.titleEn} error={errors.titleEn} required />
        <TextAreaField name="instructionsZh" label={t('exam.staff.instructionsZh')} rows={2} defaultValue={exam?.instructionsZh} error={errors.instructionsZh} />
        <TextAreaField name="instructionsEn" label={t('exam.staff.instructionsEn')} rows={2} defaultValue={exam?.instructionsEn} error={errors.instructionsEn} />
        <SelectField name="forumId" label={t('exam.staff.scope')} defaultValue={exam?.forumId ?? ''} options={scopeOptions} error={errors.forumId} />
        <SelectField name="sessionId" label={t('exam.staff.session')} defaultValue={exam?.sessionId ?? ''} options={sessionOptions} error={errors.sessionId} />
        <Field name="opensAt" type="datetime-local" label={t('exam.staff.opensAt')} defaultValue={exam ? utcToZonedInput(exam.opensAt, tz) : undefined} error={errors.opensAt} required />
        <Field
          name="closesAt"
          type="datetime-local"
          label={t('exam.staff.closesAt')}
          defaultValue={exam ? utcToZonedInput(exam.closesAt, tz) : undefined}
          error={errors.closesAt ?? errors.endsAt}
          required
        />
        <Field
          name="timeLimitMinutes"
          type="number"
          inputMode="numeric"
          label={t('exam.staff.timeLimitMinutes')}
          defaultValue={exam?.timeLimitMinutes ?? 30}
          error={errors.timeLimitMinutes}
          required
        />
        <Field name="attemptsAllowed" type="number" inputMode="numeric" label={t('exam.staff.attemptsAllowed')} defaultValue={exam?.attemptsAllowed ?? 1} error={errors.attemptsAllowed} required />
        <SelectField
          name="gradingMethod"
          label={t('exam.staff.gradingMethodLabel')}
          defaultValue={exam?.gradingMethod ?? 'HIGHEST'}
          options={(['HIGHEST', 'LAST'] as const).map((m) => [m, t(`exam.gradingMethod.${m}`)])}
        />
        <Field name="passPercent" type="number" inputMode="numeric" label={t('exam.staff.passPercent')} defaultValue={exam?.passPercent ?? 60} error={errors.passPercent} required />
        <Field
          name="minAttendedMinutes"
          type="number"
          inputMode="numeric"
          label={t('exam.staff.minAttendedMinutes')}
          defaultValue={exam?.minAttendedMinutes ?? ''}
          error={errors.minAttendedMinutes}
          hint={t('exam.staff.minAttendedHint')}
        />
        <div className="field">
          <label htmlFor="exam-selection">{t('exam.staff.selection')}</label>
          <select id="exam-selection" name="selection" value={selection} onChange={(e) => setSelection(e.target.value)}>
            {(['FIXED', 'RANDOM'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`exam.staff.selections.${s}`)}
              </option>
            ))}
          </select>
        </div>
        {selection === 'FIXED' ? (
          <fieldset className="question-picker" aria-invalid={errors.questionIds ? true : undefined}>
            <legend>{t('exam.staff.fixedQuestions')}</legend>
            {bank.filter((q) => !q.retired).length === 0 ? (
              <p>
                <Link to={`/staff/events/${event.id}/questions`}>{t('exam.staff.bankEmpty')}</Link>
              </p>
            ) : null}
            {bank
              .filter((q) => !q.retired || chosen.has(q.id))
              .map((q) => (
                <label key={q.id} className="choice">
                  <input type="checkbox" name="questionIds" value={q.id} defaultChecked={chosen.has(q.id)} disabled={q.retired} /> {q.title}{' '}
                  <span className="meta">
                    · {t(`exam.types.${q.type}`)}
                    {q.tags.length ? ` · ${joinList(locale, q.tags)}` : ''}
                  </span>
                </label>
              ))}
            {errors.questionIds ? (
              <small className="error" role="alert">
                {t(errors.questionIds)}
              </small>
            ) : null}
          </fieldset>
        ) : (
          <TextAreaField
            name="pools"
            label={t('exam.staff.pools')}
            rows={3}
            defaultValue={pools}
            hint={t('exam.staff.poolsHint', { tags: joinList(locale, [...new Set(bank.flatMap((q) => q.tags))]) })}
            error={errors.pools}
          />
        )}
        <CheckField name="shuffleQuestions" label={t('exam.staff.shuffleQuestions')} defaultChecked={exam?.shuffleQuestions ?? false} />
        <CheckField name="shuffleOptions" label={t('exam.staff.shuffleOptions')} defaultChecked={exam?.shuffleOptions ?? true} />
        <SelectField
          name="showAnswers"
          label={t('exam.staff.showAnswers')}
          defaultValue={exam?.showAnswers ?? 'AFTER_CLOSE'}
          options={(['NEVER', 'AFTER_SUBMISSION', 'AFTER_CLOSE'] as const).map((r) => [r, t(`exam.staff.reveal.${r}`)])}
        />
        <CheckField name="published" label={t('exam.staff.publishedLabel')} defaultChecked={exam?.published ?? false} />
        <button type="submit" disabled={navigation.state !== 'idle'}>
          {t('staff.save')}
        </button>
      </Form>
    </section>
  )
}
