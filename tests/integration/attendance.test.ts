import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Server } from 'socket.io'
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { deriveIntervals } from '../../app/domain/attendance.ts'
import { startPresenceScheduler } from '../../app/jobs/presence-scheduler.server.ts'
import { attachAttendance } from '../../app/realtime/attendance.server.ts'
import { planPresencePrompts } from '../../app/services/attendance/plan-presence-prompts.server.ts'
import { commitLoginSession } from '../../app/utils/auth.server.ts'
import { LedgerWriter } from '../../app/services/attendance/ledger-writer.server.ts'
import { testDatabaseUrl, testDb, uniqueEmail } from '../helpers/db.ts'
import { signUpConfirmed } from '../helpers/accounts.ts'
import { createEvent, createTicketType } from '../helpers/fixtures.ts'

// The namespace reads the login cookie with the process-wide client, as routes do.
process.env.DATABASE_URL = testDatabaseUrl()
process.env.SESSION_SECRET = 'test-secret-test-secret-test-secret-42'

const db = testDb()
const writer = new LedgerWriter(db, { flushMs: 100, maxBatch: 500 })
let server: http.Server
let nsp: ReturnType<typeof attachAttendance>
let url = ''
let forumId = ''
let subForumId = ''
const cookies: Record<'attendee' | 'stranger' | 'moderator', string> = { attendee: '', stranger: '', moderator: '' }
let registrationId = ''
const sockets: Socket[] = []

async function account(label: string, role: 'ATTENDEE' | 'MODERATOR' = 'ATTENDEE') {
  const { userId, session } = await signUpConfirmed(db, { email: uniqueEmail(label), password: 'password-123', realName: label, locale: 'zh-CN' })
  await db.user.update({ where: { id: userId }, data: { role } })
  return { userId, cookie: (await commitLoginSession(session.id, session.expiresAt)).split(';')[0]! }
}

function open(cookie?: string): Socket {
  const socket = connect(`${url}/attendance`, { transports: ['websocket'], extraHeaders: cookie ? { cookie } : {}, reconnection: false, forceNew: true })
  sockets.push(socket)
  return socket
}
const ask = (socket: Socket, event: string, payload: unknown) => socket.timeout(5000).emitWithAck(event, payload) as Promise<{ ok: boolean; data?: any; error?: { code: string; message: string } }>
const at = () => new Date().toISOString()
let n = 0
const nonce = () => `test-nonce-${Date.now()}-${n++}`

beforeAll(async () => {
  const event = await createEvent(db)
  forumId = event.forums[0]!.id
  subForumId = (await db.forum.create({ data: { eventId: event.id, slug: 'sub', kind: 'SUB', titleZh: '分论坛', titleEn: 'Sub', startsAt: event.startsAt, endsAt: event.endsAt } })).id
  const ticket = await createTicketType(db, event.id)
  const attendee = await account('viewer')
  cookies.attendee = attendee.cookie
  cookies.stranger = (await account('stranger')).cookie
  const moderator = await account('mod', 'MODERATOR')
  cookies.moderator = moderator.cookie
  registrationId = (await db.registration.create({ data: { eventId: event.id, userId: attendee.userId, ticketTypeId: ticket.id, status: 'CONFIRMED', confirmedAt: new Date() } })).id
  await db.forumModerator.create({ data: { forumId, userId: moderator.userId } })

  server = http.createServer()
  const io = new Server(server)
  nsp = attachAttendance(io, db, writer.start(), { heartbeatSec: 30, presenceTimeoutSec: 60 })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await writer.stop()
  await new Promise((resolve) => server?.close(resolve))
  await db.$disconnect()
})

const ledger = () => db.attendanceEvent.findMany({ where: { registrationId }, orderBy: { id: 'asc' } })

