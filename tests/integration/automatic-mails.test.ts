import { afterAll, beforeAll, expect, test } from 'vitest'
import { queueCertificateIssuedEmails } from '../../app/services/email/queue-certificate-issued-emails.server.ts'
import { queueForumReminders } from '../../app/services/email/queue-forum-reminders.server.ts'
import { queueReplayAvailableEmails } from '../../app/services/email/queue-replay-available-emails.server.ts'
import { saveAutomaticMails } from '../../app/services/events/save-automatic-mails.server.ts'
import { automaticMailsSchema } from '../../app/schemas/staff.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'
import { testDb } from '../helpers/db.ts'

// Issue 15, automatic mails: reminders before each forum an attendee follows, "your certificate
// is issued" and "the replay is available"; each switchable per event, never twice for one reason.
const db = testDb()
afterAll(() => db.$disconnect())

const HOUR = 3_600_000
const start = new Date('2027-05-10T01:30:00.000Z') // 09:30 in Shanghai
let event: Awaited<ReturnType<typeof createEvent>>
let main: { id: string }
let sub: { id: string }
let users: string[]
let registrations: string[]

const mailsOf = (prefix: string) => db.emailMessage.findMany({ where: { dedupeKey: { startsWith: prefix } }, orderBy: { dedupeKey: 'asc' } })

beforeAll(async () => {
  event = await createEvent(db, { startsAt: start })
  main = event.forums[0]!
  sub = await db.forum.create({
    data: {
      eventId: event.id,
      slug: 'sub',
      kind: 'SUB',
      titleZh: '护理分论坛',
      titleEn: 'Nursing forum',
      startsAt: new Date(start.getTime() + 4 * HOUR),
      endsAt: new Date(start.getTime() + 6 * HOUR),
    },
  })
  const ticket = await createTicketType(db, event.id)
  users = await createUsers(db, 4, 'mails')
  await db.user.update({ where: { id: users[1]! }, data: { locale: 'en' } })
  const statuses = ['CONFIRMED', 'CONFIRMED', 'CONFIRMED', 'CANCELLED'] as const
  registrations = []
  for (const [i, userId] of users.entries()) registrations.push((await db.registration.create({ data: { eventId: event.id, ticketTypeId: ticket.id, userId, status: statuses[i]! } })).id)
  // users[0]: nothing chosen (the main forum); users[1]: the sub-forum only; users[2]: both; users[3]: cancelled.
  await db.agendaChoice.createMany({ data: [{ registrationId: registrations[1]!, forumId: sub.id }, ...[main.id, sub.id].map((forumId) => ({ registrationId: registrations[2]!, forumId }))] })
})

test('the day before and the hour before each forum, to those who follow it, in their language; never twice', async () => {
  // Two days before: nothing is due.
  expect(await queueForumReminders(db, new Date(start.getTime() - 48 * HOUR))).toBe(0)

  // 20 h before the main forum: its day reminder to users[0] and users[2]; the sub-forum (24 h away) too, to users[1] and users[2].
  const dayBefore = new Date(start.getTime() - 20 * HOUR)
  expect(await queueForumReminders(db, dayBefore)).toBe(4)
  const day = await mailsOf(`forum_reminder:day:${main.id}:`)
  expect(day.map((m) => m.userId).sort()).toEqual([users[0], users[2]].sort())
  expect(day[0]!.subject).toContain('主论坛')
  expect(day[0]!.text).toContain(`/events/${event.slug}/forums/main/live`)
  expect(day[0]!.text).toContain(`/events/${event.slug}/my-agenda`)
  expect(day[0]!.text).toContain('09:30')
  const subDay = await mailsOf(`forum_reminder:day:${sub.id}:`)
  expect(subDay.map((m) => m.userId).sort()).toEqual([users[1], users[2]].sort())
  const english = subDay.find((m) => m.userId === users[1])!
  expect(english.locale).toBe('en')
  expect(english.subject).toBe('Tomorrow: Nursing forum (Monday, 10 May 2027 13:30 (GMT+8))')
  expect(english.status).toBe('OUTBOX')

  // The same pass again, and a minute later: nothing more.
  expect(await queueForumReminders(db, dayBefore)).toBe(0)
  expect(await queueForumReminders(db, new Date(dayBefore.getTime() + 60_000))).toBe(0)

  // A pass cut short (its marker lost) and run again sends nobody anything twice.
  await db.automaticMailPass.delete({ where: { key: `forum_reminder:day:${main.id}` } })
  expect(await queueForumReminders(db, dayBefore)).toBe(0)

  // 40 minutes before the main forum: the hour reminder.
  expect(await queueForumReminders(db, new Date(start.getTime() - 40 * 60_000))).toBe(2)
  const hour = await mailsOf(`forum_reminder:hour:${main.id}:`)
  expect(hour.map((m) => m.kind)).toEqual(['forum_reminder_hour', 'forum_reminder_hour'])
  expect(hour[0]!.subject).toContain('一小时后开始')
  // Reminders go to many people at once: they are sent after every personal mail.
  expect(new Set([...day, ...subDay, ...hour].map((m) => m.priority))).toEqual(new Set(['BULK']))

  // The cancelled registration never got one.
  expect(await db.emailMessage.count({ where: { userId: users[3]!, kind: { startsWith: 'forum_reminder' } } })).toBe(0)
})

