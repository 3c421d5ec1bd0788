import { z } from 'zod'
import { IMPORT_FORMATS } from '~/domain/question-bank.ts'
import { idChoiceSchema as id, safeString } from './common.ts'

// Forms of the question bank, exam settings and the attempt's autosave. Messages are i18n keys.
const text = (max: number) => safeString({ required_error: 'validation.required' }).trim().min(1, 'validation.required').max(max, 'validation.tooLong')
const optionalText = (max: number) => safeString().trim().max(max, 'validation.tooLong').optional().default('')
const localTime = safeString({ required_error: 'validation.required' }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'validation.dateTime')
const checkbox = z.preprocess((v) => v === 'on' || v === 'true', z.boolean())
const int = (min: number, max: number) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? undefined : Number(v)),
    z.number({ required_error: 'validation.required', invalid_type_error: 'validation.number' }).int('validation.number').min(min, 'exam.validation.range').max(max, 'exam.validation.range'),
  )
const difficulty = z.enum(['EASY', 'MEDIUM', 'HARD'], { errorMap: () => ({ message: 'validation.choice' }) })
/** Tags typed as a list: commas (either width), 、 or line breaks separate them. */
const tagList = optionalText(1500).transform((v) =>
  [
    ...new Set(
      v
        .split(/[,，、\n]/)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ].slice(0, 20),
)

export const importQuestionsSchema = z.object({
  format: z.enum(IMPORT_FORMATS, { errorMap: () => ({ message: 'validation.choice' }) }),
  text: safeString({ required_error: 'validation.required' }).min(1, 'validation.required').max(2_000_000, 'validation.tooLong'),
  difficulty,
  tags: tagList,
})

export const editQuestionSchema = z.object({
  questionId: id,
  gift: text(100_000),
  difficulty,
  tags: tagList,
})

export const retireQuestionSchema = z.object({ questionId: id, retired: checkbox })

/** "tag | count", one pool per line, for exams drawn at random. */
const poolLines = optionalText(4000).transform((value, ctx) => {
  const pools: { tag: string; count: number }[] = []
  for (const line of value
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const m = /^(.+?)\s*[|｜]\s*(\d{1,3})$/.exec(line)
    if (!m || Number(m[2]) < 1) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'exam.validation.poolLine' })
      return []
    }
    pools.push({ tag: m[1]!.trim(), count: Number(m[2]) })
  }
  return pools
})

export const examFormSchema = z
  .object({
    titleZh: text(200),
    titleEn: text(200),
    instructionsZh: optionalText(4000),
    instructionsEn: optionalText(4000),
    /** '' for the whole event. */
    forumId: z
      .union([z.literal(''), id])
      .optional()
      .default(''),
    sessionId: z
      .union([z.literal(''), id])
      .optional()
      .default(''),
    opensAt: localTime,
    closesAt: localTime,
    timeLimitMinutes: int(1, 600),
    attemptsAllowed: int(1, 20),
    gradingMethod: z.enum(['HIGHEST', 'LAST'], { errorMap: () => ({ message: 'validation.choice' }) }),
    passPercent: int(0, 100),
    selection: z.enum(['FIXED', 'RANDOM'], { errorMap: () => ({ message: 'validation.choice' }) }),
    /** FIXED: chosen questions, in bank order. */
    questionIds: z.array(id).max(500).optional().default([]),
    pools: poolLines,
    shuffleQuestions: checkbox,
    shuffleOptions: checkbox,
    showAnswers: z.enum(['NEVER', 'AFTER_SUBMISSION', 'AFTER_CLOSE'], { errorMap: () => ({ message: 'validation.choice' }) }),
    minAttendedMinutes: z.preprocess(
      (v) => (v === '' || v === undefined || v === null ? null : Number(v)),
      z.number({ invalid_type_error: 'validation.number' }).int('validation.number').min(1, 'exam.validation.range').max(10_000, 'exam.validation.range').nullable(),
    ),
    published: checkbox,
  })
  .superRefine((form, ctx) => {
    if (form.selection === 'FIXED' && form.questionIds.length === 0) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['questionIds'], message: 'exam.validation.noQuestions' })
    if (form.selection === 'RANDOM' && form.pools.length === 0) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['pools'], message: 'exam.validation.noPools' })
  })
export type ExamForm = z.infer<typeof examFormSchema>

/** What the attempt page sends on every answer: options numbered as shown. */
export const responseSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('SINGLE_CHOICE'), option: z.number().int().min(0).max(50).nullable() }),
  z.object({ type: z.literal('MULTIPLE_CHOICE'), options: z.array(z.number().int().min(0).max(50)).max(50) }),
  z.object({ type: z.literal('TRUE_FALSE'), answer: z.boolean().nullable() }),
  z.object({ type: z.literal('SHORT_ANSWER'), text: safeString().max(500) }),
  z.object({ type: z.literal('NUMERICAL'), text: safeString().max(100) }),
])

export const attemptRequestSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('save'), position: z.number().int().min(0).max(1000), response: responseSchema }),
  z.object({ intent: z.literal('signal'), signal: z.enum(['tab_hidden', 'focus_lost']) }),
  z.object({ intent: z.literal('submit') }),
])
