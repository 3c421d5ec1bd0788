import { describe, expect, test } from 'vitest'
import { ANONYMOUS_REPORT_MIN_RESPONSES, summariseSurvey, validateSurveyAnswers, type SurveyQuestionDef } from './survey.ts'

const questions: SurveyQuestionDef[] = [
  { id: 'overall', type: 'LIKERT', required: true, optionCount: 0 },
  { id: 'speakers', type: 'LIKERT', required: false, optionCount: 0 },
  { id: 'channel', type: 'SINGLE_CHOICE', required: true, optionCount: 3 },
  { id: 'topics', type: 'MULTIPLE_CHOICE', required: false, optionCount: 4 },
  { id: 'comments', type: 'FREE_TEXT', required: false, optionCount: 0 },
]

describe('validateSurveyAnswers', () => {
  test('accepts form values (strings) and keeps them as numbers; optional blanks are left out', () => {
    expect(validateSurveyAnswers(questions, { overall: '5', speakers: '', channel: '2', topics: ['3', '0', '3'], comments: '  很好  ' })).toEqual({
      ok: true,
      answers: { overall: 5, channel: 2, topics: [0, 3], comments: '很好' },
    })
  })

  test.each([
    ['a missing required Likert answer', { channel: 0 }, { overall: 'required' }],
    ['a Likert answer of 6', { overall: 6, channel: 0 }, { overall: 'invalid' }],
    ['a Likert answer of 0', { overall: '0', channel: 0 }, { overall: 'invalid' }],
    ['a fractional Likert answer', { overall: 4.5, channel: 0 }, { overall: 'invalid' }],
    ['an option that is not there', { overall: 3, channel: 3 }, { channel: 'invalid' }],
    ['a negative option among several', { overall: 3, channel: 1, topics: [1, -1] }, { topics: 'invalid' }],
    ['free text over 2,000 characters', { overall: 3, channel: 1, comments: '好'.repeat(2001) }, { comments: 'invalid' }],
    ['a blank required single choice', { overall: 3, channel: '' }, { channel: 'required' }],
  ])('refuses %s', (_name, raw, errors) => {
    expect(validateSurveyAnswers(questions, raw)).toEqual({ ok: false, errors })
  })
})

describe('summariseSurvey', () => {
  test('counts per question, lists free text, and the overall satisfaction over every Likert answer', () => {
    const report = summariseSurvey(questions, [
      { overall: 5, speakers: 4, channel: 0, topics: [0, 1], comments: '讲得好' },
      { overall: 4, channel: 0, topics: [1] },
      { overall: 3, speakers: 2, channel: 2, comments: 'More time for questions' },
      { overall: 5, speakers: 5, channel: 1, topics: [] },
    ])
    expect(report.responses).toBe(4)
    // Likert answers: 5,4,3,5 and 4,2,5 → 5 of 7 are 4 or 5.
    expect(report.overallSatisfaction).toBe(71.4)
    expect(report.questions).toEqual([
      { id: 'overall', type: 'LIKERT', answered: 4, counts: [0, 0, 1, 1, 2], mean: 4.25, satisfied: 75 },
      { id: 'speakers', type: 'LIKERT', answered: 3, counts: [0, 1, 0, 1, 1], mean: 3.67, satisfied: 66.7 },
      { id: 'channel', type: 'SINGLE_CHOICE', answered: 4, counts: [2, 1, 1] },
      { id: 'topics', type: 'MULTIPLE_CHOICE', answered: 2, counts: [1, 2, 0, 0] },
      { id: 'comments', type: 'FREE_TEXT', answered: 2, texts: ['讲得好', 'More time for questions'] },
    ])
  })

  test('no answers: no satisfaction figure rather than 0%', () => {
    const report = summariseSurvey(questions, [])
    expect(report.overallSatisfaction).toBeNull()
    expect(report.questions[0]).toEqual({ id: 'overall', type: 'LIKERT', answered: 0, counts: [0, 0, 0, 0, 0], mean: null, satisfied: null })
  })

  test.each<[string, number, boolean]>([
    ['one respondent: withheld', 1, true],
    ['two respondents: withheld', 2, true],
    ['three respondents: shown', 3, false],
    ['ten respondents: shown', 10, false],
  ])('an anonymous report below the minimum of respondents shows only their number: %s', (_name, n, withheld) => {
    const responses = Array.from({ length: n }, (_, i) => ({ overall: 5, channel: 1, topics: [2], comments: `只有我会这样写 ${i}` }))
    const report = summariseSurvey(questions, responses)
    expect(ANONYMOUS_REPORT_MIN_RESPONSES).toBe(3)
    expect(report.responses).toBe(n)
    expect(report.withheld).toBe(withheld)
    const comments = report.questions.find((q) => q.id === 'comments')!
    const channel = report.questions.find((q) => q.id === 'channel')!
    expect(comments.type === 'FREE_TEXT' && comments.texts).toEqual(withheld ? [] : responses.map((r) => r.comments))
    expect(channel.type === 'SINGLE_CHOICE' && channel.counts).toEqual(withheld ? [0, 0, 0] : [0, n, 0])
    expect(report.overallSatisfaction).toBe(withheld ? null : 100)
  })

  test('answers that no longer fit (an option removed later) are not counted', () => {
    const report = summariseSurvey([{ id: 'c', type: 'SINGLE_CHOICE', required: true, optionCount: 2 }], [{ c: 0 }, { c: 5 }, { c: 'x' }])
    expect(report.questions[0]).toEqual({ id: 'c', type: 'SINGLE_CHOICE', answered: 1, counts: [1, 0] })
  })

  test('96 of 100 satisfied is 96%, the figure the seed reports (“满意度 95% 以上”)', () => {
    const responses = Array.from({ length: 100 }, (_, i) => ({ overall: i < 96 ? 5 : 2, channel: 0 }))
    expect(summariseSurvey(questions, responses).overallSatisfaction).toBe(96)
  })
})
