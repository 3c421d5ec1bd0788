import { describe, expect, test } from 'vitest'
import { parseStoredVolume } from './player-controls.tsx'

describe('parseStoredVolume', () => {
  test.each([
    [null, null],
    ['', null],
    ['  ', null],
    ['0', 0],
    ['0.3', 0.3],
    ['1', 1],
    ['1.5', null],
    ['-0.1', null],
    ['NaN', null],
    ['Infinity', null],
    ['loud', null],
  ])('%o → %o', (raw, volume) => {
    expect(parseStoredVolume(raw)).toBe(volume)
  })
})
