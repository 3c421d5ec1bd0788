import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { CheckField, SelectField, TextAreaField } from '~/components/assessment-fields.tsx'
import { Field, FieldScope, FormError } from '~/components/form-field.tsx'
import { DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { ANONYMOUS_REPORT_MIN_RESPONSES, LIKERT_POINTS, SURVEY_QUESTION_TYPES } from '~/domain/survey.ts'
import { utcToZonedInput } from '~/domain/time.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { fieldErrors } from '~/schemas/auth.ts'
import { idSchema } from '~/schemas/common.ts'
import { removeSurveyQuestionSchema, surveyFormSchema, surveyQuestionFormSchema } from '~/schemas/survey.ts'
import { addSurveyQuestion, removeSurveyQuestion } from '~/services/surveys/edit-survey-questions.server.ts'
import { getStaffAssessments } from '~/services/exams/get-staff-assessments.server.ts'
import { getSurveyReport } from '~/services/surveys/get-survey-report.server.ts'
import { saveSurvey } from '~/services/surveys/save-survey.server.ts'
import { auditContextFrom } from '~/utils/audit.server.ts'
import { requireUserWithPermission } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { actionResult, handle, parseParams } from '~/utils/route.server.ts'
import { StaffEventNav } from '~/components/staff-event-nav.tsx'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('满意度调查', 'Evaluation survey')
const paramsSchema = z.object({ eventId: idSchema, surveyId: z.union([z.literal('new'), idSchema]) })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    await requireUserWithPermission(request, 'manage:event:any')
    const { eventId, surveyId } = parseParams(paramsSchema, params)
    const db = getDb()
    const { event } = await getStaffAssessments(db, eventId)
    return { event, report: surveyId === 'new' ? null : await getSurveyReport(db, { eventId, surveyId }) }
  })
}

type Result = { intent: string; ok: boolean; code?: string; fields?: Record<string, string> }

export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUserWithPermission(request, 'manage:event:any')
    const { eventId, surveyId } = parseParams(paramsSchema, params)
    const form = Object.fromEntries(await request.formData())
    const intent = String(form.intent ?? '')
    const db = getDb()
    const run = async <S extends z.ZodTypeAny>(schema: S, use: (input: z.infer<S>) => Promise<Response | void>) => {
      const parsed = schema.safeParse(form)
      if (!parsed.success) return data<Result>({ intent, ok: false, code: 'validation_failed', fields: fieldErrors(parsed.error) }, { status: 422 })
      return actionResult(
        async () => (await use(parsed.data)) ?? data<Result>({ intent, ok: true }),
        (error): Result => ({ intent, ok: false, code: error.code, fields: (error.details?.fields ?? {}) as Record<string, string> }),
      )
    }
    if (intent === 'save') {
      return run(surveyFormSchema, async (f) => {
        const survey = await saveSurvey(db, { eventId, surveyId: surveyId === 'new' ? undefined : surveyId, form: f }, auditContextFrom(request, user.id))
        if (surveyId === 'new') return redirect(`/staff/events/${eventId}/surveys/${survey.id}`)
      })
    }
    if (surveyId === 'new') return data<Result>({ intent, ok: false, code: 'bad_request' }, { status: 400 })
    if (intent === 'add-question') return run(surveyQuestionFormSchema, async (f) => void (await addSurveyQuestion(db, { eventId, surveyId, form: f })))
    if (intent === 'remove-question') return run(removeSurveyQuestionSchema, async (f) => removeSurveyQuestion(db, { eventId, surveyId, questionId: f.questionId }))
    return data<Result>({ intent, ok: false, code: 'bad_request' }, { status: 400 })
  })
}

