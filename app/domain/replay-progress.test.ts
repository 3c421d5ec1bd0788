import { expect, test } from 'vitest'
import { freshReplayAllowance, REPLAY_LIMITS, takeReplayProgress } from './replay-progress.ts'

const T = 1_000_000
type Step = [atMs: number, from: number, to: number, accepted: boolean]

test.each<[string, Step[]]>([
  ['a first report of a minute', [[T, 0, 60, true]]],
  ['a first report of more than a minute', [[T, 0, 61, false]]],
  [
    'real time, a report every 10 s',
    [
      [T, 0, 10, true],
      [T + 10_000, 10, 20, true],
      [T + 20_000, 20, 30, true],
    ],
  ],
  ['double speed for two minutes', Array.from({ length: 12 }, (_, i): Step => [T + i * 10_000, i * 20, i * 20 + 20, true])],
  [
    'faster than double speed runs dry after the first minute',
    [
      [T, 0, 60, true],
      [T + 10_000, 60, 80, true],
      [T + 20_000, 80, 101, false],
    ],
  ],
  [
    'ten minutes claimed after one second',
    [
      [T, 0, 10, true],
      [T + 1_000, 10, 610, false],
    ],
  ],
  // A busy server or a slow network delivers two 20 s reports together: both count.
  [
    'two reports delivered back to back',
    [
      [T, 0, 20, true],
      [T + 30_000, 20, 40, true],
      [T + 30_001, 40, 60, true],
    ],
  ],
  ['an empty range is fine', [[T, 30, 30, true]]],
  ['a backwards range is not', [[T, 90, 60, false]]],
  [
    'a refused report takes nothing',
    [
      [T, 0, 100, false],
      [T, 0, 60, true],
    ],
  ],
  [
    'a clock that went backwards adds nothing',
    [
      [T, 0, 60, true],
      [T - 5_000, 60, 61, false],
    ],
  ],
  [
    'idling refills only up to the burst',
    [
      [T, 0, 60, true],
      [T + 3_600_000, 60, 120, true],
      [T + 3_600_001, 120, 122, false],
    ],
  ],
])('%s', (_name, steps) => {
  const allowance = freshReplayAllowance(T)
  expect(steps.map(([at, from, to]) => takeReplayProgress(allowance, { mediaFromSec: from, mediaToSec: to }, at))).toEqual(steps.map((s) => s[3]))
})

test('the allowance refills at the fastest speed', () => {
  const limits = { ...REPLAY_LIMITS, maxSpeed: 1, burstSec: 10 }
  const allowance = freshReplayAllowance(T, limits)
  expect(takeReplayProgress(allowance, { mediaFromSec: 0, mediaToSec: 10 }, T, limits)).toBe(true)
  expect(allowance.sec).toBe(0)
  expect(takeReplayProgress(allowance, { mediaFromSec: 10, mediaToSec: 14 }, T + 4_000, limits)).toBe(true)
  expect(takeReplayProgress(allowance, { mediaFromSec: 14, mediaToSec: 14.5 }, T + 4_000, limits)).toBe(false)
})
