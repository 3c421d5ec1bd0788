import { describe, expect, test } from 'vitest'
import {
  answersVisible,
  attemptDeadline,
  buildPaper,
  candidateQuestion,
  checkAttendedMinutes,
  examOutcome,
  examWindowState,
  isPastDeadline,
  remainingMs,
  reviewQuestion,
  scheduledMinutes,
  startRefusal,
  toShownResponse,
  toStoredResponse,
  type BankQuestion,
} from './exam.ts'
import { gradeAnswer, type QuestionResponse } from './grading.ts'
import type { MultipleChoiceQuestion, Question, QuestionBase, ShortAnswerQuestion, SingleChoiceQuestion } from './question.ts'

const at = (iso: string) => new Date(iso)
const base: QuestionBase = { title: 'Secret title: the answer is B', text: '哪项正确？', textFormat: 'plain', generalFeedback: '解析：B 是正确答案', category: null, tags: [] }
const single: SingleChoiceQuestion = {
  ...base,
  type: 'SINGLE_CHOICE',
  options: [
    { text: 'A 错误', weight: 0, feedback: 'A 的反馈' },
    { text: 'B 正确', weight: 1, feedback: 'B 的反馈' },
    { text: 'C 错误', weight: -0.5, feedback: '' },
    { text: 'D 错误', weight: 0, feedback: '' },
  ],
}
const multiple: MultipleChoiceQuestion = { ...base, type: 'MULTIPLE_CHOICE', scoring: 'PARTIAL_CREDIT', options: [0.5, -1, 0.5].map((weight, i) => ({ text: `option ${i}`, weight, feedback: '' })) }
const shortAnswer: ShortAnswerQuestion = {
  ...base,
  type: 'SHORT_ANSWER',
  answers: [
    { text: '阿司匹林', weight: 1, feedback: '对' },
    { text: 'aspirin', weight: 1, feedback: '' },
  ],
}

describe('window and deadline', () => {
  const exam = { opensAt: at('2026-12-30T09:00:00Z'), closesAt: at('2027-01-06T09:00:00Z') }
  test.each([
    ['before it opens', '2026-12-30T08:59:59Z', 'not_open'],
    ['the moment it opens', '2026-12-30T09:00:00Z', 'open'],
    ['while open', '2027-01-01T00:00:00Z', 'open'],
    ['the moment it closes', '2027-01-06T09:00:00Z', 'closed'],
  ] as const)('%s it is %s', (_name, now, state) => {
    expect(examWindowState(exam, at(now))).toBe(state)
  })

  test.each([
    ['the time limit, well before closing', '2027-01-01T10:00:00Z', 30, '2027-01-01T10:30:00.000Z'],
    ['cut short by the closing time', '2027-01-06T08:50:00Z', 30, '2027-01-06T09:00:00.000Z'],
  ])('the deadline is %s', (_name, startedAt, minutes, deadline) => {
    expect(attemptDeadline(at(startedAt), minutes, exam.closesAt).toISOString()).toBe(deadline)
  })

  test('remaining time counts down to zero and never below', () => {
    const deadline = at('2027-01-01T10:30:00Z')
    expect(remainingMs(deadline, at('2027-01-01T10:00:00Z'))).toBe(30 * 60_000)
    expect(remainingMs(deadline, at('2027-01-01T10:31:00Z'))).toBe(0)
  })

  test.each([
    ['before the deadline', '2027-01-01T10:29:59Z', false],
    ['within the network grace after it', '2027-01-01T10:30:01.999Z', false],
    ['past the grace', '2027-01-01T10:30:02.001Z', true],
  ])('an answer arriving %s is late: %s', (_name, now, late) => {
    expect(isPastDeadline(at('2027-01-01T10:30:00Z'), at(now))).toBe(late)
  })

  test.each([
    ['before opening', '2026-12-29T00:00:00Z', 0, 'exam_not_open'],
    ['after closing', '2027-01-07T00:00:00Z', 0, 'exam_closed'],
    ['with every attempt used', '2027-01-01T00:00:00Z', 2, 'no_attempts_left'],
    ['with an attempt left', '2027-01-01T00:00:00Z', 1, null],
  ])('starting %s → %s', (_name, now, used, refusal) => {
    expect(startRefusal({ ...exam, attemptsAllowed: 2, attemptsUsed: used, now: at(now) })).toBe(refusal)
  })
})

