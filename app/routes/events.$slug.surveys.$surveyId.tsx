import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { FormError } from '~/components/form-field.tsx'
import { bracketed, DEFAULT_LOCALE, localized } from '~/domain/locale.ts'
import { LIKERT_POINTS } from '~/domain/survey.ts'
import type { loader as rootLoader } from '~/root.tsx'
import { idSchema } from '~/schemas/common.ts'
import { getOpenSurvey } from '~/services/surveys/get-open-survey.server.ts'
import { submitSurveyResponse } from '~/services/surveys/submit-survey-response.server.ts'
import { requireUser } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { actionResult, handle, parseParams, slugSchema } from '~/utils/route.server.ts'
import { titleMeta } from '~/utils/meta.ts'

export const meta: MetaFunction = titleMeta('满意度调查', 'Evaluation')
const paramsSchema = z.object({ slug: slugSchema, surveyId: idSchema })

export async function loader({ request, params }: LoaderFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    const { slug, surveyId } = parseParams(paramsSchema, params)
    return getOpenSurvey(getDb(), { slug, surveyId, userId: user.id })
  })
}

export async function action({ request, params }: ActionFunctionArgs) {
  return handle(async () => {
    const user = await requireUser(request)
    const { surveyId } = parseParams(paramsSchema, params)
    const form = await request.formData()
    // Every field is a question id; a multiple-choice question sends several values.
    const answers: Record<string, unknown> = {}
    for (const key of new Set(form.keys())) {
      const values = form.getAll(key).map(String)
      answers[key] = key.startsWith('m_') ? values : values[0]
    }
    const normalised = Object.fromEntries(Object.entries(answers).map(([k, v]) => [k.replace(/^m_/, ''), v]))
    return actionResult(
      async () => {
        await submitSurveyResponse(getDb(), { surveyId, userId: user.id, answers: normalised })
        return { ok: true as const, code: undefined, fields: {} as Record<string, string> }
      },
      (error) => ({ ok: false as const, code: error.code, fields: (error.details?.fields ?? {}) as Record<string, string> }),
    )
  })
}

export default function SurveyPage() {
  const { survey, event, forum, completed, questions } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? DEFAULT_LOCALE
  const { t } = useTranslation()
  const done = completed || result?.ok
  return (
    <section className="page narrow survey-page">
      <p className="back">
        <Link to={`/events/${event.slug}/assessments`}>{localized(locale, event.titleZh, event.titleEn)}</Link>
      </p>
      <h1>{localized(locale, survey.titleZh, survey.titleEn)}</h1>
      {forum ? <p className="meta">{localized(locale, forum.titleZh, forum.titleEn)}</p> : null}
      {done ? (
        <p className="toast" role="status" data-testid="survey-done">
          {t(result?.ok ? 'exam.survey.thanks' : 'exam.survey.alreadyDone')}
        </p>
      ) : (
        <Form method="post" noValidate>
          <p className="meta">{t('exam.survey.anonymousNote')}</p>
          {result?.code ? <FormError code={result.code} /> : null}
          {questions.map((q, i) => {
            const error = result?.fields?.[q.id]
            const label = `${i + 1}. ${localized(locale, q.textZh, q.textEn)}${q.required ? '' : bracketed(locale, t('exam.survey.optional'))}`
            return (
              <fieldset key={q.id} className="survey-question" aria-invalid={error ? true : undefined}>
                <legend>{label}</legend>
                {q.type === 'LIKERT' ? (
                  <div className="likert">
                    {LIKERT_POINTS.map((p) => (
                      <label key={p}>
                        <input type="radio" name={q.id} value={p} />
                        <span>{p}</span>
                        <small>{t(`exam.survey.likert.${p}`)}</small>
                      </label>
                    ))}
                  </div>
                ) : q.type === 'FREE_TEXT' ? (
                  <textarea name={q.id} rows={3} maxLength={2000} aria-label={label} />
                ) : (
                  q.options.map((o, j) => (
                    <label key={j} className="choice">
                      <input type={q.type === 'SINGLE_CHOICE' ? 'radio' : 'checkbox'} name={q.type === 'SINGLE_CHOICE' ? q.id : `m_${q.id}`} value={j} /> {localized(locale, o.zh, o.en)}
                    </label>
                  ))
                )}
                {error ? (
                  <small className="error" role="alert">
                    {t(error)}
                  </small>
                ) : null}
              </fieldset>
            )
          })}
          <button type="submit" disabled={navigation.state !== 'idle'} data-testid="submit-survey">
            {t('exam.survey.submit')}
          </button>
        </Form>
      )}
    </section>
  )
}
