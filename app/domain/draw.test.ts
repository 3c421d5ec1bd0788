import { describe, expect, test } from 'vitest'
import { createRandom, drawQuestions, shuffle, shuffleOptions } from './draw.ts'
import { gradeAnswer } from './grading.ts'
import type { Question, SingleChoiceQuestion } from './question.ts'

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

describe('createRandom', () => {
  test('gives the same sequence for the same seed, pinned so that attempts in progress keep their paper', () => {
    const random = createRandom('exam-1')
    expect([random(), random(), random()]).toEqual([0.1874198205769062, 0.1674996477086097, 0.23734442214481533])
  })

  test('stays within [0, 1) and spreads evenly over ten buckets', () => {
    const random = createRandom('spread')
    const buckets = new Array<number>(10).fill(0)
    for (let i = 0; i < 10_000; i++) {
      const x = random()
      expect(x >= 0 && x < 1).toBe(true)
      buckets[Math.floor(x * 10)]!++
    }
    for (const count of buckets) expect(count).toBeGreaterThan(900)
  })
})

describe('shuffle', () => {
  const items = range(100)

  test('the same seed gives the same order', () => {
    expect(shuffle(items, 'attempt-1')).toEqual(shuffle(items, 'attempt-1'))
  })

  test('the order for a seed is pinned', () => {
    expect(
      shuffle(
        range(10).map((i) => i + 1),
        'attempt-42',
      ),
    ).toEqual([9, 10, 6, 3, 7, 2, 5, 1, 4, 8])
    expect(shuffle(['a', 'b', 'c', 'd'], '')).toEqual(['a', 'd', 'c', 'b'])
  })

  test('gives a permutation and leaves the input alone', () => {
    const input = [...items]
    const shuffled = shuffle(input, 'x')
    expect(input).toEqual(items)
    expect(shuffled).not.toEqual(items)
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items)
  })

  test('different seeds give different orders: 200 seeds, 200 orders', () => {
    const orders = new Set(range(200).map((i) => shuffle(items, `attempt-${i}`).join(',')))
    expect(orders.size).toBe(200)
  })

  test('seeds that differ by one character still give unrelated orders', () => {
    const a = shuffle(items, 'attempt-10')
    const b = shuffle(items, 'attempt-11')
    expect(a.filter((x, i) => b[i] === x).length).toBeLessThan(10)
  })

  test('every item is as likely to come first (chi-square over 6,000 seeds)', () => {
    const firsts = new Array<number>(6).fill(0)
    for (let i = 0; i < 6000; i++) firsts[shuffle(range(6), `seed-${i}`)[0]!]!++
    const chiSquare = firsts.reduce((sum, n) => sum + (n - 1000) ** 2 / 1000, 0)
    expect(chiSquare).toBeLessThan(20.5) // p = 0.001 with 5 degrees of freedom
  })

  test('handles nothing and one item', () => {
    expect(shuffle([], 's')).toEqual([])
    expect(shuffle(['only'], 's')).toEqual(['only'])
  })
})

