import { describe, expect, test } from 'vitest'
import { canModerateForum, hasPermission, type Permission, type Role } from './permissions.ts'

describe('hasPermission', () => {
  const table: [Role, Permission, boolean][] = [
    ['ATTENDEE', 'update:profile:own', true],
    ['ATTENDEE', 'register:event:any', true],
    ['ATTENDEE', 'moderate:forum:assigned', false],
    ['ATTENDEE', 'manage:event:any', false],
    ['SPEAKER', 'present:forum:assigned', true],
    ['SPEAKER', 'moderate:forum:assigned', false],
    ['MODERATOR', 'moderate:forum:assigned', true],
    ['MODERATOR', 'moderate:forum:any', false],
    ['MODERATOR', 'issue:certificate:any', false],
    ['STAFF', 'issue:certificate:any', true],
    ['STAFF', 'manage:event:any', true],
    ['STAFF', 'manage:user:any', false],
    ['ADMIN', 'manage:user:any', true],
    ['ADMIN', 'update:profile:own', true],
  ]
  test.each(table)('%s may %s: %s', (role, permission, expected) => {
    expect(hasPermission(role, permission)).toBe(expected)
  })
})

describe('canModerateForum', () => {
  const table: [string, { id: string; role: Role }, string[], boolean][] = [
    ['an assigned moderator', { id: 'm1', role: 'MODERATOR' }, ['m1'], true],
    ['a moderator assigned elsewhere', { id: 'm1', role: 'MODERATOR' }, ['m2'], false],
    ['staff without assignment', { id: 's1', role: 'STAFF' }, [], true],
    ['an admin', { id: 'a1', role: 'ADMIN' }, [], true],
    ['an attendee assigned to the forum (the assignment is the grant)', { id: 'u1', role: 'ATTENDEE' }, ['u1'], true],
    ['a speaker assigned to the forum', { id: 'sp', role: 'SPEAKER' }, ['sp'], true],
    ['an attendee not assigned', { id: 'u1', role: 'ATTENDEE' }, ['m1'], false],
    ['a speaker not assigned', { id: 'sp', role: 'SPEAKER' }, [], false],
  ]
  test.each(table)('%s', (_name, user, assigned, expected) => {
    expect(canModerateForum(user, assigned)).toBe(expected)
  })
})
