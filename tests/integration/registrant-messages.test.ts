import nodemailer from 'nodemailer'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DEFAULT_DESK_QUERY, type DeskQuery } from '../../app/domain/registration-desk.ts'
import type { MessageTemplate } from '../../app/domain/registrant-message.ts'
import { messageTemplateSchema } from '../../app/schemas/registrant-message.ts'
import { deliverQueuedEmails } from '../../app/services/email/deliver-emails.server.ts'
import { deleteMessageTemplate } from '../../app/services/registration/delete-message-template.server.ts'
import { getMessageSend } from '../../app/services/registration/get-message-send.server.ts'
import { listMessageSends } from '../../app/services/registration/list-message-sends.server.ts'
import { previewRegistrantMessage } from '../../app/services/registration/preview-registrant-message.server.ts'
import { saveMessageTemplate } from '../../app/services/registration/save-message-template.server.ts'
import { sendRegistrantMessage } from '../../app/services/registration/send-registrant-message.server.ts'
import { isAppError } from '../../app/utils/app-error.ts'
import { resetEnvCache } from '../../app/utils/env.server.ts'
import { testDb, uniqueEmail } from '../helpers/db.ts'
import { createEvent, createTicketType } from '../helpers/fixtures.ts'
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../helpers/smtp-sink.ts'

// Issue 15 §1, messages: staff write to the desk's filtered registrants from a template in both
// languages; each recipient gets their language with the placeholders filled, over real SMTP.
const db = testDb()

/** A real SMTP server on loopback that keeps what it receives (decoded: tests/helpers/smtp-sink.ts). */
const received: ReceivedMail[] = []
let smtp: SmtpSink
let transport: nodemailer.Transporter

let event: Awaited<ReturnType<typeof createEvent>>
let ticketA = ''
let ticketB = ''
const people: Record<string, { registrationId: string; email: string }> = {}

const template: MessageTemplate = {
  subjectZh: '{{event}}：会前通知',
  bodyZh: '{{name}}，您好：\n\n您的票种是 {{ticket}}。\n直播：{{forum_link}}\n电子票：{{ticket_link}}',
  subjectEn: 'Before {{event}}',
  bodyEn: 'Dear {{name}},\n\nYour ticket: {{ticket}}.\nLive: {{forum_link}}\nTicket: {{ticket_link}}',
}
/** The desk's filter: one hospital's people on ticket A. */
let query: DeskQuery

beforeAll(async () => {
  smtp = await startSmtpSink((mail) => void received.push(mail))
  transport = nodemailer.createTransport(smtp.url)
  process.env.SMTP_URL = smtp.url
  process.env.PUBLIC_URL = 'https://cme.example.org'
  resetEnvCache()

  event = await createEvent(db)
  ticketA = (await createTicketType(db, event.id, { nameZh: '普通票', nameEn: 'Standard' })).id
  ticketB = (await createTicketType(db, event.id, { nameZh: '学生票', nameEn: 'Student' })).id
  const seeds = [
    { key: 'wang', name: '王伟', institution: '北京协和医院', locale: 'zh_CN', ticket: ticketA },
    { key: 'smith', name: 'Anna Smith', institution: '北京协和医院', locale: 'en', ticket: ticketA },
    { key: 'li', name: '李娜', institution: '上海瑞金医院', locale: 'zh_CN', ticket: ticketA },
    { key: 'chen', name: '陈静', institution: '北京协和医院', locale: 'zh_CN', ticket: ticketB },
  ] as const
  for (const s of seeds) {
    const user = await db.user.create({ data: { email: uniqueEmail(`msg-${s.key}`), passwordHash: 'x', realName: s.name, institution: s.institution, locale: s.locale } })
    const registration = await db.registration.create({ data: { eventId: event.id, userId: user.id, ticketTypeId: s.ticket, status: 'CONFIRMED', confirmedAt: new Date() } })
    people[s.key] = { registrationId: registration.id, email: user.email }
  }
  query = { ...DEFAULT_DESK_QUERY, q: '协和', ticket: ticketA }
})

afterAll(async () => {
  delete process.env.SMTP_URL
  delete process.env.PUBLIC_URL
  resetEnvCache()
  transport?.close()
  await smtp?.close()
  await db.$disconnect()
})

