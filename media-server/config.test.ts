import { describe, expect, test } from 'vitest'
import { portRangeFor } from './config.ts'

describe('portRangeFor', () => {
  test.each([
    [0, 2, 40000, 49999, { rtcMinPort: 40000, rtcMaxPort: 44999 }],
    [1, 2, 40000, 49999, { rtcMinPort: 45000, rtcMaxPort: 49999 }],
    [2, 3, 40000, 40010, { rtcMinPort: 40006, rtcMaxPort: 40010 }],
    [0, 1, 40000, 40000, { rtcMinPort: 40000, rtcMaxPort: 40000 }],
  ])('worker %i of %i over %i-%i', (index, count, min, max, expected) => {
    expect(portRangeFor(index, count, min, max)).toEqual(expected)
  })
  test('refuses a range smaller than the worker count', () => {
    expect(() => portRangeFor(0, 4, 40000, 40002)).toThrow(/too small/)
  })
})
