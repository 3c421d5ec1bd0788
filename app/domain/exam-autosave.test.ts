import { describe, expect, test } from 'vitest'
import { answersToResend, judgeSaveFailure, localAnswerKey, positionOfLocalKey, retryDelayMs, sameResponse } from './exam-autosave.ts'
import type { QuestionResponse } from './grading.ts'

describe('what a failed save means for the answer', () => {
  test.each([
    ['no answer at all (offline)', null, undefined, { reason: 'network', retry: 'backoff', attemptOver: false }],
    ['a server fault', 500, 'internal', { reason: 'network', retry: 'backoff', attemptOver: false }],
    ['a proxy that is down', 502, undefined, { reason: 'network', retry: 'backoff', attemptOver: false }],
    ['too many requests', 429, 'rate_limited', { reason: 'network', retry: 'backoff', attemptOver: false }],
    ['logged out', 401, 'unauthenticated', { reason: 'signed_out', retry: 'after_login', attemptOver: false }],
    ['time is up', 409, 'attempt_time_up', { reason: 'time_up', retry: 'never', attemptOver: true }],
    ['already submitted', 409, 'attempt_finished', { reason: 'time_up', retry: 'never', attemptOver: true }],
    ['another conflict', 409, 'conflict', { reason: 'refused', retry: 'never', attemptOver: false }],
    ['an answer that does not fit', 422, 'invalid_answer', { reason: 'invalid', retry: 'never', attemptOver: false }],
    ["another candidate's attempt", 403, 'forbidden', { reason: 'refused', retry: 'never', attemptOver: false }],
    ['from another site', 403, 'cross_origin', { reason: 'refused', retry: 'never', attemptOver: false }],
    ['no such attempt', 404, 'not_found', { reason: 'refused', retry: 'never', attemptOver: false }],
    ['not JSON', 415, 'unsupported_media_type', { reason: 'refused', retry: 'never', attemptOver: false }],
  ] as const)('%s (%s %s)', (_name, status, code, expected) => {
    expect(judgeSaveFailure(status, code)).toEqual(expected)
  })
})

test.each([
  [1, 1000],
  [2, 2000],
  [3, 4000],
  [5, 16_000],
  [6, 30_000],
  [50, 30_000],
  [0, 1000],
])('retry after %i failures in a row waits %i ms', (failures, ms) => {
  expect(retryDelayMs(failures)).toBe(ms)
})

describe('storage keys', () => {
  test('carry the attempt and the position', () => {
    expect(localAnswerKey('att1', 3)).toBe('exam-answer:att1:3')
    expect(positionOfLocalKey('exam-answer:att1:3', 'att1')).toBe(3)
  })
  test.each(['exam-answer:att2:3', 'exam-answer:att1:', 'exam-answer:att1:x', 'exam-answer:att10:3', 'other', 'exam-answer:att1:3:4'])('%s is not one of att1', (key) => {
    expect(positionOfLocalKey(key, 'att1')).toBeNull()
  })
})

test.each<[string, QuestionResponse | null, QuestionResponse | null, boolean]>([
  ['the same choice', { type: 'SINGLE_CHOICE', option: 1 }, { option: 1, type: 'SINGLE_CHOICE' } as QuestionResponse, true],
  ['another choice', { type: 'SINGLE_CHOICE', option: 1 }, { type: 'SINGLE_CHOICE', option: 2 }, false],
  ['options in another order', { type: 'MULTIPLE_CHOICE', options: [2, 0] }, { type: 'MULTIPLE_CHOICE', options: [0, 2] }, true],
  ['one option fewer', { type: 'MULTIPLE_CHOICE', options: [2, 0] }, { type: 'MULTIPLE_CHOICE', options: [0] }, false],
  ['an answer and none', { type: 'TRUE_FALSE', answer: false }, null, false],
  ['true and false', { type: 'TRUE_FALSE', answer: false }, { type: 'TRUE_FALSE', answer: true }, false],
  ['the same text', { type: 'SHORT_ANSWER', text: '24' }, { type: 'SHORT_ANSWER', text: '24' }, true],
  ['text of another type', { type: 'SHORT_ANSWER', text: '24' }, { type: 'NUMERICAL', text: '24' }, false],
  ['none and none', null, null, true],
])('sameResponse: %s', (_name, a, b, same) => {
  expect(sameResponse(a, b)).toBe(same)
})

test('answers kept on the device are sent again unless the server has them or the paper has no such question', () => {
  const local = new Map<number, QuestionResponse>([
    [4, { type: 'SHORT_ANSWER', text: '24' }],
    [0, { type: 'SINGLE_CHOICE', option: 1 }],
    [1, { type: 'TRUE_FALSE', answer: true }],
    [9, { type: 'TRUE_FALSE', answer: true }],
  ])
  const server = new Map<number, QuestionResponse | null>([
    [0, { type: 'SINGLE_CHOICE', option: 1 }],
    [1, null],
    [2, null],
    [4, { type: 'SHORT_ANSWER', text: '23' }],
  ])
  expect(answersToResend(local, server)).toEqual({ resend: [1, 4], forget: [0, 9] })
  expect(answersToResend(new Map(), server)).toEqual({ resend: [], forget: [] })
})
