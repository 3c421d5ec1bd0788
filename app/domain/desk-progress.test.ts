import { describe, expect, test } from 'vitest'
import { deskExamProgress, deskMinutes, deskSurveyProgress, type DeskAttempt, type DeskExam, type DeskExamProgress } from './desk-progress.ts'

const highest: DeskExam = { id: 'e1', gradingMethod: 'HIGHEST', passPercent: 60 }
const last: DeskExam = { id: 'e2', gradingMethod: 'LAST', passPercent: 80 }
const attempt = (examId: string, number: number, percentage: number | null, status: DeskAttempt['status'] = 'SUBMITTED'): DeskAttempt => ({ examId, number, status, percentage })

describe('deskExamProgress', () => {
  test.each<[string, DeskExam[], DeskAttempt[], DeskExamProgress]>([
    ['no published exam', [], [attempt('e1', 1, 90)], { state: 'none', passed: 0, total: 0 }],
    ['nothing attempted', [highest], [], { state: 'not_started', passed: 0, total: 1 }],
    ['an attempt open now', [highest], [attempt('e1', 1, null, 'IN_PROGRESS')], { state: 'in_progress', passed: 0, total: 1 }],
    ['passed at the mark', [highest], [attempt('e1', 1, 60)], { state: 'passed', passed: 1, total: 1 }],
    ['below the mark', [highest], [attempt('e1', 1, 59.99)], { state: 'failed', passed: 0, total: 1 }],
    ['HIGHEST: a pass then a fail is a pass', [highest], [attempt('e1', 1, 70), attempt('e1', 2, 20)], { state: 'passed', passed: 1, total: 1 }],
    ['LAST: a pass then a fail is a fail', [last], [attempt('e2', 1, 90), attempt('e2', 2, 20)], { state: 'failed', passed: 0, total: 1 }],
    ['failed, now retrying: in progress', [highest], [attempt('e1', 1, 10), attempt('e1', 2, null, 'IN_PROGRESS')], { state: 'in_progress', passed: 0, total: 1 }],
    ['passed, a retry open: still passed', [highest], [attempt('e1', 1, 90), attempt('e1', 2, null, 'IN_PROGRESS')], { state: 'passed', passed: 1, total: 1 }],
    ['submitted, its grade pending', [highest], [attempt('e1', 1, null, 'AUTO_SUBMITTED')], { state: 'awaiting_grade', passed: 0, total: 1 }],
    ['one of two passed, the other untouched', [highest, last], [attempt('e1', 1, 90)], { state: 'not_started', passed: 1, total: 2 }],
    ['one of two passed, the other failed', [highest, last], [attempt('e1', 1, 90), attempt('e2', 1, 79)], { state: 'failed', passed: 1, total: 2 }],
    ['both passed', [highest, last], [attempt('e1', 1, 90), attempt('e2', 1, 80)], { state: 'passed', passed: 2, total: 2 }],
    ['attempts at an exam no longer published are ignored', [last], [attempt('e1', 1, 100)], { state: 'not_started', passed: 0, total: 1 }],
  ])('%s', (_, exams, attempts, expected) => {
    expect(deskExamProgress(exams, attempts)).toEqual(expected)
  })
})

describe('deskSurveyProgress', () => {
  test.each<[string, { id: string; requiredForCertificate: boolean }[], string[], ReturnType<typeof deskSurveyProgress>]>([
    ['no published survey', [], ['s1'], { state: 'none', completed: 0, total: 0 }],
    ['one survey, not answered', [{ id: 's1', requiredForCertificate: false }], [], { state: 'not_completed', completed: 0, total: 1 }],
    ['one survey, answered', [{ id: 's1', requiredForCertificate: false }], ['s1'], { state: 'completed', completed: 1, total: 1 }],
    [
      'only the required ones count when some are marked',
      [
        { id: 's1', requiredForCertificate: true },
        { id: 's2', requiredForCertificate: false },
      ],
      ['s1'],
      { state: 'completed', completed: 1, total: 1 },
    ],
    [
      'every one counts when none is marked',
      [
        { id: 's1', requiredForCertificate: false },
        { id: 's2', requiredForCertificate: false },
      ],
      ['s2'],
      { state: 'not_completed', completed: 1, total: 2 },
    ],
  ])('%s', (_, surveys, done, expected) => {
    expect(deskSurveyProgress(surveys, new Set(done))).toEqual(expected)
  })
})

test.each([
  [0, 0],
  [59, 0],
  [60, 1],
  [3599.9, 59],
  [-5, 0],
])('deskMinutes(%d s) = %d', (seconds, minutes) => {
  expect(deskMinutes(seconds)).toBe(minutes)
})
