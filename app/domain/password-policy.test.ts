import { describe, expect, test } from 'vitest'
import { commonPasswordSet, passwordProblem, PASSWORD_PROBLEM_MESSAGES, type PasswordProblem } from './password-policy.ts'

// A stand-in for the shipped list (most common first); the real one is loaded by the server.
const common = commonPasswordSet(['123456', 'password', '12345678', 'qwertyuiop', '1234567890', 'password123', 'basketball'])

describe('passwordProblem', () => {
  test.each<[string, string, PasswordProblem | null]>([
    ['a long, uncommon passphrase', 'correct horse battery', null],
    ['exactly ten characters', 'a9!kq-2zwm', null],
    ['a ten-character Chinese passphrase', '我的密码是一只蓝色的猫', null],
    ['nine characters', 'a9!kq-2zw', 'too_short'],
    ['`password`', 'password', 'too_short'],
    ['`12345678`', '12345678', 'too_short'],
    ['nothing at all', '', 'blank'],
    ['ten spaces', '          ', 'blank'],
    ['eight spaces', '        ', 'blank'],
    ['tabs, newlines and ideographic spaces', '\t\n\u3000          ', 'blank'],
    ['spaces around a short word', '    ab    ', 'too_short'],
    ['a common ten-character password', 'qwertyuiop', 'too_common'],
    ['a common password in capitals', 'PASSWORD123', 'too_common'],
    ['a common password between spaces', '  qwertyuiop ', 'too_common'],
    ['spaces inside count', 'a b c d e f', null],
    ['a common password with one more character', 'basketball1', null],
    ['129 characters', 'x'.repeat(129), 'too_long'],
    ['128 characters', 'x'.repeat(127) + 'y', null],
    ['emoji count as one character each', '🔑'.repeat(9), 'too_short'],
  ])('%s', (_name, password, expected) => {
    expect(passwordProblem(password, common)).toBe(expected)
  })

  test('every problem has a message key', () => {
    expect(Object.values(PASSWORD_PROBLEM_MESSAGES).every((key) => key.startsWith('validation.password'))).toBe(true)
  })
})

describe('commonPasswordSet', () => {
  test('keeps only the most common entries, lower-cased', () => {
    const set = commonPasswordSet(['Alpha', 'beta', 'gamma'], 2)
    expect([...set]).toEqual(['alpha', 'beta'])
  })
})
