import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { ExamForm } from '../../app/schemas/exam.ts'
import { importQuestions } from '../../app/services/exams/import-questions.server.ts'
import { saveExam } from '../../app/services/exams/save-exam.server.ts'
import type { Db } from '../../app/utils/db.server.ts'
import { createEvent, createTicketType, createUsers } from './fixtures.ts'

export const moodleFixture = (name: string) => readFileSync(path.resolve(import.meta.dirname, '../fixtures/moodle-gift', name), 'utf8')

/**
 * A small bank in GIFT, Chinese with some English, one question of each type. `RIGHT`
 * holds what a candidate who knows the material answers, by question text.
 */
export const BANK_GIFT = `
// [tag:高血压]
::Q1 诊断::高血压的诊断标准是？{=收缩压 ≥ 140 mmHg ~收缩压 ≥ 120 mmHg ~舒张压 ≥ 70 mmHg ~以上都不是}

// [tag:高血压]
::Q2 药物::以下哪些是一线降压药？{~%50%ACEI ~%50%CCB ~%-100%抗生素 ~%-100%维生素C}

// [tag:高血压]
::Q3 判断::高血压患者应当限盐。{T}

// [tag:抗菌药物]
::Q4 简答::青霉素过敏者首选的替代药物类别（中文）？{=大环内酯类 =macrolides}

// [tag:抗菌药物]
::Q5 数值::成人血压计袖带的标准宽度约为多少厘米？{#12:1}
`
export const RIGHT: Record<string, { option?: string; options?: string[]; answer?: boolean; text?: string }> = {
  '高血压的诊断标准是？': { option: '收缩压 ≥ 140 mmHg' },
  '以下哪些是一线降压药？': { options: ['ACEI', 'CCB'] },
  '高血压患者应当限盐。': { answer: true },
  '青霉素过敏者首选的替代药物类别（中文）？': { text: 'ＭＡＣＲＯＬＩＤＥＳ' },
  '成人血压计袖带的标准宽度约为多少厘米？': { text: '１２．５' },
}

/** Local time in Asia/Shanghai for the exam forms: the window is the first week of 2027. */
export const WINDOW = { opensAt: '2027-01-01T08:00', closesAt: '2027-01-08T08:00' }
/** 2027-01-02 10:00 in Shanghai. */
export const T0 = new Date('2027-01-02T02:00:00Z')

export function examForm(overrides: Partial<ExamForm> = {}): ExamForm {
  return {
    titleZh: '线上考核',
    titleEn: 'Online assessment',
    instructionsZh: '',
    instructionsEn: '',
    forumId: '',
    sessionId: '',
    ...WINDOW,
    timeLimitMinutes: 30,
    attemptsAllowed: 2,
    gradingMethod: 'HIGHEST',
    passPercent: 60,
    selection: 'FIXED',
    questionIds: [],
    pools: [],
    shuffleQuestions: true,
    shuffleOptions: true,
    showAnswers: 'AFTER_SUBMISSION',
    minAttendedMinutes: null,
    published: true,
    ...overrides,
  }
}

/** An event with the bank imported, a published fixed exam of all five questions, and `candidates` confirmed registrations. */
export async function createExamSetup(db: Db, options: { candidates?: number; exam?: Partial<ExamForm> } = {}) {
  const event = await createEvent(db)
  const ticket = await createTicketType(db, event.id)
  const { questionIds } = await importQuestions(db, { eventId: event.id, format: 'gift', text: BANK_GIFT, difficulty: 'MEDIUM', tags: [] })
  const exam = await saveExam(db, { eventId: event.id, form: examForm({ questionIds, ...options.exam }) })
  const userIds = await createUsers(db, options.candidates ?? 1, 'cand')
  await db.registration.createMany({ data: userIds.map((userId) => ({ eventId: event.id, ticketTypeId: ticket.id, userId, status: 'CONFIRMED' as const, confirmedAt: T0 })) })
  return { event, ticket, exam, questionIds, userIds }
}

type RunningQuestion = { position: number; type: string; text: string; options: { text: string }[] }

/** The right answer to a question as shown (options numbered as shown), or a wrong one. */
export function answerFor(q: RunningQuestion, right = true) {
  const key = RIGHT[q.text]
  if (!key) throw new Error(`no key for ${q.text}`)
  const at = (text: string) => q.options.findIndex((o) => o.text === text)
  switch (q.type) {
    case 'SINGLE_CHOICE':
      return { type: 'SINGLE_CHOICE' as const, option: right ? at(key.option!) : q.options.findIndex((o) => o.text !== key.option) }
    case 'MULTIPLE_CHOICE':
      return { type: 'MULTIPLE_CHOICE' as const, options: (right ? key.options!.map(at) : [at('抗生素')]).sort((a, b) => a - b) }
    case 'TRUE_FALSE':
      return { type: 'TRUE_FALSE' as const, answer: right ? key.answer! : !key.answer }
    default:
      return { type: q.type as 'SHORT_ANSWER' | 'NUMERICAL', text: right ? key.text! : '不知道' }
  }
}