describe('who may report', () => {
  test('without a login the connection is refused', async () => {
    const socket = open()
    const error = await new Promise<Error & { data?: { code: string } }>((resolve) => socket.on('connect_error', resolve))
    expect(error.data?.code).toBe('unauthenticated')
    expect(error.message).toBe('请先登录。')
  })

  test('a signed-in person without a confirmed registration is told so, in Chinese', async () => {
    const reply = await ask(open(cookies.stranger), 'hello', { forumId })
    expect(reply).toMatchObject({ ok: false, error: { code: 'not_registered' } })
    expect(reply.error!.message).toContain('报名')
  })

  test.each([
    ['an unknown kind', { kind: 'TELEPORT', forumId: 'x', nonce: 'abcdefgh', clientAt: '2026-11-23T10:00:00Z' }],
    ['a venue entry from a browser', { kind: 'VENUE_ENTRY', forumId: 'cabcdefghijk', nonce: 'abcdefgh', clientAt: '2026-11-23T10:00:00Z' }],
    ['a replay range backwards', { kind: 'REPLAY_PROGRESS', forumId: 'cabcdefghijk', nonce: 'abcdefgh', clientAt: '2026-11-23T10:00:00Z', mediaFromSec: 60, mediaToSec: 30 }],
    ['a nonce with odd characters', { kind: 'JOIN', forumId: 'cabcdefghijk', nonce: 'bad nonce!', clientAt: '2026-11-23T10:00:00Z' }],
    ['a string instead of an object', 'JOIN'],
  ])('%s is refused with bad_request and nothing is written', async (_name, payload) => {
    const before = (await ledger()).length
    const reply = await ask(open(cookies.attendee), 'attendance', payload)
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad_request', message: '请求无效。' } })
    await writer.flush()
    expect((await ledger()).length).toBe(before)
  })
})

describe('the ledger', () => {
  test('a viewing session lands as raw events with the server time; a retried nonce is a no-op; minutes derive from it', async () => {
    const socket = open(cookies.attendee)
    expect(await ask(socket, 'hello', { forumId })).toMatchObject({ ok: true, data: { registrationId, heartbeatSec: 30 } })
    const beat = nonce()
    const sent = [
      { kind: 'JOIN', nonce: nonce() },
      { kind: 'HEARTBEAT', nonce: beat },
      { kind: 'HEARTBEAT', nonce: beat },
      { kind: 'AWAY', nonce: nonce() },
      { kind: 'BACK', nonce: nonce() },
      { kind: 'LEAVE', nonce: nonce() },
    ]
    const started = Date.now()
    for (const m of sent) expect(await ask(socket, 'attendance', { ...m, forumId, clientAt: '2020-01-01T00:00:00.000Z' })).toEqual({ ok: true, data: null })
    await writer.flush()
    const rows = await ledger()
    expect(rows.map((r) => r.kind)).toEqual(['JOIN', 'HEARTBEAT', 'AWAY', 'BACK', 'LEAVE'])
    for (const r of rows) {
      expect(r.source).toBe('LIVE')
      // The server's clock, not the client's (kept as evidence).
      expect(r.receivedAt.getTime()).toBeGreaterThanOrEqual(started - 5)
      expect(r.clientAt?.toISOString()).toBe('2020-01-01T00:00:00.000Z')
    }
    const intervals = deriveIntervals(
      rows.map((r) => ({ kind: r.kind, at: r.receivedAt.toISOString(), source: r.source, forumId: r.forumId })),
      [{ forumId, start: new Date(started - 60_000).toISOString(), end: new Date(started + 3_600_000).toISOString() }],
      { heartbeatSec: 30, graceSec: 90, presenceTimeoutSec: 60 },
    )
    expect(intervals.length).toBeGreaterThanOrEqual(1)
    expect(intervals.every((i) => i.forumId === forumId && i.source === 'LIVE')).toBe(true)
    expect(writer.getStats().duplicates).toBeGreaterThanOrEqual(1)
  })

  test('a venue scan writes VENUE_ENTRY into the ledger for every forum of that day, not of the next day', async () => {
    const { checkIn } = await import('../../app/services/attendance/check-in.server.ts')
    const { signTicket } = await import('../../app/domain/ticket-token.ts')
    const venue = await db.venue.findFirstOrThrow({ where: { forum: null, event: { forums: { some: { id: forumId } } } } })
    // A second day: an entry on day 1 with no exit must not count for it.
    const main = await db.forum.findUniqueOrThrow({ where: { id: forumId } })
    const DAY = 86_400_000
    await db.forum.create({
      data: {
        eventId: main.eventId,
        slug: 'day-2',
        kind: 'SUB',
        titleZh: '第二天',
        titleEn: 'Day 2',
        startsAt: new Date(main.startsAt.getTime() + DAY),
        endsAt: new Date(main.endsAt.getTime() + DAY),
      },
    })
    const secret = 'ticket-secret-ticket-secret-ticket-secret'
    const scan = nonce()
    await checkIn(
      db,
      { code: signTicket(secret, registrationId), venueId: venue.id, kind: 'ENTRY', nonce: scan, scannedAt: new Date('2027-03-01T02:00:00Z'), scannedById: null as unknown as string },
      secret,
    )
    const venueRows = (await ledger()).filter((r) => r.source === 'VENUE')
    expect(venueRows.map((r) => [r.kind, r.forumId]).sort()).toEqual(
      [
        ['VENUE_ENTRY', forumId],
        ['VENUE_ENTRY', subForumId],
      ].sort(),
    )
    expect(venueRows[0]!.receivedAt.toISOString()).toBe('2027-03-01T02:00:00.000Z')
  })
})

