import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import nodemailer from 'nodemailer'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { cancelRegistration } from '../../app/services/registration/cancel-registration.server.ts'
import { deliverQueuedEmails } from '../../app/services/email/deliver-emails.server.ts'
import { registerForEvent } from '../../app/services/registration/register-for-event.server.ts'
import { resetEnvCache } from '../../app/utils/env.server.ts'
import { testDb } from '../helpers/db.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'

const db = testDb()

/** A real SMTP server on a free port that keeps what it receives (and can be told to refuse). */
type Received = { from: string; to: string[]; raw: string }
const received: Received[] = []
let refuse = false
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, session, callback) {
    const chunks: Buffer[] = []
    stream.on('data', (c: Buffer) => chunks.push(c))
    stream.on('end', () => {
      if (refuse) return callback(new Error('451 try again later'))
      received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') })
      callback()
    })
  },
})
let transport: nodemailer.Transporter

beforeAll(async () => {
  smtp.listen(0, '127.0.0.1')
  await once(smtp.server, 'listening')
  const { port } = smtp.server.address() as AddressInfo
  transport = nodemailer.createTransport(`smtp://127.0.0.1:${port}`)
})
afterAll(async () => {
  transport?.close()
  await new Promise<void>((resolve) => smtp.close(() => resolve()))
  await db.$disconnect()
})

async function register(label: string, quota: number | null = null, eventId?: string) {
  const event = eventId ? { id: eventId } : await createEvent(db)
  const ticket = eventId ? await db.ticketType.findFirstOrThrow({ where: { eventId } }) : await createTicketType(db, event.id, { quota })
  const [userId] = await createUsers(db, 1, label)
  const registration = await registerForEvent(db, { userId: userId!, eventId: event.id, ticketTypeId: ticket.id, tier: 'NON_MEMBER', answers: {} }, { paymentsConfigured: false })
  return { registration, userId: userId!, eventId: event.id }
}

const messagesFor = (userId: string) => db.emailMessage.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } })

describe('without SMTP_URL', () => {
  test('a confirmed registration leaves a confirmation in the staff outbox, in the attendee language', async () => {
    // The run's other files share this database: what they left queued goes now, so the report below is this test's own.
    await deliverQueuedEmails(db, transport, { limit: 10_000 })
    const { registration, userId } = await register('outbox')
    const [message] = await messagesFor(userId)
    expect(message).toMatchObject({ kind: 'registration_confirmed', status: 'OUTBOX', locale: 'zh_CN', attempts: 0 })
    expect(message!.subject).toMatch(/^报名成功：测试活动/)
    expect(message!.text).toContain(`/tickets/${registration.id}`)
    expect(message!.text).toContain('/calendar.ics')
    // Outbox messages are for reading, not sending.
    const report = await deliverQueuedEmails(db, transport)
    expect((await messagesFor(userId))[0]!.status).toBe('OUTBOX')
    expect(report.sent).toBe(0)
  })

  test('a wait-listed registration gets no confirmation until a cancellation promotes it', async () => {
    const first = await register('first', 1)
    const second = await register('second', null, first.eventId)
    expect(second.registration.status).toBe('WAITLISTED')
    expect(await messagesFor(second.userId)).toHaveLength(0)
    await cancelRegistration(db, { registrationId: first.registration.id, actorUserId: first.userId })
    const [message] = await messagesFor(second.userId)
    expect(message).toMatchObject({ kind: 'registration_confirmed', status: 'OUTBOX' })
  })
})

describe('with SMTP_URL', () => {
  beforeAll(() => {
    process.env.SMTP_URL = 'smtp://127.0.0.1:1'
    resetEnvCache()
  })
  afterAll(() => {
    delete process.env.SMTP_URL
    resetEnvCache()
  })

  test('the confirmation is queued, then delivered over SMTP exactly once, in English for an English-speaking attendee', async () => {
    const [userId] = await createUsers(db, 1, 'smtp')
    await db.user.update({ where: { id: userId! }, data: { locale: 'en' } })
    const event = await createEvent(db)
    const ticket = await createTicketType(db, event.id)
    await registerForEvent(db, { userId: userId!, eventId: event.id, ticketTypeId: ticket.id, tier: 'NON_MEMBER', answers: {} }, { paymentsConfigured: false })
    const [queued] = await messagesFor(userId!)
    expect(queued).toMatchObject({ status: 'QUEUED', locale: 'en' })

    const before = received.length
    await Promise.all([deliverQueuedEmails(db, transport), deliverQueuedEmails(db, transport)])
    await deliverQueuedEmails(db, transport)
    const mine = received.slice(before).filter((m) => m.to.includes(queued!.toAddress))
    expect(mine).toHaveLength(1)
    expect(mine[0]!.raw).toMatch(/^Subject: Registration confirmed: Test event/m)
    expect(mine[0]!.raw).toContain(`Message-ID: <${queued!.id}@cme-forum>`)
    const sent = (await messagesFor(userId!))[0]!
    expect(sent.status).toBe('SENT')
    expect(sent.sentAt).toBeInstanceOf(Date)
  })

  test('a refused delivery is retried later, and given up after five attempts', async () => {
    const { userId } = await register('retry')
    const id = (await messagesFor(userId))[0]!.id
    refuse = true
    try {
      let now = Date.now()
      for (let attempt = 1; attempt <= 5; attempt++) {
        // Too early: the retry waits (1, 2, 4, 8 minutes…).
        if (attempt > 1) expect(await deliverQueuedEmails(db, transport, { now: new Date(now) })).toEqual({ sent: 0, failed: 0, retrying: 0 })
        now += 60 * 60_000
        const report = await deliverQueuedEmails(db, transport, { now: new Date(now) })
        expect(report).toEqual(attempt < 5 ? { sent: 0, failed: 0, retrying: 1 } : { sent: 0, failed: 1, retrying: 0 })
        now += 1
      }
    } finally {
      refuse = false
    }
    const message = await db.emailMessage.findUniqueOrThrow({ where: { id } })
    expect(message).toMatchObject({ status: 'FAILED', attempts: 5 })
    expect(message.lastError).toContain('try again later')
  })
})
