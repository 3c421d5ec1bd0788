import { describe, expect, test } from 'vitest'
import {
  applyPollAction,
  applyQuestionAction,
  canSeeQuestion,
  canUpvote,
  pollResults,
  sortQuestions,
  type PollAction,
  type PollStatus,
  type QuestionAction,
  type QuestionStatus,
} from './live-interaction.ts'

describe('applyQuestionAction', () => {
  const base = { status: 'PENDING' as QuestionStatus, answered: false, pinned: false }
  test.each<[string, typeof base, QuestionAction, typeof base]>([
    ['approve shows a pending question', base, 'approve', { ...base, status: 'APPROVED' }],
    ['approve shows a hidden question again', { ...base, status: 'HIDDEN' }, 'approve', { ...base, status: 'APPROVED' }],
    ['hide unpins', { status: 'APPROVED', answered: false, pinned: true }, 'hide', { status: 'HIDDEN', answered: false, pinned: false }],
    ['pin approves a pending question', base, 'pin', { status: 'APPROVED', answered: false, pinned: true }],
    ['unpin keeps it approved', { status: 'APPROVED', answered: false, pinned: true }, 'unpin', { status: 'APPROVED', answered: false, pinned: false }],
    ['answered keeps visibility', { ...base, status: 'APPROVED' }, 'answered', { status: 'APPROVED', answered: true, pinned: false }],
    ['unanswered reopens', { status: 'APPROVED', answered: true, pinned: false }, 'unanswered', { status: 'APPROVED', answered: false, pinned: false }],
    ['answering a hidden question leaves it hidden', { ...base, status: 'HIDDEN' }, 'answered', { status: 'HIDDEN', answered: true, pinned: false }],
  ])('%s', (_name, q, action, expected) => {
    expect(applyQuestionAction(q, action)).toEqual(expected)
  })
})

describe('canSeeQuestion and canUpvote', () => {
  test.each<[QuestionStatus, 'viewer' | 'speaker' | 'moderator', boolean, boolean]>([
    // status, viewer role, is the author, sees it
    ['PENDING', 'viewer', false, false],
    ['PENDING', 'viewer', true, true],
    ['PENDING', 'speaker', false, false],
    ['PENDING', 'moderator', false, true],
    ['APPROVED', 'viewer', false, true],
    ['HIDDEN', 'viewer', false, false],
    ['HIDDEN', 'viewer', true, true],
    ['HIDDEN', 'moderator', false, true],
  ])('a %s question, seen by a %s (author: %s) → %s', (status, role, author, sees) => {
    expect(canSeeQuestion({ status, userId: 'u1' }, { userId: author ? 'u1' : 'u2', role })).toBe(sees)
  })
  test.each<[QuestionStatus, string, boolean]>([
    ['APPROVED', 'u2', true],
    ['APPROVED', 'u1', false],
    ['PENDING', 'u2', false],
    ['HIDDEN', 'u2', false],
  ])('up-vote a %s question by %s → %s', (status, voter, ok) => {
    expect(canUpvote({ status, userId: 'u1' }, voter)).toBe(ok)
  })
})

describe('sortQuestions', () => {
  const q = (id: string, over: Partial<{ pinned: boolean; answered: boolean; votes: number; at: string; status: QuestionStatus }> = {}) => ({
    id,
    pinned: false,
    answered: false,
    votes: 0,
    at: '2026-12-04T09:00:00.000Z',
    status: 'APPROVED' as QuestionStatus,
    ...over,
  })
  test.each([
    ['pinned before more votes', [q('a', { votes: 9 }), q('b', { pinned: true })], ['b', 'a']],
    ['more votes first', [q('a', { votes: 1 }), q('b', { votes: 3 })], ['b', 'a']],
    ['equal votes: earlier first', [q('a', { at: '2026-12-04T09:05:00.000Z' }), q('b', { at: '2026-12-04T09:01:00.000Z' })], ['b', 'a']],
    ['answered after open ones, whatever the votes', [q('a', { answered: true, votes: 50 }), q('b')], ['b', 'a']],
    ['hidden last', [q('a', { status: 'HIDDEN', votes: 5 }), q('b', { answered: true })], ['b', 'a']],
    ['empty', [], []],
  ])('%s', (_name, input, ids) => {
    expect(sortQuestions(input).map((x) => x.id)).toEqual(ids)
  })
})

describe('applyPollAction', () => {
  test.each<[PollStatus, boolean, PollAction, { status: PollStatus; resultsShown: boolean } | null]>([
    ['DRAFT', false, 'open', { status: 'OPEN', resultsShown: false }],
    ['OPEN', false, 'open', null],
    ['CLOSED', false, 'open', null],
    ['OPEN', false, 'close', { status: 'CLOSED', resultsShown: false }],
    ['DRAFT', false, 'close', null],
    ['DRAFT', false, 'show_results', null],
    ['OPEN', false, 'show_results', { status: 'OPEN', resultsShown: true }],
    ['CLOSED', false, 'show_results', { status: 'CLOSED', resultsShown: true }],
    ['CLOSED', true, 'show_results', null],
    ['CLOSED', true, 'hide_results', { status: 'CLOSED', resultsShown: false }],
    ['CLOSED', false, 'hide_results', null],
  ])('%s (results shown: %s) + %s', (status, resultsShown, action, expected) => {
    expect(applyPollAction({ status, resultsShown }, action)).toEqual(expected)
  })
})

describe('pollResults', () => {
  test.each<[string, string[], Record<string, number>, number, number[]]>([
    ['no votes', ['a', 'b'], {}, 0, [0, 0]],
    ['thirds add up to 100', ['a', 'b', 'c'], { a: 1, b: 1, c: 1 }, 3, [34, 33, 33]],
    ['largest remainder wins the point', ['a', 'b', 'c'], { a: 2, b: 2, c: 3 }, 7, [29, 28, 43]],
    ['one option takes all', ['a', 'b'], { b: 12 }, 12, [0, 100]],
    ['unknown option ids are ignored', ['a'], { a: 1, z: 5 }, 1, [100]],
    ['negative or fractional counts are cleaned', ['a', 'b'], { a: -3, b: 2.7 }, 2, [0, 100]],
  ])('%s', (_name, ids, counts, total, percents) => {
    const r = pollResults(ids, counts)
    expect(r.total).toBe(total)
    expect(r.results.map((x) => x.percent)).toEqual(percents)
    if (total > 0) expect(r.results.reduce((a, x) => a + x.percent, 0)).toBe(100)
  })
})
