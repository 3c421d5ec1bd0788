import { expect, test } from 'vitest'
import { acceptsReplayProgress, replayAllowanceSec } from './replay-progress.ts'

const T = 1_000_000
test.each<[string, number | null, number, number, number, boolean]>([
  // name, last report at, now, from, to, accepted
  ['a first report of a minute', null, T, 0, 60, true],
  ['a first report of more than a minute', null, T, 0, 61, false],
  ['30 s of media 30 s after the last report', T, T + 30_000, 60, 90, true],
  ['at double speed', T, T + 30_000, 60, 120, true],
  ['double speed plus the slack', T, T + 30_000, 60, 125, true],
  ['faster than double speed', T, T + 30_000, 60, 126, false],
  ['ten minutes claimed after one second', T, T + 1_000, 0, 600, false],
  ['an empty range is fine', T, T, 30, 30, true],
  ['a backwards range is not', T, T + 30_000, 90, 60, false],
  ['a clock that went backwards allows only the slack', T, T - 5_000, 0, 5, true],
])('%s', (_name, last, now, from, to, ok) => {
  expect(acceptsReplayProgress({ mediaFromSec: from, mediaToSec: to }, last, now)).toBe(ok)
})

test('the allowance grows with the wall-clock time since the last report', () => {
  expect(replayAllowanceSec(null, T)).toBe(60)
  expect(replayAllowanceSec(T, T + 10_000)).toBe(25)
  expect(replayAllowanceSec(T, T + 10_000, { maxSpeed: 1, slackSec: 0, firstSec: 0 })).toBe(10)
})