test('switched off, an event sends no reminders', async () => {
  const quiet = await createEvent(db, { startsAt: start })
  await db.event.update({ where: { id: quiet.id }, data: { mailForumReminders: false } })
  const ticket = await createTicketType(db, quiet.id)
  const [userId] = await createUsers(db, 1, 'quiet')
  await db.registration.create({ data: { eventId: quiet.id, ticketTypeId: ticket.id, userId: userId!, status: 'CONFIRMED' } })
  await queueForumReminders(db, new Date(start.getTime() - 20 * HOUR))
  expect(await mailsOf(`forum_reminder:day:${quiet.forums[0]!.id}:`)).toHaveLength(0)
})

test('"the replay is available" once per forum, when its published replay opens, to its followers', async () => {
  const now = new Date(start.getTime() + 30 * HOUR)
  const recording = await db.recording.create({ data: { forumId: sub.id, dir: 'x', startedAt: start, status: 'ENDED', endedAt: start } })
  const replay = await db.replay.create({ data: { forumId: sub.id, recordingId: recording.id, published: false } })
  expect(await queueReplayAvailableEmails(db, now)).toBe(0)

  // Published, but its window opens tomorrow: not yet.
  await db.replay.update({
    where: { id: replay.id },
    data: { published: true, publishedAt: now, availableFrom: new Date(now.getTime() + 24 * HOUR), availableUntil: new Date(now.getTime() + 30 * 24 * HOUR) },
  })
  expect(await queueReplayAvailableEmails(db, now)).toBe(0)

  const open = new Date(now.getTime() + 25 * HOUR)
  expect(await queueReplayAvailableEmails(db, open)).toBe(2)
  const mails = await mailsOf(`replay_available:${sub.id}:`)
  expect(mails.map((m) => m.userId).sort()).toEqual([users[1], users[2]].sort())
  const english = mails.find((m) => m.userId === users[1])!
  expect(english.text).toContain(`/events/${event.slug}/forums/sub/replay`)
  expect(english.text).toContain('until')
  expect(mails.map((m) => m.priority)).toEqual(['BULK', 'BULK'])

  // Unpublished and published again: nobody is told twice.
  await db.replay.update({ where: { id: replay.id }, data: { published: false } })
  await db.replay.update({ where: { id: replay.id }, data: { published: true, publishedAt: open } })
  expect(await queueReplayAvailableEmails(db, new Date(open.getTime() + 60_000))).toBe(0)
})

test('"your certificate is issued" once per certificate, only while the switch is on', async () => {
  const now = new Date()
  const rule = await db.creditRule.create({
    data: { eventId: event.id, nameZh: 'Ⅱ类学分', nameEn: 'Class II credit', scheme: 'CN_CME_CLASS_II', mode: 'FIXED', credits: 1.5, projectNumber: 'AM-001', projectLevel: 'MUNICIPAL' },
  })
  const issue = (i: number, code: string) =>
    db.certificate.create({ data: { ruleId: rule.id, eventId: event.id, userId: users[i]!, registrationId: registrations[i]!, code, credits: 1.5, holderName: `N${i}`, criteria: {}, issuedAt: now } })
  const first = await issue(0, `automatic-mails-${Date.now()}-a`)
  await issue(1, `automatic-mails-${Date.now()}-b`)
  const queued = await queueCertificateIssuedEmails(db, now)
  expect(queued).toBeGreaterThanOrEqual(2)
  const mine = await db.emailMessage.findMany({ where: { kind: 'certificate_issued', userId: { in: [users[0]!, users[1]!] } } })
  expect(mine).toHaveLength(2)
  expect(mine.find((m) => m.userId === users[1])!.subject).toBe(`Your certificate is issued: ${event.titleEn}`)
  expect(mine.find((m) => m.userId === users[0])!.text).toContain('1.5')
  expect(mine.find((m) => m.userId === users[0])!.dedupeKey).toBe(`certificate_issued:${first.id}`)
  expect(mine.map((m) => m.priority)).toEqual(['BULK', 'BULK'])
  expect(await queueCertificateIssuedEmails(db, now)).toBe(0)

  await db.event.update({ where: { id: event.id }, data: { mailCertificateIssued: false } })
  await issue(2, `automatic-mails-${Date.now()}-c`)
  await queueCertificateIssuedEmails(db, now)
  expect(await db.emailMessage.count({ where: { kind: 'certificate_issued', userId: users[2]! } })).toBe(0)
})

test('staff switch the mails from the event page form: an unticked box is off, and the change is audited', async () => {
  const other = await createEvent(db)
  await saveAutomaticMails(db, other.id, automaticMailsSchema.parse({ intent: 'save-mails', mailReplayAvailable: 'on' }), {})
  expect(await db.event.findUniqueOrThrow({ where: { id: other.id }, select: { mailForumReminders: true, mailCertificateIssued: true, mailReplayAvailable: true } })).toEqual({
    mailForumReminders: false,
    mailCertificateIssued: false,
    mailReplayAvailable: true,
  })
  expect(await db.auditLog.count({ where: { type: 'event.automatic_mails_saved', data: { path: ['eventId'], equals: other.id } } })).toBe(1)
  expect(automaticMailsSchema.safeParse({ mailForumReminders: 'yes' }).success).toBe(false)
  await expect(saveAutomaticMails(db, 'no-such-event', automaticMailsSchema.parse({}), {})).rejects.toMatchObject({ code: 'not_found' })
})
