import { describe, expect, test } from 'vitest'
import { formatCountdown, pickCurrentTalk } from './current-talk.ts'

// A morning in Shanghai (UTC+8): 09:00–09:30 opening, 09:30–10:15 talk, 10:15–10:30 break, 10:30–11:15 talk.
const at = (hhmm: string) => new Date(`2026-08-29T${hhmm}:00+08:00`)
const agenda = [
  { id: 'talk-2', startsAt: at('09:30'), endsAt: at('10:15'), position: 1 },
  { id: 'opening', startsAt: at('09:00'), endsAt: at('09:30'), position: 0 },
  { id: 'talk-3', startsAt: at('10:30'), endsAt: at('11:15'), position: 3 },
  { id: 'break', startsAt: at('10:15'), endsAt: at('10:30'), position: 2 },
]
const MIN = 60_000

describe('pickCurrentTalk', () => {
  test.each([
    ['before the first session', at('08:40'), null, 'opening', null, 20 * MIN],
    ['at the first start exactly', at('09:00'), 'opening', 'talk-2', 30 * MIN, 30 * MIN],
    ['in the middle of a talk', new Date(at('09:47').getTime() + 30_000), 'talk-2', 'break', 27 * MIN + 30_000, 27 * MIN + 30_000],
    ['at an end: the next one is on (end is exclusive)', at('10:15'), 'break', 'talk-3', 15 * MIN, 15 * MIN],
    ['one ms before an end', new Date(at('11:15').getTime() - 1), 'talk-3', null, 1, null],
    ['after the last session', at('12:00'), null, null, null, null],
  ])('%s', (_name, now, current, next, remainingMs, startsInMs) => {
    const result = pickCurrentTalk(agenda, now)
    expect(result.current?.id ?? null).toBe(current)
    expect(result.next?.id ?? null).toBe(next)
    expect(result.remainingMs).toBe(remainingMs)
    expect(result.startsInMs).toBe(startsInMs)
  })

  test('a gap between sessions: nothing current, the next one counts down', () => {
    const gap = [
      { id: 'a', startsAt: at('09:00'), endsAt: at('09:45') },
      { id: 'b', startsAt: at('10:00'), endsAt: at('10:45') },
    ]
    expect(pickCurrentTalk(gap, at('09:50'))).toMatchObject({ current: null, next: { id: 'b' }, remainingMs: null, startsInMs: 10 * MIN })
  })

  test('overlapping sessions: the latest-started running one is current', () => {
    const nested = [
      { id: 'block', startsAt: at('09:00'), endsAt: at('12:00') },
      { id: 'panel', startsAt: at('10:00'), endsAt: at('10:30') },
      { id: 'closing', startsAt: at('11:30'), endsAt: at('12:00') },
    ]
    expect(pickCurrentTalk(nested, at('10:10'))).toMatchObject({ current: { id: 'panel' }, next: { id: 'closing' }, remainingMs: 20 * MIN })
    // Once the panel is over, the block is current again.
    expect(pickCurrentTalk(nested, at('10:40'))).toMatchObject({ current: { id: 'block' }, remainingMs: 80 * MIN })
  })

  test('same start: agenda position decides the order', () => {
    const tie = [
      { id: 'second', startsAt: at('09:00'), endsAt: at('09:20'), position: 1 },
      { id: 'first', startsAt: at('09:00'), endsAt: at('09:40'), position: 0 },
    ]
    // Both started together; the later one in the agenda is the one taken as current.
    expect(pickCurrentTalk(tie, at('09:10')).current?.id).toBe('second')
    expect(pickCurrentTalk(tie, at('09:30')).current?.id).toBe('first')
  })

  test('an empty session (end not after start) is never current', () => {
    const empty = [{ id: 'zero', startsAt: at('09:00'), endsAt: at('09:00') }]
    expect(pickCurrentTalk(empty, at('09:00'))).toEqual({ current: null, next: null, remainingMs: null, startsInMs: null })
  })

  test('no agenda', () => {
    expect(pickCurrentTalk([], at('09:00'))).toEqual({ current: null, next: null, remainingMs: null, startsInMs: null })
  })

  test('the input order is left as it was', () => {
    const copy = [...agenda]
    pickCurrentTalk(agenda, at('09:40'))
    expect(agenda).toEqual(copy)
  })
})

describe('formatCountdown', () => {
  test.each([
    [0, '0:00'],
    [-5000, '0:00'],
    [1, '0:01'],
    [999, '0:01'],
    [1000, '0:01'],
    [1001, '0:02'],
    [59_000, '0:59'],
    [60_000, '1:00'],
    [27 * MIN + 30_000, '27:30'],
    [59 * MIN + 59_000, '59:59'],
    [60 * MIN, '1:00:00'],
    [75 * MIN + 5_000, '1:15:05'],
    [10 * 60 * MIN, '10:00:00'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatCountdown(ms)).toBe(text)
  })
})
