import { expect, test } from 'vitest'
import { registrationStanding, standingReason } from './registration-standing.ts'

test.each<[string, string | null, string, string | null]>([
  ['no registration', null, 'none', 'not_registered'],
  ['cancelled', 'CANCELLED', 'none', 'not_registered'],
  ['rejected', 'REJECTED', 'none', 'not_registered'],
  ['awaiting payment', 'PENDING_PAYMENT', 'pending', 'registration_not_confirmed'],
  ['awaiting approval', 'PENDING_APPROVAL', 'pending', 'registration_not_confirmed'],
  ['wait-listed', 'WAITLISTED', 'pending', 'registration_not_confirmed'],
  ['confirmed', 'CONFIRMED', 'confirmed', null],
])('%s', (_name, status, standing, reason) => {
  const s = registrationStanding(status)
  expect(s).toBe(standing)
  expect(s === 'confirmed' ? null : standingReason(s)).toBe(reason)
})
