import { expect, test } from 'vitest'
import { fullBucket, takeToken } from './token-bucket.ts'

const rate = { burst: 3, perSec: 2 }
test.each<[string, number[], boolean[]]>([
  // request times (ms) → allowed
  ['a burst up to the bucket size', [0, 0, 0, 0], [true, true, true, false]],
  ['refills at the rate', [0, 0, 0, 0, 500, 500], [true, true, true, false, true, false]],
  ['never above the burst after a long pause', [0, 60_000, 60_000, 60_000, 60_000], [true, true, true, true, false]],
  ['a clock that goes backwards refills nothing', [1000, 1000, 1000, 0], [true, true, true, false]],
])('%s', (_name, times, allowed) => {
  const bucket = fullBucket(rate, times[0]!)
  expect(times.map((t) => takeToken(bucket, rate, t))).toEqual(allowed)
})
