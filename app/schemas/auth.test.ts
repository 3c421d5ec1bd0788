import { describe, expect, test } from 'vitest'
import { fieldErrors, loginSchema, newPasswordSchema, profileSchema, safeRedirect, signupSchema } from './auth.ts'

describe('signupSchema', () => {
  test.each([
    ['accepts a normal sign-up', { email: ' Li@Example.com ', password: 'longenough', realName: '李明' }, null],
    ['rejects a bad email', { email: 'not-an-email', password: 'longenough', realName: '李明' }, { email: 'validation.email' }],
    ['rejects a short password', { email: 'a@b.cn', password: 'short', realName: '李明' }, { password: 'validation.passwordShort' }],
    ['rejects `password` as too short', { email: 'a@b.cn', password: 'password', realName: '李明' }, { password: 'validation.passwordShort' }],
    ['rejects a password of spaces', { email: 'a@b.cn', password: '          ', realName: '李明' }, { password: 'validation.passwordBlank' }],
    ['rejects an empty password as missing', { email: 'a@b.cn', password: '', realName: '李明' }, { password: 'validation.required' }],
    ['rejects an empty name', { email: 'a@b.cn', password: 'longenough', realName: '   ' }, { realName: 'validation.required' }],
    ['rejects a missing email', { password: 'longenough', realName: '李明' }, { email: 'validation.required' }],
  ])('%s', (_name, input, expected) => {
    const r = signupSchema.safeParse(input)
    if (expected === null) {
      expect(r.success).toBe(true)
      expect(r.data?.email).toBe('li@example.com')
    } else {
      expect(r.success).toBe(false)
      expect(fieldErrors(r.error!)).toEqual(expected)
    }
  })
})

test.each([
  ['accepts ten characters', 'a9!kq-2zwm', null],
  ['refuses nine', 'a9!kq-2zw', 'validation.passwordShort'],
  ['refuses spaces only', '            ', 'validation.passwordBlank'],
  ['refuses more than 128 characters', 'x'.repeat(129), 'validation.passwordLong'],
  ['refuses a missing value', undefined, 'validation.required'],
])('newPasswordSchema %s', (_name, password, expected) => {
  const r = newPasswordSchema.safeParse(password)
  expect(r.success ? null : r.error.issues[0]!.message).toBe(expected)
})

test('loginSchema accepts any existing password, short ones included (the policy is for new passwords)', () => {
  expect(loginSchema.safeParse({ email: 'a@b.cn', password: 'demo' }).success).toBe(true)
})

test('loginSchema needs both fields', () => {
  const r = loginSchema.safeParse({ email: '', password: '' })
  expect(r.success).toBe(false)
  expect(Object.keys(fieldErrors(r.error!)).sort()).toEqual(['email', 'password'])
})

describe('profileSchema', () => {
  const base = { realName: '王芳', institution: '', title: '', licenseId: '', boardId: '', birthMonth: '', birthDay: '' }
  test('turns empty optional fields into null', () => {
    expect(profileSchema.parse(base)).toEqual({ realName: '王芳', institution: null, title: null, licenseId: null, boardId: null, birthMonth: null, birthDay: null })
  })
  test.each([
    ['month 13', { birthMonth: '13' }, { birthMonth: 'validation.month' }],
    ['day 0', { birthMonth: '1', birthDay: '0' }, { birthDay: 'validation.day' }],
    ['30 February', { birthMonth: '2', birthDay: '30' }, { birthDay: 'validation.dayInMonth' }],
    ['a day without a month', { birthDay: '12' }, { birthMonth: 'validation.dayWithoutMonth' }],
    ['letters for a month', { birthMonth: 'May' }, { birthMonth: 'validation.month' }],
  ])('rejects %s', (_name, patch, expected) => {
    const r = profileSchema.safeParse({ ...base, ...patch })
    expect(r.success).toBe(false)
    expect(fieldErrors(r.error!)).toEqual(expected)
  })
  test('accepts 29 February (no year is asked)', () => {
    expect(profileSchema.parse({ ...base, birthMonth: '2', birthDay: '29' })).toMatchObject({ birthMonth: 2, birthDay: 29 })
  })
})

describe('safeRedirect', () => {
  test.each([
    ['/events/x', '/events/x'],
    ['//evil.example', '/events'],
    ['/\\evil.example', '/events'],
    ['https://evil.example', '/events'],
    ['/\t/evil.example/phish', '/events'],
    ['/%09/evil.example/phish', '/%09/evil.example/phish'],
    ['/\n/evil.example', '/events'],
    ['/\r\nSet-Cookie: x=1', '/events'],
    ['/\u0000x', '/events'],
    ['/\\/evil.example', '/events'],
    ['\\\\evil.example', '/events'],
    ['/ /evil.example', '/%20/evil.example'],
    ['http://same-origin.invalid/x', '/events'],
    ['javascript:alert(1)', '/events'],
    ['/events/会议?q=是#第一', '/events/%E4%BC%9A%E8%AE%AE?q=%E6%98%AF#%E7%AC%AC%E4%B8%80'],
    ['/events?next=//evil', '/events?next=//evil'],
    [null, '/events'],
  ])('%s goes to %s', (to, expected) => {
    expect(safeRedirect(to)).toBe(expected)
  })
})
