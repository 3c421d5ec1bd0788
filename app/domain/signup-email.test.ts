import { expect, test } from 'vitest'
import { renderSignupConfirmationEmail, renderSignupExistingEmail } from './signup-email.ts'

// Echoes the key and its values, so the test sees what goes where without a dictionary.
const t = (key: string, values?: Record<string, unknown>) => `[${key}${values ? ` ${JSON.stringify(values)}` : ''}]`

test('the confirmation mail carries the link in text and HTML, and no name typed into the form', () => {
  const mail = renderSignupConfirmationEmail(t, { confirmUrl: 'https://forum.test/signup/confirm/abc?x=1&y=2', hours: 24 })
  expect(mail.subject).toBe('[email.signupConfirm.subject]')
  expect(mail.text).toContain('\n\nhttps://forum.test/signup/confirm/abc?x=1&y=2\n\n')
  expect(mail.text).toContain('"hours":24')
  expect(mail.html).toContain('<a href="https://forum.test/signup/confirm/abc?x=1&amp;y=2">')
  expect(mail.text).not.toContain('"name"')
})

test('the mail to an existing owner greets them by the account’s name, escaped, and links to log in', () => {
  const mail = renderSignupExistingEmail(t, { realName: '<b>林芳</b>', loginUrl: 'https://forum.test/login' })
  expect(mail.subject).toBe('[email.signupExisting.subject]')
  expect(mail.text).toContain('https://forum.test/login')
  expect(mail.html).toContain('&lt;b&gt;林芳&lt;/b&gt;')
  expect(mail.html).not.toContain('<b>林芳')
  expect(mail.text).not.toMatch(/signup\/confirm/)
})
