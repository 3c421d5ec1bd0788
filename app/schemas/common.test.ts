import { describe, expect, test } from 'vitest'
import { signupSchema } from './auth.ts'
import { hasForbiddenCharacters, safeString } from './common.ts'
import { responseSchema } from './exam.ts'
import { requestSchemas } from './live-signalling.ts'

describe('safeString', () => {
  test.each([
    ['plain text', 'Hello', true],
    ['Chinese', '高血压的诊断标准', true],
    ['an emoji (a surrogate pair)', 'ok 👍', true],
    ['tabs and line breaks', 'a\tb\r\nc', true],
    ['NUL', 'a\u0000b', false],
    ['a lone high surrogate', 'a\uD83Db', false],
    ['a lone low surrogate at the end', 'ab\uDC4D', false],
    ['a reversed pair', '\uDC4D\uD83D', false],
  ])('%s: accepted %s', (_name, value, accepted) => {
    const parsed = safeString().safeParse(value)
    expect(parsed.success).toBe(accepted)
    expect(hasForbiddenCharacters(value)).toBe(!accepted)
    if (!parsed.success) expect(parsed.error.issues[0]!.message).toBe('validation.invalidCharacters')
  })

  test('still chains as a string schema', () => {
    const schema = safeString({ required_error: 'validation.required' }).trim().min(1, 'validation.required').max(5, 'validation.tooLong')
    expect(schema.parse('  abc ')).toBe('abc')
    expect(schema.safeParse('abcdef').error?.issues[0]?.message).toBe('validation.tooLong')
    expect(schema.safeParse(undefined).error?.issues[0]?.message).toBe('validation.required')
  })
})

describe('the schemas use it, so no form, JSON body or socket payload brings NUL to the database', () => {
  test.each([
    ['a name at sign-up', () => signupSchema.safeParse({ email: 'a@b.example', password: 'a-long-enough-password', realName: 'Zhang\u0000San' })],
    ['a short answer in an exam', () => responseSchema.safeParse({ type: 'SHORT_ANSWER', text: 'x\u0000' })],
    ['a chat message on the live stage', () => requestSchemas.chatSend.safeParse({ text: 'hi\uD800' })],
  ])('%s', (_name, parse) => {
    const parsed = parse()
    expect(parsed.success).toBe(false)
    expect(parsed.error!.issues.map((i) => i.message)).toContain('validation.invalidCharacters')
  })
})
