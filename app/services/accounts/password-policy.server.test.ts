import { expect, test } from 'vitest'
import { AppError } from '~/utils/app-error.ts'
import { assertNewPasswordAllowed, commonPasswords, newPasswordProblem } from './password-policy.server.ts'

test('the shipped list holds the 10,000 most common passwords, loaded once', async () => {
  const list = await commonPasswords()
  expect(list.size).toBe(10_000)
  expect(await commonPasswords()).toBe(list)
  for (const common of ['123456', 'password', '12345678', 'qwertyuiop', '1234567890', 'password123']) expect(list.has(common)).toBe(true)
  // The demo accounts' password is checked at sign-up only; it is not on the list either way.
  expect(list.has('demo-password')).toBe(false)
})

test.each([
  ['password', 'too_short'],
  ['12345678', 'too_short'],
  ['          ', 'blank'],
  ['1234567890', 'too_common'],
  ['Basketball', 'too_common'],
  ['violet-tram-4-harbour', null],
])('%j: %s', async (password, problem) => {
  expect(await newPasswordProblem(password)).toBe(problem)
})

test('a refused password is a 422 naming the field and the reason', async () => {
  const error = await assertNewPasswordAllowed('qwertyuiop').catch((e: unknown) => e)
  expect(error).toBeInstanceOf(AppError)
  expect(error).toMatchObject({ code: 'validation_failed', status: 422, details: { fields: { password: 'validation.passwordCommon' } } })
  await expect(assertNewPasswordAllowed('violet-tram-4-harbour')).resolves.toBeUndefined()
})