export default function SurveyBuilder() {
  const { event, report } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>() as Result | undefined
  const navigation = useNavigation()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const survey = report?.survey
  const errorsFor = (intent: string) => (result?.intent === intent ? (result.fields ?? {}) : {})
  const feedback = (intent: string) => (result?.intent === intent ? result.ok ? <p className="toast">{t('staff.saved')}</p> : <FormError code={result.code} /> : null)
  const busy = navigation.state !== 'idle'
  const exportBase = survey ? `/staff/events/${event.id}/surveys/${survey.id}/export` : ''
  return (
    <section className="page staff">
      <StaffEventNav eventId={event.id} />
      <p className="back">
        <Link to={`/staff/events/${event.id}/exams`}>{t('exam.staff.title')}</Link>
      </p>
      <h1>{survey ? localized(locale, survey.titleZh, survey.titleEn) : t('exam.survey.new')}</h1>
      <div className="staff-forms">
        <Form method="post" noValidate>
          <h2>{t('exam.survey.settings')}</h2>
          {feedback('save')}
          <input type="hidden" name="intent" value="save" />
          <FieldScope name="survey">
            <Field name="titleZh" label={t('staff.titleZh')} defaultValue={survey?.titleZh ?? '满意度调查'} error={errorsFor('save').titleZh} required />
            <Field name="titleEn" label={t('staff.titleEn')} defaultValue={survey?.titleEn ?? 'Evaluation'} error={errorsFor('save').titleEn} required />
            <SelectField
              name="forumId"
              label={t('exam.staff.scope')}
              defaultValue={survey?.forumId ?? ''}
              options={[['', t('staff.wholeEvent')], ...event.forums.map((f): [string, string] => [f.id, localized(locale, f.titleZh, f.titleEn)])]}
              error={errorsFor('save').forumId}
            />
            <Field
              name="opensAt"
              type="datetime-local"
              label={t('exam.survey.opensAt')}
              defaultValue={survey?.opensAt ? utcToZonedInput(survey.opensAt, event.timeZone) : ''}
              error={errorsFor('save').opensAt}
            />
            <Field
              name="closesAt"
              type="datetime-local"
              label={t('exam.survey.closesAt')}
              defaultValue={survey?.closesAt ? utcToZonedInput(survey.closesAt, event.timeZone) : ''}
              error={errorsFor('save').closesAt}
            />
            <CheckField name="requiredForCertificate" label={t('exam.survey.requiredForCertificate')} defaultChecked={survey?.requiredForCertificate ?? false} />
            <CheckField name="published" label={t('exam.staff.publishedLabel')} defaultChecked={survey?.published ?? false} />
          </FieldScope>
          <button type="submit" disabled={busy}>
            {t('staff.save')}
          </button>
        </Form>
        {survey ? (
          <Form method="post" noValidate>
            <h2>{t('exam.survey.addQuestion')}</h2>
            {feedback('add-question')}
            <input type="hidden" name="intent" value="add-question" />
            <FieldScope name="question">
              <SelectField
                name="type"
                label={t('exam.survey.questionType')}
                options={SURVEY_QUESTION_TYPES.map((type) => [type, t(`exam.survey.types.${type}`)])}
                error={errorsFor('add-question').type}
              />
              <Field name="textZh" label={t('exam.survey.textZh')} error={errorsFor('add-question').textZh} required />
              <Field name="textEn" label={t('exam.survey.textEn')} error={errorsFor('add-question').textEn} required />
              <TextAreaField name="options" label={t('exam.survey.options')} rows={4} hint={t('exam.survey.optionsHint')} error={errorsFor('add-question').options} />
              <CheckField name="required" label={t('exam.survey.required')} defaultChecked />
            </FieldScope>
            <button type="submit" disabled={busy}>
              {t('exam.survey.addQuestion')}
            </button>
          </Form>
        ) : null}
      </div>

      {report ? (
        <>
          <h2>{t('exam.survey.report')}</h2>
          <p data-testid="survey-summary">
            {t('exam.survey.completions', { count: report.completions })} ·{' '}
            {report.overallSatisfaction === null ? t('exam.survey.satisfactionNone') : t('exam.survey.satisfaction', { percent: report.overallSatisfaction })}
          </p>
          {report.withheld && report.responses > 0 ? (
            <p className="notice" data-testid="survey-withheld">
              {t('language.surveyWithheld', { count: report.responses, min: ANONYMOUS_REPORT_MIN_RESPONSES })}
            </p>
          ) : null}
          <p className="exports">
            <a href={`${exportBase}?format=xlsx`} download>
              {t('exam.survey.exportXlsx')}
            </a>
            <a href={`${exportBase}?format=csv`} download>
              {t('exam.survey.exportCsv')}
            </a>
          </p>
          {feedback('remove-question')}
          <ol className="survey-report" data-testid="survey-report">
            {report.questions.map((q) => {
              const s = q.summary
              const labels = s.type === 'LIKERT' ? LIKERT_POINTS.map((p) => `${p} · ${t(`exam.survey.likert.${p}`)}`) : q.options.map((o) => localized(locale, o.zh, o.en))
              return (
                <li key={q.id}>
                  <p>
                    <strong>{localized(locale, q.textZh, q.textEn)}</strong> <span className="badge">{t(`exam.survey.types.${q.type}`)}</span>{' '}
                    <span className="meta">{t('exam.survey.answered', { count: s.answered })}</span>
                    {s.type === 'LIKERT' && s.mean !== null ? <span className="meta"> · {t('exam.survey.mean', { mean: s.mean, percent: s.satisfied })}</span> : null}
                  </p>
                  {report.withheld ? null : s.type === 'FREE_TEXT' ? (
                    <ul className="free-text">
                      {s.texts.map((text, i) => (
                        <li key={i}>{text}</li>
                      ))}
                    </ul>
                  ) : (
                    <dl className="bars">
                      {s.counts.map((n, i) => (
                        <div key={i}>
                          <dt>{labels[i]}</dt>
                          <dd>
                            <span className="bar" style={{ width: `${s.answered === 0 ? 0 : (n / s.answered) * 100}%` }} /> {n}
                          </dd>
                        </div>
                      ))}
                    </dl>
                  )}
                  {report.responses === 0 ? (
                    <Form method="post" className="inline">
                      <input type="hidden" name="intent" value="remove-question" />
                      <input type="hidden" name="questionId" value={q.id} />
                      <button type="submit" className="secondary small" disabled={busy}>
                        {t('staff.remove')}
                      </button>
                    </Form>
                  ) : null}
                </li>
              )
            })}
          </ol>
          <p className="meta">{t('exam.survey.anonymousStaffNote')}</p>
        </>
      ) : null}
    </section>
  )
}
