import { describe, expect, test } from 'vitest'
import { isDemoEmail, isDemoLogInAllowed } from './demo.ts'

describe('isDemoEmail', () => {
  test.each<[string, boolean]>([
    ['admin@demo.cme-forum.org', true],
    ['  Attendee@DEMO.cme-forum.org ', true],
    ['admin@cme-forum.org', false],
    ['admin@notdemo.cme-forum.org', false],
    ['demo.cme-forum.org@example.org', false],
  ])('%s → %s', (email, expected) => expect(isDemoEmail(email)).toBe(expected))
})

describe('isDemoLogInAllowed', () => {
  test.each<[string, string, { production: boolean; demoMode: boolean }, boolean]>([
    ['a demo account in production', 'admin@demo.cme-forum.org', { production: true, demoMode: false }, false],
    ['a demo account on a demo instance', 'admin@demo.cme-forum.org', { production: true, demoMode: true }, true],
    ['a demo account in development', 'admin@demo.cme-forum.org', { production: false, demoMode: false }, true],
    ['a real account in production', 'chen@hospital.example', { production: true, demoMode: false }, true],
  ])('%s', (_name, email, instance, expected) => expect(isDemoLogInAllowed(email, instance)).toBe(expected))
})
