import { describe, expect, test } from 'vitest'
import { isSharedPage } from './shared-pages.ts'

describe('isSharedPage', () => {
  test.each([
    ['/events/congress-2026/forums/main/live', true],
    ['/events/congress-2026/forums/sub-01/live/', true],
    ['/events/congress-2026/forums/main', false],
    ['/events/congress-2026/forums/main/console', false],
    ['/events/congress-2026/forums/main/venue', false],
    ['/events/congress-2026/forums/main/live/extra', false],
    ['/events/Congress/forums/main/live', false],
    ['/me', false],
  ])('%s → %s', (path, shared) => {
    expect(isSharedPage(path)).toBe(shared)
  })
})