describe('one viewer per registration', () => {
  test('a second device replaces the first, which is told why', async () => {
    const first = open(cookies.attendee)
    expect((await ask(first, 'hello', { forumId })).ok).toBe(true)
    const replaced = new Promise<{ message: string }>((resolve) => first.on('replaced', resolve))
    const closed = new Promise((resolve) => first.on('disconnect', resolve))
    const second = open(cookies.attendee)
    expect((await ask(second, 'hello', { forumId: subForumId })).ok).toBe(true)
    expect((await replaced).message).toContain('另一台设备')
    await closed
    expect(first.connected).toBe(false)
    expect(second.connected).toBe(true)
  })
})

describe('presence checks', () => {
  test('a moderator prompts everyone watching; the prompt and the answer both land in the ledger', async () => {
    const viewer = open(cookies.attendee)
    await ask(viewer, 'hello', { forumId })
    const prompted = new Promise<{ promptId: string; timeoutSec: number }>((resolve) => viewer.on('presencePrompt', resolve))
    const moderator = open(cookies.moderator)
    const reply = await ask(moderator, 'triggerPresencePrompt', { forumId, timeoutSec: 45 })
    expect(reply).toMatchObject({ ok: true, data: { prompted: 1 } })
    const prompt = await prompted
    expect(prompt.timeoutSec).toBe(45)
    expect(await ask(viewer, 'attendance', { kind: 'PRESENCE_ACK', forumId, promptId: prompt.promptId, nonce: nonce(), clientAt: at() })).toEqual({ ok: true, data: null })
    await writer.flush()
    const rows = (await ledger()).filter((r) => r.promptId === prompt.promptId)
    expect(rows.map((r) => r.kind)).toEqual(['PRESENCE_PROMPT', 'PRESENCE_ACK'])
    expect((await db.presencePrompt.findUniqueOrThrow({ where: { id: prompt.promptId } })).promptedCount).toBe(1)
  })

  test('planned random prompts fire when due, once, on the node that claims them', async () => {
    const now = new Date(Date.parse('2027-03-01T01:30:00Z'))
    const plan = await planPresencePrompts(db, { forumId, minPerHour: 2, maxPerHour: 4 }, {}, now)
    // From 09:30 to the 17:00 end: 7.5 hours at 2–4 per hour.
    expect(plan.planned).toBeGreaterThanOrEqual(15)
    expect(plan.planned).toBeLessThanOrEqual(30)
    // Re-planning replaces the unfired plan rather than adding to it.
    const again = await planPresencePrompts(db, { forumId, minPerHour: 2, maxPerHour: 2 }, {}, now)
    expect(await db.presencePrompt.count({ where: { forumId, planned: true } })).toBe(again.planned)

    // Make one due now and let two schedulers race for it.
    const first = await db.presencePrompt.findFirstOrThrow({ where: { forumId, planned: true }, orderBy: { dueAt: 'asc' } })
    await db.presencePrompt.update({ where: { id: first.id }, data: { dueAt: new Date(Date.now() - 1000) } })
    const viewer = open(cookies.attendee)
    await ask(viewer, 'hello', { forumId })
    const received: string[] = []
    viewer.on('presencePrompt', (p: { promptId: string }) => received.push(p.promptId))
    const stops = [startPresenceScheduler(nsp, db, writer, 50), startPresenceScheduler(nsp, db, writer, 50)]
    await new Promise((r) => setTimeout(r, 600))
    await Promise.all(stops.map((job) => job.stop()))
    expect(received).toEqual([first.id])
    expect((await db.presencePrompt.findUniqueOrThrow({ where: { id: first.id } })).firedAt).not.toBeNull()
  })

  test('an attendee cannot trigger prompts', async () => {
    expect(await ask(open(cookies.attendee), 'triggerPresencePrompt', { forumId })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })
})

test('a forum going live for the first time plans its own random presence checks, once', async () => {
  const { planDefaultPresencePrompts } = await import('../../app/services/attendance/plan-default-presence-prompts.server.ts')
  const event = await createEvent(db)
  const id = event.forums[0]!.id
  expect(await planDefaultPresencePrompts(db, id, {}, new Date(), null)).toEqual({ planned: 0 })
  const first = await planDefaultPresencePrompts(db, id, {}, new Date(), { minPerHour: 2, maxPerHour: 4 })
  // An 8-hour forum at 2–4 an hour.
  expect(first.planned).toBeGreaterThanOrEqual(16)
  expect(first.planned).toBeLessThanOrEqual(32)
  expect(await planDefaultPresencePrompts(db, id, {}, new Date(), { minPerHour: 2, maxPerHour: 4 })).toEqual({ planned: 0 })
  expect(await db.presencePrompt.count({ where: { forumId: id, planned: true } })).toBe(first.planned)
})

test('a socket that did not say hello for the forum cannot report on it', async () => {
  const socket = open(cookies.attendee)
  expect(await ask(socket, 'attendance', { kind: 'JOIN', forumId, nonce: nonce(), clientAt: at() })).toMatchObject({ ok: false, error: { code: 'conflict' } })
  await ask(socket, 'hello', { forumId: subForumId })
  expect(await ask(socket, 'attendance', { kind: 'JOIN', forumId, nonce: nonce(), clientAt: at() })).toMatchObject({ ok: false, error: { code: 'conflict' } })
  expect(await ask(socket, 'attendance', { kind: 'JOIN', forumId: subForumId, nonce: nonce(), clientAt: at() })).toEqual({ ok: true, data: null })
})

test('replay progress counts only for an ended forum with a published replay, within the recording, and never faster than it can be watched', async () => {
  const main = await db.forum.findUniqueOrThrow({ where: { id: forumId } })
  const replayForumId = (
    await db.forum.create({
      data: { eventId: main.eventId, slug: `replay-${n++}`, kind: 'SUB', titleZh: '回放', titleEn: 'Replay', startsAt: main.startsAt, endsAt: main.endsAt, liveStatus: 'ENDED' },
    })
  ).id
  // A published replay of 15 minutes (the recording's end on the forum's media timeline).
  const recording = await db.recording.create({
    data: { forumId: replayForumId, dir: `${replayForumId}/r`, status: 'ENDED', startedAt: main.startsAt, endedAt: new Date(main.startsAt.getTime() + 900_000) },
  })
  await db.replay.create({ data: { forumId: replayForumId, recordingId: recording.id, published: true } })
  const live = open(cookies.attendee)
  await ask(live, 'hello', { forumId })
  expect(await ask(live, 'attendance', { kind: 'REPLAY_PROGRESS', forumId, nonce: nonce(), clientAt: at(), mediaFromSec: 0, mediaToSec: 30 })).toMatchObject({ ok: false, error: { code: 'conflict' } })

  const replay = open(cookies.attendee)
  await ask(replay, 'hello', { forumId: replayForumId })
  const progress = (from: number, to: number) => ask(replay, 'attendance', { kind: 'REPLAY_PROGRESS', forumId: replayForumId, nonce: nonce(), clientAt: at(), mediaFromSec: from, mediaToSec: to })
  expect(await progress(0, 30)).toEqual({ ok: true, data: null })
  // Ten minutes of media a moment later: refused, and not written.
  expect(await progress(30, 630)).toMatchObject({ ok: false, error: { code: 'rate_limited' } })
  expect(await progress(30, 33)).toEqual({ ok: true, data: null })
  // Beyond the recording's end: refused.
  expect(await progress(900, 910)).toMatchObject({ ok: false, error: { code: 'bad_request' } })
  await writer.flush()
  const rows = await db.attendanceEvent.findMany({ where: { forumId: replayForumId, kind: 'REPLAY_PROGRESS' }, select: { mediaFromSec: true, mediaToSec: true }, orderBy: { receivedAt: 'asc' } })
  expect(rows).toEqual([
    { mediaFromSec: 0, mediaToSec: 30 },
    { mediaFromSec: 30, mediaToSec: 33 },
  ])
})

test('a flood of events from one socket is cut off with rate_limited', async () => {
  const socket = open(cookies.attendee)
  await ask(socket, 'hello', { forumId })
  const replies = await Promise.all(Array.from({ length: 30 }, () => ask(socket, 'attendance', { kind: 'HEARTBEAT', forumId, nonce: nonce(), clientAt: at() })))
  const limited = replies.filter((r) => r.error?.code === 'rate_limited').length
  expect(limited).toBeGreaterThanOrEqual(8)
  expect(limited).toBeLessThanOrEqual(12)
})
