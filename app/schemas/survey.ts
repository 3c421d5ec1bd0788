import { z } from 'zod'
import { SURVEY_QUESTION_TYPES } from '~/domain/survey.ts'
import { idChoiceSchema as id, safeString } from './common.ts'

// Survey builder forms. Messages are i18n keys.
const text = (max: number) => safeString({ required_error: 'validation.required' }).trim().min(1, 'validation.required').max(max, 'validation.tooLong')
const checkbox = z.preprocess((v) => v === 'on' || v === 'true', z.boolean())
const optionalLocalTime = z
  .union([z.literal(''), safeString().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'validation.dateTime')])
  .optional()
  .default('')

export const surveyFormSchema = z.object({
  titleZh: text(200),
  titleEn: text(200),
  /** '' for the whole event. */
  forumId: z
    .union([z.literal(''), id])
    .optional()
    .default(''),
  opensAt: optionalLocalTime,
  closesAt: optionalLocalTime,
  requiredForCertificate: checkbox,
  published: checkbox,
})
export type SurveyForm = z.infer<typeof surveyFormSchema>

/** Options typed one per line, "中文 | English" (the English may be left out). */
const optionLines = safeString()
  .optional()
  .default('')
  .transform((value) =>
    value
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((line) => {
        const [zh = '', en = ''] = line.split(/\s*[|｜]\s*/)
        return { zh: zh.slice(0, 200), en: (en || zh).slice(0, 200) }
      }),
  )

export const surveyQuestionFormSchema = z
  .object({
    type: z.enum(SURVEY_QUESTION_TYPES, { errorMap: () => ({ message: 'validation.choice' }) }),
    textZh: text(500),
    textEn: text(500),
    options: optionLines,
    required: checkbox,
  })
  .superRefine((form, ctx) => {
    const choice = form.type === 'SINGLE_CHOICE' || form.type === 'MULTIPLE_CHOICE'
    if (choice && (form.options.length < 2 || form.options.length > 20)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['options'], message: 'exam.validation.surveyOptions' })
  })
export type SurveyQuestionForm = z.infer<typeof surveyQuestionFormSchema>

export const removeSurveyQuestionSchema = z.object({ questionId: id })
