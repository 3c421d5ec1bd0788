import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { Server } from 'socket.io'
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { signLiveToken } from '../../app/domain/live-token.ts'
import { attachInteraction } from '../../app/realtime/interaction.server.ts'
import { eventForumStatusPushSchema, forumStatusPushSchema, replayNoticePushSchema } from '../../app/schemas/forum-status-push.ts'
import { finalizeEndedRecordings } from '../../app/services/broadcast/finalize-ended-recordings.server.ts'
import { setForumLiveStatus } from '../../app/services/live/set-forum-live-status.server.ts'
import type { Db } from '../../app/utils/db.server.ts'
import { announceForumStatusChanged, announceReplayChanged } from '../../app/utils/forum-status-events.server.ts'
import { testDb } from '../helpers/db.ts'
import { createEvent, createUsers } from '../helpers/fixtures.ts'

/**
 * Issue 15 §4, over a real socket.io server on a real database: when a forum goes live, pauses
 * or ends, everyone watching any live page of its event hears it (the forum switcher), and
 * nobody watching another event does; the forum's own audience hears, with the end, what its
 * pages now say about the replay; staff publishing the replay, or the sweep finding no media, is
 * heard at once too. Every push
 * is what the browser's zod schemas accept.
 */
const SECRET = 'p'.repeat(32)
let db: Db
let server: http.Server
let close: () => void
let url = ''
const sockets: Socket[] = []