describe('a message to a filter', () => {
  let sendId = ''

  test('the preview counts the filtered registrants and shows the mail in each language', async () => {
    const preview = await previewRegistrantMessage(db, event.id, query, template)
    expect(preview.recipients).toBe(2)
    expect(preview.byLocale).toEqual({ 'zh-CN': 1, en: 1 })
    expect(preview.byStatus).toEqual({ CONFIRMED: 2 })
    const [zh, en] = preview.samples
    expect(zh!.recipient?.realName).toBe('王伟')
    expect(zh!.message.subject).toBe(`${event.titleZh}：会前通知`)
    expect(en!.recipient?.realName).toBe('Anna Smith')
    expect(en!.message.text).toContain('Your ticket: Standard.')
    // Nothing is written by a preview.
    expect(await db.registrantMessageSend.count({ where: { eventId: event.id } })).toBe(0)
    expect(await db.emailMessage.count({ where: { kind: 'registrant_message' } })).toBe(0)
  })

  test('reaches exactly those recipients over SMTP, each in their language with the placeholders filled', async () => {
    const result = await sendRegistrantMessage(db, { eventId: event.id, query, template, nonce: 'nonce-first-send', expected: 2 }, { userId: null })
    expect(result).toMatchObject({ recipients: 2, changed: true })
    sendId = result.sendId

    const before = received.length
    const report = await deliverQueuedEmails(db, transport)
    expect(report).toMatchObject({ sent: 2, failed: 0 })
    const mails = received.slice(before)
    expect(mails.flatMap((m) => m.to).sort()).toEqual([people.wang!.email, people.smith!.email].sort())

    const wang = mails.find((m) => m.to.includes(people.wang!.email))!
    expect(wang.subject).toBe(`${event.titleZh}：会前通知`)
    const wangText = wang.text
    expect(wangText).toContain('王伟，您好：')
    expect(wangText).toContain('您的票种是 普通票。')
    expect(wangText).toContain(`直播：https://cme.example.org/events/${event.slug}/forums/main/live`)
    expect(wangText).toContain(`电子票：https://cme.example.org/tickets/${people.wang!.registrationId}`)
    expect(wangText).not.toContain('{{')

    const smith = mails.find((m) => m.to.includes(people.smith!.email))!
    expect(smith.subject).toBe(`Before ${event.titleEn}`)
    const smithText = smith.text
    expect(smithText).toContain('Dear Anna Smith,')
    expect(smithText).toContain('Your ticket: Standard.')
    expect(smithText).toContain(`Ticket: https://cme.example.org/tickets/${people.smith!.registrationId}`)
  })

  test('a second submit of the same send adds nothing and mails nobody again', async () => {
    const mailsBefore = await db.emailMessage.count({ where: { kind: 'registrant_message' } })
    const [again, twice] = await Promise.all([
      sendRegistrantMessage(db, { eventId: event.id, query, template, nonce: 'nonce-first-send', expected: 2 }, { userId: null }),
      sendRegistrantMessage(db, { eventId: event.id, query, template, nonce: 'nonce-first-send', expected: 2 }, { userId: null }),
    ])
    expect(again).toEqual({ sendId, recipients: 2, changed: false })
    expect(twice).toEqual({ sendId, recipients: 2, changed: false })
    expect(await db.emailMessage.count({ where: { kind: 'registrant_message' } })).toBe(mailsBefore)
    expect(await db.registrantMessageSend.count({ where: { eventId: event.id } })).toBe(1)
    const before = received.length
    await deliverQueuedEmails(db, transport)
    expect(received.length).toBe(before)
  })

  test('the send log lists the recipients with their mails, the filter, the text and the audit row', async () => {
    const [summary] = await listMessageSends(db, event.id)
    expect(summary).toMatchObject({ id: sendId, recipientCount: 2, byStatus: { SENT: 2 }, subjectZh: template.subjectZh })
    expect(new URLSearchParams(summary!.filter).get('ticket')).toBe(ticketA)
    expect(new URLSearchParams(summary!.filter).get('q')).toBe('协和')
    const detail = await getMessageSend(db, event.id, sendId)
    expect(detail!.recipients.map((r) => [r.email, r.locale, r.status]).sort()).toEqual(
      [
        [people.wang!.email, 'zh_CN', 'SENT'],
        [people.smith!.email, 'en', 'SENT'],
      ].sort(),
    )
    expect(detail!.bodyEn).toBe(template.bodyEn)
    // Another event cannot read it.
    expect(await getMessageSend(db, (await createEvent(db)).id, sendId)).toBeNull()
    const audit = await db.auditLog.findMany({ where: { type: 'registrant_message.sent' } })
    expect(audit.filter((a) => (a.data as { sendId?: string }).sendId === sendId)).toHaveLength(1)
  })
})