describe('buildPaper', () => {
  const bank: BankQuestion[] = Array.from({ length: 12 }, (_, i) => ({
    id: `q${String(i).padStart(2, '0')}`,
    versionId: `v${i}`,
    tags: [i < 8 ? 'cardio' : 'infection'],
    question: i % 2 === 0 ? single : shortAnswer,
  }))
  const options = { seed: 'attempt-1', shuffleQuestions: false, shuffleOptions: false }

  test('a fixed paper keeps the exam order and leaves out questions no longer in the bank (retired)', () => {
    const paper = buildPaper({ selection: 'FIXED', questionIds: ['q03', 'q99', 'q01'] }, bank, options)
    expect(paper).toEqual({
      ok: true,
      questions: [
        { questionId: 'q03', versionId: 'v3', optionOrder: [] },
        { questionId: 'q01', versionId: 'v1', optionOrder: [] },
      ],
    })
  })

  test('options keep their stored order unless shuffled; shuffled orders are permutations fixed by the seed', () => {
    const plain = buildPaper({ selection: 'FIXED', questionIds: ['q00'] }, bank, options)
    expect(plain.ok && plain.questions[0]!.optionOrder).toEqual([0, 1, 2, 3])
    const orders = new Set(
      Array.from({ length: 30 }, (_, i) => {
        const p = buildPaper({ selection: 'FIXED', questionIds: ['q00'] }, bank, { ...options, seed: `s${i}`, shuffleOptions: true })
        return p.ok ? p.questions[0]!.optionOrder.join('') : ''
      }),
    )
    expect(orders.size).toBeGreaterThan(5)
    for (const order of orders) expect([...order].sort().join('')).toBe('0123')
  })

  test('a random paper draws per pool, the same for the same seed and different for another', () => {
    const spec = {
      selection: 'RANDOM',
      pools: [
        { tag: 'cardio', count: 3 },
        { tag: 'infection', count: 2 },
      ],
    } as const
    const a = buildPaper(spec, bank, { ...options, shuffleQuestions: true, shuffleOptions: true })
    const again = buildPaper(spec, [...bank].reverse(), { ...options, shuffleQuestions: true, shuffleOptions: true })
    expect(a).toEqual(again)
    if (!a.ok) throw new Error('expected a paper')
    expect(a.questions).toHaveLength(5)
    expect(a.questions.filter((q) => Number(q.questionId.slice(1)) >= 8)).toHaveLength(2)
    const papers = new Set(Array.from({ length: 20 }, (_, i) => JSON.stringify(buildPaper(spec, bank, { ...options, seed: `other-${i}` }))))
    expect(papers.size).toBeGreaterThan(10)
  })

  test.each([
    ['a pool larger than its tag', { selection: 'RANDOM', pools: [{ tag: 'infection', count: 5 }] }, { code: 'pool_too_small', tag: 'infection', needed: 5, available: 4 }],
    ['a fixed exam whose questions are all retired', { selection: 'FIXED', questionIds: ['gone'] }, { code: 'no_questions' }],
    ['a random exam without pools', { selection: 'RANDOM', pools: [] }, { code: 'no_questions' }],
  ] as const)('%s is refused', (_name, spec, error) => {
    expect(buildPaper(spec, bank, options)).toEqual({ ok: false, error })
  })
})

