import nodemailer from 'nodemailer'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { DEFAULT_DESK_QUERY } from '../../app/domain/registration-desk.ts'
import { requestPasswordReset } from '../../app/services/accounts/request-password-reset.server.ts'
import { deliverEmailBatches } from '../../app/jobs/email-delivery.server.ts'
import { deliverQueuedEmails } from '../../app/services/email/deliver-emails.server.ts'
import { pooled } from '../../app/services/email/mailer.server.ts'
import { queuePasswordResetEmail } from '../../app/services/email/queue-password-reset-email.server.ts'
import { sendRegistrantMessage } from '../../app/services/registration/send-registrant-message.server.ts'
import { resetEnvCache } from '../../app/utils/env.server.ts'
import { testDb, uniqueEmail } from '../helpers/db.ts'
import { createEvent, createTicketType, removeEvent } from '../helpers/fixtures.ts'
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../helpers/smtp-sink.ts'

// Issue 15, SMTP: the queue is delivered 50 mails a pass. A message to many registrants must not
// hold back a password reset asked for after it: transactional mails go before bulk ones.
const db = testDb()
const received: ReceivedMail[] = []
let smtp: SmtpSink
let transport: nodemailer.Transporter
let eventId = ''

beforeAll(async () => {
  smtp = await startSmtpSink((mail) => void received.push(mail))
  // The app's transport: one pooled connection, not one per mail.
  transport = nodemailer.createTransport(pooled(smtp.url))
  process.env.SMTP_URL = smtp.url
  resetEnvCache()
})

afterAll(async () => {
  delete process.env.SMTP_URL
  resetEnvCache()
  // The run's other files share this database and count registrant messages: take ours away.
  if (eventId) {
    const sends = await db.registrantMessageSend.findMany({ where: { eventId }, select: { id: true } })
    const recipients = await db.registrantMessageRecipient.findMany({ where: { sendId: { in: sends.map((s) => s.id) } }, select: { emailMessageId: true } })
    await db.registrantMessageRecipient.deleteMany({ where: { sendId: { in: sends.map((s) => s.id) } } })
    await db.emailMessage.deleteMany({ where: { id: { in: recipients.map((r) => r.emailMessageId) } } })
    await db.registrantMessageSend.deleteMany({ where: { eventId } })
    await removeEvent(db, eventId)
  }
  transport?.close()
  await smtp?.close()
  await db.$disconnect()
})

test('a password reset asked for after a message to 200 registrants goes out first, in the first batch of 50', async () => {
  // What other files left queued goes now, so the batches below are this test's own.
  await deliverQueuedEmails(db, transport, { limit: 10_000 })

  const event = await createEvent(db)
  eventId = event.id
  const ticket = await createTicketType(db, event.id)
  const users = Array.from({ length: 200 }, (_, i) => ({ id: `bulk-${process.pid}-${Date.now()}-${i}`, email: uniqueEmail('bulk'), passwordHash: 'x', realName: `参会者${i}` }))
  await db.user.createMany({ data: users })
  await db.registration.createMany({ data: users.map((u) => ({ eventId: event.id, userId: u.id, ticketTypeId: ticket.id, status: 'CONFIRMED' as const, confirmedAt: new Date() })) })
  const template = { subjectZh: '{{event}}：会前通知', bodyZh: '{{name}}，您好。', subjectEn: 'Before {{event}}', bodyEn: 'Dear {{name}},' }
  const send = await sendRegistrantMessage(db, { eventId: event.id, query: DEFAULT_DESK_QUERY, template, nonce: `priority-${Date.now()}`, expected: 200 }, { userId: null })
  expect(send.recipients).toBe(200)
  const bulk = await db.emailMessage.findMany({ where: { registrantMessage: { sendId: send.sendId } }, select: { status: true, priority: true } })
  expect(bulk).toHaveLength(200)
  expect(new Set(bulk.map((m) => `${m.status} ${m.priority}`))).toEqual(new Set(['QUEUED BULK']))

  // Then someone who forgot their password asks for a link.
  const [forgetful] = await db.user.createManyAndReturn({ data: [{ email: uniqueEmail('forgetful'), passwordHash: 'x', realName: '忘记密码' }] })
  await requestPasswordReset(db, { email: forgetful!.email }, queuePasswordResetEmail, { ipAddress: `198.51.100.${1 + Math.floor(Math.random() * 250)}` })
  const reset = await db.emailMessage.findFirstOrThrow({ where: { userId: forgetful!.id, kind: 'password_reset' } })
  expect(reset).toMatchObject({ status: 'QUEUED', priority: 'TRANSACTIONAL' })
  expect(reset.createdAt.getTime()).toBeGreaterThan((await db.emailMessage.findFirstOrThrow({ where: { registrantMessage: { sendId: send.sendId } } })).createdAt.getTime())

  // The first pass: the reset is the first mail the relay receives, then 49 of the bulk ones.
  const before = received.length
  expect(await deliverQueuedEmails(db, transport)).toEqual({ sent: 50, failed: 0, retrying: 0 })
  const firstBatch = received.slice(before)
  expect(firstBatch).toHaveLength(50)
  expect(firstBatch[0]!.to).toEqual([forgetful!.email])
  expect(firstBatch[0]!.text).toMatch(/\/reset-password\/[A-Za-z0-9_-]{43}/)
  expect(firstBatch.slice(1).every((m) => users.some((u) => m.to.includes(u.email)))).toBe(true)
  expect((await db.emailMessage.findUniqueOrThrow({ where: { id: reset.id } })).status).toBe('SENT')

  // The bulk mails are not lost, only later: the job's next run sends the other 151, each once,
  // in batches one after the other while they come back full (not one batch per interval).
  expect(await deliverEmailBatches(db, transport, { maxBatches: 2 })).toEqual({ sent: 100, failed: 0, retrying: 0, batches: 2 })
  expect(await deliverEmailBatches(db, transport)).toEqual({ sent: 51, failed: 0, retrying: 0, batches: 2 })
  const bulkReceived = received.slice(before).filter((m) => users.some((u) => m.to.includes(u.email)))
  expect(bulkReceived).toHaveLength(200)
  expect(new Set(bulkReceived.map((m) => m.to[0])).size).toBe(200)
  expect(await db.emailMessage.count({ where: { registrantMessage: { sendId: send.sendId }, status: 'SENT' } })).toBe(200)
})