describe('refusals and fallbacks', () => {
  test('an unknown placeholder is refused with a message naming it, and nothing is sent', async () => {
    const bad = { ...template, bodyEn: 'Dear {{first_name}}' }
    const parsed = messageTemplateSchema.safeParse(bad)
    expect(parsed.success).toBe(false)
    expect(parsed.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['bodyEn', 'deskMessages.problem.unknown_placeholder?placeholder=%7B%7Bfirst_name%7D%7D']])
    const error = await sendRegistrantMessage(db, { eventId: event.id, query, template: bad, nonce: 'nonce-bad-template', expected: 2 }, { userId: null }).catch((e: unknown) => e)
    expect(isAppError(error) && error.code).toBe('validation_failed')
    expect(await db.registrantMessageSend.findUnique({ where: { nonce: 'nonce-bad-template' } })).toBeNull()
  })

  test("a browser's CRLF line ends are kept as LF", () => {
    expect(messageTemplateSchema.parse({ ...template, bodyZh: '{{name}}\r\n\r\n您好' }).bodyZh).toBe('{{name}}\n\n您好')
  })

  test('a filter that now selects another number of people than the preview showed is refused, with the new count', async () => {
    const before = await db.emailMessage.count({ where: { kind: 'registrant_message' } })
    const error = await sendRegistrantMessage(db, { eventId: event.id, query: { ...query, ticket: undefined }, template, nonce: 'nonce-stale-count', expected: 2 }, { userId: null }).catch(
      (e: unknown) => e,
    )
    expect(isAppError(error) && [error.code, error.details]).toEqual(['conflict', { reason: 'recipients_changed', recipients: 3 }])
    // Nothing half-written: no send, no mail.
    expect(await db.registrantMessageSend.findUnique({ where: { nonce: 'nonce-stale-count' } })).toBeNull()
    expect(await db.emailMessage.count({ where: { kind: 'registrant_message' } })).toBe(before)
  })

  test('two submits at the same moment make one send; an English reader of a Chinese-only message gets the Chinese version', async () => {
    const zhOnly = { subjectZh: '通知：{{ticket}}', bodyZh: '{{姓名}}，您好', subjectEn: '', bodyEn: '' }
    const mailsBefore = await db.emailMessage.count({ where: { kind: 'registrant_message' } })
    const input = { eventId: event.id, query, template: zhOnly, nonce: 'nonce-zh-only', expected: 2 }
    const results = await Promise.all([sendRegistrantMessage(db, input, { userId: null }), sendRegistrantMessage(db, input, { userId: null })])
    expect(results.map((r) => r.changed).sort()).toEqual([false, true])
    expect(results[0]!.sendId).toBe(results[1]!.sendId)
    expect(await db.emailMessage.count({ where: { kind: 'registrant_message' } })).toBe(mailsBefore + 2)
    const result = results[0]!
    const detail = await getMessageSend(db, event.id, result.sendId)
    const smith = detail!.recipients.find((r) => r.email === people.smith!.email)!
    expect(smith.locale).toBe('zh_CN')
    expect(smith.subject).toBe('通知：普通票')
  })
})

test('templates are saved per event under a name, replaced by name, and deleted', async () => {
  const ctx = { userId: null }
  const first = await saveMessageTemplate(db, { eventId: event.id, name: '会前通知', template }, ctx)
  const again = await saveMessageTemplate(db, { eventId: event.id, name: '会前通知', template: { ...template, subjectZh: '新主题' } }, ctx)
  expect(again.id).toBe(first.id)
  expect((await db.registrantMessageTemplate.findUniqueOrThrow({ where: { id: first.id } })).subjectZh).toBe('新主题')
  await expect(saveMessageTemplate(db, { eventId: event.id, name: '坏模板', template: { ...template, subjectZh: '{{oops}}' } }, ctx)).rejects.toMatchObject({ code: 'validation_failed' })
  expect(await deleteMessageTemplate(db, { eventId: event.id, templateId: first.id }, ctx)).toEqual({ changed: true })
  expect(await deleteMessageTemplate(db, { eventId: event.id, templateId: first.id }, ctx)).toEqual({ changed: false })
  expect(await db.auditLog.count({ where: { type: { in: ['registrant_message.template_saved', 'registrant_message.template_deleted'] }, data: { path: ['eventId'], equals: event.id } } })).toBe(3)
})