describe('what the candidate sees', () => {
  test('a choice question: text and options in shown order, and not one part of the key', () => {
    const shown = candidateQuestion(0, single, [1, 3, 0, 2])
    expect(shown).toEqual({ position: 0, type: 'SINGLE_CHOICE', text: '哪项正确？', textFormat: 'plain', options: [{ text: 'B 正确' }, { text: 'D 错误' }, { text: 'A 错误' }, { text: 'C 错误' }] })
    const json = JSON.stringify(shown)
    for (const secret of ['weight', 'feedback', '解析', 'Secret title', 'answer']) expect(json).not.toContain(secret)
  })

  test('a short-answer question carries no accepted answer', () => {
    const json = JSON.stringify(candidateQuestion(3, shortAnswer, []))
    expect(json).not.toContain('阿司匹林')
    expect(json).not.toContain('aspirin')
  })

  test.each([
    ['a single choice, shown position to stored', single, [1, 3, 0, 2], { type: 'SINGLE_CHOICE', option: 0 }, { type: 'SINGLE_CHOICE', option: 1 }],
    ['no choice yet', single, [1, 3, 0, 2], { type: 'SINGLE_CHOICE', option: null }, { type: 'SINGLE_CHOICE', option: null }],
    ['multiple choices, duplicates once, sorted', multiple, [2, 0, 1], { type: 'MULTIPLE_CHOICE', options: [1, 0, 1] }, { type: 'MULTIPLE_CHOICE', options: [0, 2] }],
    ['a short answer as typed', shortAnswer, [], { type: 'SHORT_ANSWER', text: ' 阿司匹林 ' }, { type: 'SHORT_ANSWER', text: ' 阿司匹林 ' }],
    ['an option that is not there', single, [1, 3, 0, 2], { type: 'SINGLE_CHOICE', option: 4 }, null],
    ['a negative option', multiple, [2, 0, 1], { type: 'MULTIPLE_CHOICE', options: [-1] }, null],
    ['a response of another type', single, [1, 3, 0, 2], { type: 'TRUE_FALSE', answer: true }, null],
    ['an answer over 500 characters', shortAnswer, [], { type: 'SHORT_ANSWER', text: 'x'.repeat(501) }, null],
  ] as [string, Question, number[], QuestionResponse, QuestionResponse | null][])('%s', (_name, question, order, shown, stored) => {
    expect(toStoredResponse(question, order, shown)).toEqual(stored)
    if (stored) expect(toShownResponse(order, stored)).toEqual(shown.type === 'MULTIPLE_CHOICE' ? { type: 'MULTIPLE_CHOICE', options: [0, 1] } : shown)
  })

  test('the stored response grades the same whatever order the options were shown in', () => {
    for (const order of [
      [0, 1, 2, 3],
      [1, 3, 0, 2],
      [3, 2, 1, 0],
    ]) {
      const shownRight = order.indexOf(1)
      expect(gradeAnswer(single, toStoredResponse(single, order, { type: 'SINGLE_CHOICE', option: shownRight }))).toEqual({ score: 1, correct: true })
    }
  })

  test('the review shows the key in shown numbering only when answers may be revealed', () => {
    const grade = { score: 0, correct: false }
    const hidden = reviewQuestion(0, single, [1, 3, 0, 2], { type: 'SINGLE_CHOICE', option: 0 }, grade, false)
    expect(hidden.key).toBeNull()
    expect(hidden.response).toEqual({ type: 'SINGLE_CHOICE', option: 2 })
    const shown = reviewQuestion(0, single, [1, 3, 0, 2], { type: 'SINGLE_CHOICE', option: 0 }, grade, true)
    expect(shown.key).toEqual({ rightOptions: [0], trueFalse: null, acceptedAnswers: [], feedback: '解析：B 是正确答案' })
    expect(reviewQuestion(1, multiple, [2, 0, 1], null, grade, true).key?.rightOptions).toEqual([0, 1])
    expect(reviewQuestion(2, shortAnswer, [], null, grade, true).key?.acceptedAnswers).toEqual(['阿司匹林', 'aspirin'])
  })

  test.each([
    ['NEVER', '2030-01-01T00:00:00Z', false],
    ['AFTER_SUBMISSION', '2027-01-01T00:00:00Z', true],
    ['AFTER_CLOSE', '2027-01-01T00:00:00Z', false],
    ['AFTER_CLOSE', '2027-01-06T09:00:00Z', true],
  ] as const)('answers set to %s are visible at %s: %s', (reveal, now, visible) => {
    expect(answersVisible(reveal, { closesAt: at('2027-01-06T09:00:00Z') }, at(now))).toBe(visible)
  })
})

describe('examOutcome', () => {
  const attempts = [
    { number: 1, percentage: 80 },
    { number: 2, percentage: 55 },
  ]
  test.each([
    ['HIGHEST counts the best attempt', 'HIGHEST', attempts, 1, true],
    ['LAST counts the latest attempt, even a worse one', 'LAST', attempts, 2, false],
    [
      'HIGHEST takes the earlier of two equal attempts',
      'HIGHEST',
      [
        { number: 1, percentage: 60 },
        { number: 2, percentage: 60 },
      ],
      1,
      true,
    ],
    ['exactly the pass mark passes', 'LAST', [{ number: 1, percentage: 60 }], 1, true],
    ['just under the pass mark fails', 'LAST', [{ number: 1, percentage: 59.99 }], 1, false],
  ] as const)('%s', (_name, method, list, number, passed) => {
    const outcome = examOutcome(list, method, 60)
    expect(outcome.counted?.number).toBe(number)
    expect(outcome.passed).toBe(passed)
  })

  test('no finished attempt: nothing counts and nobody passes', () => {
    expect(examOutcome([], 'HIGHEST', 0)).toEqual({ counted: null, passed: false })
  })
})

describe('eligibility by attendance', () => {
  test('142.7 of the 150 minutes needed (of 180) is refused, saying 142', () => {
    expect(checkAttendedMinutes(150, 142.7, 180)).toEqual({ eligible: false, reason: { code: 'attendance_short', requiredMinutes: 150, scheduledMinutes: 180, attendedMinutes: 142 } })
  })
  test.each([150, 150.1, 181])('%s minutes is enough', (minutes) => {
    expect(checkAttendedMinutes(150, minutes, 180)).toEqual({ eligible: true })
  })

  test('scheduled minutes leave out breaks and count parallel sessions once', () => {
    const s = (start: string, end: string, kind = 'TALK') => ({ startsAt: at(`2026-12-14T${start}:00Z`), endsAt: at(`2026-12-14T${end}:00Z`), kind })
    expect(scheduledMinutes([s('01:00', '02:00'), s('01:30', '02:30'), s('02:30', '03:00', 'BREAK'), s('03:00', '03:30'), s('03:10', '03:20')])).toBe(120)
    expect(scheduledMinutes([])).toBe(0)
  })
})
