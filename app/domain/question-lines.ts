import { registrationQuestionsSchema, type RegistrationQuestion } from './registration.ts'

/**
 * Registration questions as staff type them, one per line:
 *
 *   key | 中文标签 | English label | text|select|licence | required|optional [| value=中文/English; …]
 *
 * e.g. `title | 职称 | Title | select | required | resident=住院医师/Resident; attending=主治医师/Attending`.
 * Full-width bars (｜) and semicolons (；) work too.
 */
export type QuestionLinesResult = { ok: true; questions: RegistrationQuestion[] } | { ok: false; line: number }

export function parseQuestionLines(text: string): QuestionLinesResult {
  const questions: unknown[] = []
  const lines = text.split(/\r?\n/)
  for (const [index, raw] of lines.entries()) {
    if (!raw.trim()) continue
    const parts = raw.split(/[|｜]/).map((p) => p.trim())
    const [key, labelZh, labelEn, type, required, options] = parts
    if (parts.length < 5 || parts.length > 6 || (required !== 'required' && required !== 'optional')) return { ok: false, line: index + 1 }
    const question: Record<string, unknown> = { key, labelZh, labelEn, type, required: required === 'required' }
    if (type === 'select') {
      const choices = (options ?? '')
        .split(/[;；]/)
        .map((o) => o.trim())
        .filter(Boolean)
        .map((o) => {
          const [value, labels = ''] = o.split('=').map((x) => x.trim())
          const [labelZhOpt = '', labelEnOpt = ''] = labels.split('/').map((x) => x.trim())
          return { value, labelZh: labelZhOpt, labelEn: labelEnOpt || labelZhOpt }
        })
      if (choices.length < 2 || choices.some((c) => !c.value || !c.labelZh)) return { ok: false, line: index + 1 }
      question.options = choices
    } else if (options) return { ok: false, line: index + 1 }
    const checked = registrationQuestionsSchema.element.safeParse(question)
    if (!checked.success) return { ok: false, line: index + 1 }
    if (questions.some((q) => (q as { key: string }).key === checked.data.key)) return { ok: false, line: index + 1 }
    questions.push(checked.data)
  }
  const all = registrationQuestionsSchema.safeParse(questions)
  return all.success ? { ok: true, questions: all.data } : { ok: false, line: lines.length }
}

export function formatQuestionLines(questions: RegistrationQuestion[]): string {
  return questions
    .map((q) => {
      const base = [q.key, q.labelZh, q.labelEn, q.type, q.required ? 'required' : 'optional']
      if (q.type === 'select' && q.options) base.push(q.options.map((o) => `${o.value}=${o.labelZh}/${o.labelEn}`).join('; '))
      return base.join(' | ')
    })
    .join('\n')
}