describe('drawQuestions', () => {
  const q = (id: string, ...tags: string[]) => ({ id, tags })
  const bank = [...range(20).map((i) => q(`cardio-${i}`, 'cardio')), ...range(10).map((i) => q(`neuro-${i}`, 'neuro')), q('both-1', 'cardio', 'neuro'), q('both-2', 'cardio', 'neuro'), q('none')]

  test('draws the asked number from each tagged pool, in pool order', () => {
    const result = drawQuestions(
      [
        { tag: 'cardio', count: 5 },
        { tag: 'neuro', count: 3 },
      ],
      bank,
      'attempt-1',
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.questions).toHaveLength(8)
    expect(result.questions.slice(0, 5).every((x) => x.tags.includes('cardio'))).toBe(true)
    expect(result.questions.slice(5).every((x) => x.tags.includes('neuro'))).toBe(true)
  })

  test('the same seed draws the same questions, whatever order the bank comes in', () => {
    const pools = [
      { tag: 'cardio', count: 5 },
      { tag: 'neuro', count: 3 },
    ]
    const first = drawQuestions(pools, bank, 'attempt-1')
    expect(drawQuestions(pools, [...bank].reverse(), 'attempt-1')).toEqual(first)
    expect(drawQuestions(pools, shuffle(bank, 'any'), 'attempt-1')).toEqual(first)
  })

  test('different seeds draw different papers', () => {
    const papers = new Set(range(50).map((i) => JSON.stringify(drawQuestions([{ tag: 'cardio', count: 5 }], bank, `attempt-${i}`))))
    expect(papers.size).toBe(50)
  })

  test('never draws a question twice, even when it is in two pools or twice in the bank', () => {
    for (let i = 0; i < 50; i++) {
      const result = drawQuestions(
        [
          { tag: 'cardio', count: 22 },
          { tag: 'neuro', count: 10 },
        ],
        [...bank, q('both-1', 'cardio', 'neuro')],
        `seed-${i}`,
      )
      expect(result.ok).toBe(true)
      if (!result.ok) return
      expect(new Set(result.questions.map((x) => x.id)).size).toBe(32)
    }
  })

  test('a pool too small for its count is an error naming the pool and the numbers', () => {
    expect(drawQuestions([{ tag: 'neuro', count: 13 }], bank, 's')).toEqual({
      ok: false,
      error: { code: 'pool_too_small', tag: 'neuro', needed: 13, available: 12, message: 'The pool "neuro" needs 13 questions but only 12 are available.' },
    })
    expect(drawQuestions([{ tag: 'missing', count: 1 }], bank, 's')).toMatchObject({ ok: false, error: { code: 'pool_too_small', available: 0 } })
  })

  test('questions drawn by an earlier pool are not available to a later one', () => {
    const result = drawQuestions(
      [
        { tag: 'cardio', count: 22 },
        { tag: 'neuro', count: 11 },
      ],
      bank,
      's',
    )
    expect(result).toMatchObject({ ok: false, error: { code: 'pool_too_small', tag: 'neuro', needed: 11, available: 10 } })
    expect(!result.ok && result.error.message).toContain('drawn by an earlier pool')
  })

  test.each([-1, 1.5, Number.NaN])('a count of %s is an error', (count) => {
    expect(drawQuestions([{ tag: 'cardio', count }], bank, 's')).toMatchObject({ ok: false, error: { code: 'invalid_count', tag: 'cardio' } })
  })

  test('drawing a whole pool takes every question in it, and no pools draw nothing', () => {
    const result = drawQuestions([{ tag: 'neuro', count: 12 }], bank, 's')
    expect(result.ok && result.questions.map((x) => x.id).sort()).toEqual(
      bank
        .filter((x) => x.tags.includes('neuro'))
        .map((x) => x.id)
        .sort(),
    )
    expect(drawQuestions([], bank, 's')).toEqual({ ok: true, questions: [] })
    expect(drawQuestions([{ tag: 'cardio', count: 0 }], bank, 's')).toEqual({ ok: true, questions: [] })
  })
})

describe('shuffleOptions', () => {
  const question: SingleChoiceQuestion = {
    type: 'SINGLE_CHOICE',
    title: 't',
    text: 'Q',
    textFormat: 'plain',
    generalFeedback: '',
    category: null,
    tags: [],
    options: range(8).map((i) => ({ text: `option ${i}`, weight: i === 5 ? 1 : 0, feedback: '' })),
  }

  test('shows the options in a seeded order and says where each came from', () => {
    const { question: shown, order } = shuffleOptions(question, 'attempt-1:q1')
    expect(order).not.toEqual(range(8))
    expect([...order].sort()).toEqual(range(8))
    expect(shown.options).toEqual(order.map((i) => question.options[i]))
    expect(shuffleOptions(question, 'attempt-1:q1')).toEqual({ question: shown, order })
    expect(question.options[0]!.text).toBe('option 0')
  })

  test('the right option, picked where it is shown, grades right once mapped back through order', () => {
    for (let i = 0; i < 20; i++) {
      const { question: shown, order } = shuffleOptions(question, `seed-${i}`)
      const shownIndex = shown.options.findIndex((o) => o.weight === 1)
      expect(gradeAnswer(question, { type: 'SINGLE_CHOICE', option: order[shownIndex]! })).toEqual({ score: 1, correct: true })
    }
  })

  test('different attendees see different orders', () => {
    const orders = new Set(range(30).map((i) => shuffleOptions(question, `attendee-${i}`).order.join()))
    expect(orders.size).toBeGreaterThan(25)
  })

  test('questions without options come back unchanged', () => {
    const { options: _options, ...common } = question
    const trueFalse: Question = { ...common, type: 'TRUE_FALSE', answer: true, correctFeedback: '', incorrectFeedback: '' }
    expect(shuffleOptions(trueFalse, 's')).toEqual({ question: trueFalse, order: [] })
  })
})
