import { afterAll, expect, test } from 'vitest'
import { listEmails } from '../../app/services/email/list-emails.server.ts'
import { testDb } from '../helpers/db.ts'

const db = testDb()
afterAll(() => db.$disconnect())

async function mail(kind: string, text: string) {
  const stamp = `${kind}-${Date.now()}-${Math.random()}`
  await db.emailMessage.create({ data: { dedupeKey: stamp, kind, toAddress: `${stamp}@test.cme-forum.org`, locale: 'en', subject: stamp, text, html: `<p>${text}</p>`, status: 'OUTBOX' } })
  return stamp
}

test('the staff outbox never shows the token of a password-reset or sign-up link, and shows other mails whole', async () => {
  const reset = await mail('password_reset', 'Set a new password: https://cme.example/reset-password/Zm9vYmFyYmF6cXV4MTIz (valid 1 h)')
  const signup = await mail('signup_confirmation', 'Confirm: https://cme.example/signup/confirm/abcDEF123_-xyz\nThanks')
  const ticket = await mail('registration_confirmed', 'Your ticket: https://cme.example/tickets/ckabc123')
  const { messages } = await listEmails(db, { take: 10 })
  const text = (subject: string) => messages.find((m) => m.subject === subject)!.text
  expect(text(reset)).toBe('Set a new password: https://cme.example/reset-password/… (valid 1 h)')
  expect(text(signup)).toBe('Confirm: https://cme.example/signup/confirm/…\nThanks')
  expect(text(ticket)).toBe('Your ticket: https://cme.example/tickets/ckabc123')
  // The stored mail keeps its link: only what staff see is redacted.
  expect((await db.emailMessage.findUniqueOrThrow({ where: { dedupeKey: reset } })).text).toContain('Zm9vYmFyYmF6cXV4MTIz')
})