beforeAll(async () => {
  db = testDb()
  server = http.createServer()
  close = attachInteraction(new Server(server), db, { tokenSecret: () => SECRET }).close
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/interaction`
})
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect()
})
afterAll(async () => {
  close()
  await new Promise((r) => server.close(r))
  await db.$disconnect()
})

const now = () => Math.floor(Date.now() / 1000)

async function watch(forumId: string, userId: string): Promise<Socket> {
  const token = signLiveToken(SECRET, { forumId, userId, role: 'viewer', name: '', status: 'LIVE', iat: now(), exp: now() + 60 })
  const socket = connect(url, { auth: { token, locale: 'zh-CN' }, transports: ['websocket'], reconnection: false, forceNew: true })
  sockets.push(socket)
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', reject)
  })
  // The rooms are joined right after the handshake: one request answered means they are.
  await socket.timeout(5000).emitWithAck('interactionState', {})
  return socket
}

/** Every push of `event` the socket hears from now on. */
function heard(socket: Socket, event: string): unknown[] {
  const got: unknown[] = []
  socket.on(event, (data: unknown) => got.push(data))
  return got
}
const settle = () => new Promise((r) => setTimeout(r, 300))
const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('not heard in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** An event with a main forum and a sub-forum, each with someone watching its live page, and a viewer of another event. */
async function twoForums() {
  const event = await createEvent(db)
  const main = event.forums[0]!.id
  const sub = (
    await db.forum.create({ data: { eventId: event.id, slug: 'sub', kind: 'SUB', titleZh: '分论坛', titleEn: 'Sub forum', startsAt: event.startsAt, endsAt: event.endsAt }, select: { id: true } })
  ).id
  const otherEvent = await createEvent(db)
  const [a, b, c] = await createUsers(db, 3, 'fsp')
  const [onMain, onSub, elsewhere] = await Promise.all([watch(main, a!), watch(sub, b!), watch(otherEvent.forums[0]!.id, c!)])
  return { event, main, sub, onMain, onSub, elsewhere }
}

async function change(forumId: string, action: 'go_live' | 'pause' | 'end') {
  // As the console does: the change, then its announcement after the commit.
  const { status, closedPollIds } = await setForumLiveStatus(db, { forumId, action }, {})
  announceForumStatusChanged({ forumId, status, closedPollIds })
}

test('a forum going live, pausing and ending is heard on the live pages of the event’s other forums, and nowhere else', async () => {
  const { main, sub, onMain, onSub, elsewhere } = await twoForums()
  const onMainHeard = heard(onMain, 'eventForumStatus')
  const elsewhereHeard = [...heard(elsewhere, 'eventForumStatus'), ...heard(elsewhere, 'forumStatus')]
  const subOwn = heard(onSub, 'forumStatus')

  await change(sub, 'go_live')
  await until(() => onMainHeard.length === 1)
  await change(sub, 'pause')
  await until(() => onMainHeard.length === 2)
  await change(sub, 'end')
  await until(() => onMainHeard.length === 3)
  expect(onMainHeard).toEqual([
    { forumId: sub, status: 'LIVE' },
    { forumId: sub, status: 'PAUSED' },
    { forumId: sub, status: 'ENDED' },
  ])
  for (const push of onMainHeard) expect(eventForumStatusPushSchema.safeParse(push).success).toBe(true)
  // The forum's own audience hears its status as before (not twice).
  await until(() => subOwn.length === 3)
  expect(subOwn.map((p) => (p as { status: string }).status)).toEqual(['LIVE', 'PAUSED', 'ENDED'])
  // The main forum's change reaches the sub-forum's page the same way.
  const onSubHeard = heard(onSub, 'eventForumStatus')
  await change(main, 'go_live')
  await until(() => onSubHeard.length === 1)
  expect(onSubHeard[0]).toEqual({ forumId: main, status: 'LIVE' })
  await settle()
  expect(elsewhereHeard).toEqual([])
})

test('the end is heard with what the pages now say about the replay: being prepared while recorded, none without a recording', async () => {
  const { event, main, sub, onMain, onSub } = await twoForums()
  // The main forum was recorded (its recording is closed by the sweep after the end); the sub-forum was not.
  await db.recording.create({ data: { forumId: main, status: 'RECORDING', dir: `${main}/r`, startedAt: event.startsAt } })
  const mainOwn = heard(onMain, 'forumStatus')
  const subOwn = heard(onSub, 'forumStatus')
  await change(main, 'go_live')
  await until(() => mainOwn.length === 1)
  await change(main, 'end')
  await change(sub, 'go_live')
  await until(() => subOwn.length === 1)
  await change(sub, 'end')
  await until(() => mainOwn.length === 2 && subOwn.length === 2)
  expect(mainOwn).toEqual([
    { status: 'LIVE', replay: null },
    { status: 'ENDED', replay: { kind: 'preparing', at: null } },
  ])
  expect(subOwn[1]).toEqual({ status: 'ENDED', replay: { kind: 'none', at: null } })
  for (const push of [...mainOwn, ...subOwn]) expect(forumStatusPushSchema.safeParse(push).success).toBe(true)
})

test('staff publishing the replay is heard by the ended forum’s audience at once, with the replay’s link state', async () => {
  const { event, main, onMain, onSub } = await twoForums()
  const recording = await db.recording.create({ data: { forumId: main, status: 'ENDED', dir: `${main}/r`, startedAt: event.startsAt }, select: { id: true } })
  const replay = await db.replay.create({ data: { forumId: main, recordingId: recording.id }, select: { id: true } })
  const mainHeard = heard(onMain, 'replayNotice')
  const subHeard = heard(onSub, 'replayNotice')
  await db.replay.update({ where: { id: replay.id }, data: { published: true, publishedAt: new Date() } })
  announceReplayChanged({ forumId: main })
  await until(() => mainHeard.length === 1)
  expect(mainHeard[0]).toEqual({ replay: { kind: 'available', at: null } })
  expect(replayNoticePushSchema.safeParse(mainHeard[0]).success).toBe(true)
  // Opening later: the time travels with it.
  await db.replay.update({ where: { id: replay.id }, data: { availableFrom: new Date('2031-01-01T00:00:00Z') } })
  announceReplayChanged({ forumId: main })
  await until(() => mainHeard.length === 2)
  expect(mainHeard[1]).toEqual({ replay: { kind: 'opens', at: '2031-01-01T00:00:00.000Z' } })
  await settle()
  expect(subHeard).toEqual([])
})

test('when the sweep finds that nothing was recorded after all, the ended forum’s audience hears that no replay will come', async () => {
  const { event, main, onMain } = await twoForums()
  await db.recording.create({ data: { forumId: main, status: 'RECORDING', dir: `${main}/r`, startedAt: event.startsAt } })
  await change(main, 'go_live')
  await change(main, 'end')
  const mainHeard = heard(onMain, 'replayNotice')
  const finalized: { forumId: string; eventSlug: string }[] = []
  // As the finaliser job does (app/jobs/recording-finaliser.server.ts); no playlist on disk: no media, no replay.
  await finalizeEndedRecordings(db, {
    recordingsDir: path.join(os.tmpdir(), `no-recordings-${Date.now()}`),
    onFinalized: (forum) => {
      finalized.push(forum)
      announceReplayChanged({ forumId: forum.forumId })
    },
  })
  expect(finalized).toContainEqual({ forumId: main, eventSlug: event.slug })
  await until(() => mainHeard.length === 1)
  expect(mainHeard[0]).toEqual({ replay: { kind: 'none', at: null } })
})

test('the browser’s schemas refuse malformed pushes', () => {
  expect(eventForumStatusPushSchema.safeParse({ forumId: 'x', status: 'ON_AIR' }).success).toBe(false)
  expect(eventForumStatusPushSchema.safeParse({ forumId: '../../x', status: 'LIVE' }).success).toBe(false)
  expect(forumStatusPushSchema.safeParse({ status: 'ENDED', replay: { kind: 'soon', at: null } }).success).toBe(false)
  expect(replayNoticePushSchema.safeParse({ replay: { kind: 'opens', at: 'tomorrow' } }).success).toBe(false)
})
