import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { verifyHlsPath } from '../../app/domain/hls-url.ts'
import { loader } from '../../app/routes/api.hls.access.ts'
import { issueHlsAccess } from '../../app/services/broadcast/issue-hls-access.server.ts'
import { commitLoginSession } from '../../app/utils/auth.server.ts'
import type { Db } from '../../app/utils/db.server.ts'
import { localeCookie } from '../../app/utils/session.server.ts'
import { testDatabaseUrl, testDb } from '../helpers/db.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'

// The route reads the process-wide client and settings, as in the server.
process.env.DATABASE_URL = testDatabaseUrl()
process.env.SESSION_SECRET = 'test-secret-test-secret-test-secret-42'
process.env.TICKET_SECRET = 'ticket-secret-ticket-secret-ticket-secret'
process.env.HLS_URL_SECRET = 'h'.repeat(40)
process.env.HLS_URL_TTL_S = '300'

const SECRET = 'h'.repeat(40)
const OPTS = { secret: SECRET, ttlSeconds: 300, publicUrl: undefined }
const NOW = new Date('2027-03-01T02:00:00Z')
let db: Db
beforeAll(() => {
  db = testDb()
})
afterAll(async () => {
  const { disconnectDb } = await import('../../app/utils/db.server.ts')
  await disconnectDb()
  await db.$disconnect()
})

async function setting() {
  const event = await createEvent(db)
  const forum = event.forums[0]!
  const ticketType = await createTicketType(db, event.id)
  const [confirmed, pending, cancelled, stranger, moderator, staff, invitee] = await createUsers(db, 7, 'hls')
  await db.user.update({ where: { id: staff! }, data: { role: 'STAFF' } })
  await db.forumModerator.create({ data: { forumId: forum.id, userId: moderator! } })
  await db.stageInvitation.create({ data: { forumId: forum.id, userId: invitee! } })
  await db.registration.createMany({
    data: [
      { eventId: event.id, ticketTypeId: ticketType.id, userId: confirmed!, status: 'CONFIRMED' },
      { eventId: event.id, ticketTypeId: ticketType.id, userId: pending!, status: 'PENDING_PAYMENT' },
      { eventId: event.id, ticketTypeId: ticketType.id, userId: cancelled!, status: 'CANCELLED' },
      { eventId: event.id, ticketTypeId: ticketType.id, userId: invitee!, status: 'CONFIRMED' },
    ],
  })
  return { event, forum, confirmed: confirmed!, pending: pending!, cancelled: cancelled!, stranger: stranger!, moderator: moderator!, staff: staff!, invitee: invitee! }
}

async function recording(forumId: string, status: 'RECORDING' | 'ENDED' | 'FAILED', startedAt: Date) {
  const row = await db.recording.create({ data: { forumId, status, dir: 'x', startedAt, endedAt: status === 'RECORDING' ? null : new Date(startedAt.getTime() + 3600_000) } })
  await db.recording.update({ where: { id: row.id }, data: { dir: `${forumId}/${row.id}` } })
  return row.id
}

/** The signed path's parts, checked as the origin and an edge check them. */
function pathOf(url: string, now = NOW) {
  const check = verifyHlsPath(SECRET, new URL(url, 'http://x').pathname, Math.floor(now.getTime() / 1000))
  if (!check.ok) throw new Error(check.reason)
  return check.request
}

describe('live HLS addresses go to the people the live stage admits', () => {
  test('a confirmed attendee, an invitee, a moderator and staff get the open recording; pending, cancelled and strangers get nothing', async () => {
    const s = await setting()
    await recording(s.forum.id, 'ENDED', new Date('2027-03-01T00:00:00Z'))
    const open = await recording(s.forum.id, 'RECORDING', new Date('2027-03-01T01:00:00Z'))
    for (const userId of [s.confirmed, s.invitee, s.moderator, s.staff]) {
      const access = await issueHlsAccess(db, { forumId: s.forum.id, userId, kind: 'live' }, NOW, OPTS)
      expect(access.recordingId).toBe(open)
      expect(access.expiresAt).toBe(new Date(NOW.getTime() + 300_000).toISOString())
      expect(access.url).toMatch(/^\/media\/hls\/[A-Za-z0-9_-]{22}\/\d+\/.+\/master\.m3u8$/)
      expect(pathOf(access.url)).toMatchObject({ forumId: s.forum.id, recordingId: open, file: 'master.m3u8', kind: 'live-playlist', expires: NOW.getTime() / 1000 + 300 })
    }
    for (const userId of [s.pending, s.cancelled, s.stranger]) {
      await expect(issueHlsAccess(db, { forumId: s.forum.id, userId, kind: 'live' }, NOW, OPTS)).rejects.toMatchObject({ code: 'forbidden', details: { reason: 'not_registered' } })
    }
  })

  test('the link expires with its TTL and opens only its own recording', async () => {
    const s = await setting()
    const open = await recording(s.forum.id, 'RECORDING', NOW)
    const access = await issueHlsAccess(db, { forumId: s.forum.id, userId: s.confirmed, kind: 'live' }, NOW, OPTS)
    const path = new URL(access.url, 'http://x').pathname
    const at = (seconds: number) => verifyHlsPath(SECRET, path, NOW.getTime() / 1000 + seconds)
    expect(at(300).ok).toBe(true)
    expect(at(301)).toEqual({ ok: false, reason: 'expired' })
    expect(verifyHlsPath(SECRET, path.replace(open, 'otherrecording'), NOW.getTime() / 1000)).toEqual({ ok: false, reason: 'forged' })
    expect(verifyHlsPath('another-secret-another-secret-another', path, NOW.getTime() / 1000)).toEqual({ ok: false, reason: 'forged' })
  })

  test('a registration for another event does not open this forum', async () => {
    const s = await setting()
    const other = await createEvent(db)
    await recording(other.forums[0]!.id, 'RECORDING', NOW)
    await expect(issueHlsAccess(db, { forumId: other.forums[0]!.id, userId: s.confirmed, kind: 'live' }, NOW, OPTS)).rejects.toMatchObject({ code: 'forbidden' })
    // A moderator of this forum is nobody on the other one.
    await expect(issueHlsAccess(db, { forumId: other.forums[0]!.id, userId: s.moderator, kind: 'live' }, NOW, OPTS)).rejects.toMatchObject({ code: 'forbidden' })
  })

  test('without an open recording: the latest one while the forum is LIVE or PAUSED, else not found', async () => {
    const s = await setting()
    await expect(issueHlsAccess(db, { forumId: s.forum.id, userId: s.confirmed, kind: 'live' }, NOW, OPTS)).rejects.toMatchObject({ code: 'not_found', details: { reason: 'no_recording' } })
    await recording(s.forum.id, 'FAILED', new Date('2027-03-01T00:00:00Z'))
    const latest = await recording(s.forum.id, 'FAILED', new Date('2027-03-01T01:00:00Z'))
    await expect(issueHlsAccess(db, { forumId: s.forum.id, userId: s.confirmed, kind: 'live' }, NOW, OPTS)).rejects.toMatchObject({ code: 'not_found' })
    for (const liveStatus of ['LIVE', 'PAUSED'] as const) {
      await db.forum.update({ where: { id: s.forum.id }, data: { liveStatus } })
      expect((await issueHlsAccess(db, { forumId: s.forum.id, userId: s.confirmed, kind: 'live' }, NOW, OPTS)).recordingId).toBe(latest)
    }
    await db.forum.update({ where: { id: s.forum.id }, data: { liveStatus: 'ENDED' } })
    await expect(issueHlsAccess(db, { forumId: s.forum.id, userId: s.confirmed, kind: 'live' }, NOW, OPTS)).rejects.toMatchObject({ code: 'not_found' })
  })

  test('an unknown forum or a draft event is not found, and the edge base URL is put in front', async () => {
    const s = await setting()
    await expect(issueHlsAccess(db, { forumId: 'nosuchforum', userId: s.staff, kind: 'live' }, NOW, OPTS)).rejects.toMatchObject({ code: 'not_found' })
    const open = await recording(s.forum.id, 'RECORDING', NOW)
    const viaEdge = await issueHlsAccess(db, { forumId: s.forum.id, userId: s.confirmed, kind: 'live' }, NOW, { ...OPTS, publicUrl: 'https://edge.example.org/' })
    expect(viaEdge.url).toMatch(new RegExp(`^https://edge\\.example\\.org/media/hls/[A-Za-z0-9_-]{22}/\\d+/${s.forum.id}/${open}/master\\.m3u8$`))
    await db.event.update({ where: { id: s.event.id }, data: { status: 'DRAFT' } })
    await expect(issueHlsAccess(db, { forumId: s.forum.id, userId: s.staff, kind: 'live' }, NOW, OPTS)).rejects.toMatchObject({ code: 'not_found' })
  })
})

describe('replay addresses: published, within the window, for confirmed registrations; staff may preview', () => {
  async function withReplay(data: { published: boolean; availableFrom?: Date | null; availableUntil?: Date | null }) {
    const s = await setting()
    const recordingId = await recording(s.forum.id, 'ENDED', new Date('2027-02-01T01:00:00Z'))
    await db.replay.create({
      data: {
        forumId: s.forum.id,
        recordingId,
        published: data.published,
        publishedAt: data.published ? NOW : null,
        availableFrom: data.availableFrom ?? null,
        availableUntil: data.availableUntil ?? null,
      },
    })
    return { ...s, recordingId }
  }
  const replayFor = (forumId: string, userId: string, now = NOW) => issueHlsAccess(db, { forumId, userId, kind: 'replay' }, now, OPTS)

  test('published without a window: confirmed attendees get the replay master; others are refused', async () => {
    const s = await withReplay({ published: true })
    const access = await replayFor(s.forum.id, s.confirmed)
    expect(access.recordingId).toBe(s.recordingId)
    expect(pathOf(access.url)).toMatchObject({ recordingId: s.recordingId, file: 'replay-master.m3u8', kind: 'replay-playlist' })
    for (const userId of [s.pending, s.cancelled, s.stranger]) await expect(replayFor(s.forum.id, userId)).rejects.toMatchObject({ code: 'forbidden' })
  })

  test('unpublished: nobody but staff, who preview it', async () => {
    const s = await withReplay({ published: false })
    await expect(replayFor(s.forum.id, s.confirmed)).rejects.toMatchObject({ code: 'not_found', details: { reason: 'no_replay' } })
    await expect(replayFor(s.forum.id, s.moderator)).rejects.toMatchObject({ code: 'not_found' })
    expect((await replayFor(s.forum.id, s.staff)).recordingId).toBe(s.recordingId)
  })

  test('outside availableFrom/availableUntil: refused with the reason, inside: granted; staff preview any time', async () => {
    const from = new Date('2027-03-02T00:00:00Z')
    const until = new Date('2027-03-09T00:00:00Z')
    const s = await withReplay({ published: true, availableFrom: from, availableUntil: until })
    await expect(replayFor(s.forum.id, s.confirmed, new Date(from.getTime() - 1000))).rejects.toMatchObject({
      code: 'not_found',
      details: { reason: 'replay_not_yet', availableFrom: from.toISOString() },
    })
    expect((await replayFor(s.forum.id, s.confirmed, from)).recordingId).toBe(s.recordingId)
    expect((await replayFor(s.forum.id, s.confirmed, new Date(until.getTime() - 1000))).recordingId).toBe(s.recordingId)
    await expect(replayFor(s.forum.id, s.confirmed, until)).rejects.toMatchObject({ code: 'not_found', details: { reason: 'replay_ended' } })
    expect((await replayFor(s.forum.id, s.staff, until)).recordingId).toBe(s.recordingId)
  })

  test('a cancelled registration gets no replay even when it is open', async () => {
    const s = await withReplay({ published: true })
    await db.registration.updateMany({ where: { eventId: s.event.id, userId: s.confirmed }, data: { status: 'CANCELLED', cancelledAt: NOW } })
    await expect(replayFor(s.forum.id, s.confirmed)).rejects.toMatchObject({ code: 'forbidden' })
  })
})

describe('GET /api/hls/access', () => {
  async function cookieFor(userId: string) {
    const expiresAt = new Date(Date.now() + 3600_000)
    const row = await db.loginSession.create({ data: { userId, expiresAt } })
    return (await commitLoginSession(row.id, expiresAt)).split(';')[0]!
  }
  async function get(query: string, options: { cookie?: string; locale?: 'en' | 'zh-CN' } = {}) {
    const cookies = [options.cookie, options.locale ? (await localeCookie.serialize(options.locale)).split(';')[0] : undefined].filter(Boolean)
    const request = new Request(`http://forum.test/api/hls/access?${query}`, { headers: cookies.length ? { cookie: cookies.join('; ') } : {} })
    const res = await loader({ request, params: {}, context: {} })
    return { status: res.status, cache: res.headers.get('cache-control'), body: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string; reason?: string } } }
  }

  test('200 with a signed live URL for a confirmed attendee, never cached', async () => {
    const s = await setting()
    const open = await recording(s.forum.id, 'RECORDING', new Date())
    const res = await get(`forumId=${s.forum.id}&kind=live`, { cookie: await cookieFor(s.confirmed) })
    expect(res.status).toBe(200)
    expect(res.cache).toBe('no-store')
    expect(res.body.recordingId).toBe(open)
    const check = verifyHlsPath(SECRET, res.body.url as string, Math.floor(Date.now() / 1000))
    expect(check).toMatchObject({ ok: true, request: { forumId: s.forum.id, recordingId: open, file: 'master.m3u8' } })
    const ttl = (new Date(res.body.expiresAt as string).getTime() - Date.now()) / 1000
    expect(ttl).toBeGreaterThan(290)
    expect(ttl).toBeLessThanOrEqual(300)
  })

  test('401 logged out, 400 on a bad query, 403 unregistered and 404 without a recording, in the user language', async () => {
    const s = await setting()
    expect((await get(`forumId=${s.forum.id}&kind=live`)).status).toBe(401)
    const cookie = await cookieFor(s.confirmed)
    for (const query of [`forumId=${s.forum.id}`, `forumId=${s.forum.id}&kind=vod`, 'forumId=../../etc&kind=live', 'kind=live']) expect((await get(query, { cookie })).status).toBe(400)
    const none = await get(`forumId=${s.forum.id}&kind=live`, { cookie, locale: 'en' })
    expect(none.status).toBe(404)
    expect(none.body.error).toEqual({ code: 'not_found', reason: 'no_recording', message: 'This forum has no live picture at the moment.' })
    await recording(s.forum.id, 'RECORDING', new Date())
    const refused = await get(`forumId=${s.forum.id}&kind=live`, { cookie: await cookieFor(s.cancelled) })
    expect(refused.status).toBe(403)
    expect(refused.body.error).toMatchObject({ code: 'forbidden', reason: 'not_registered', message: '报名此活动并确认后才能观看直播和回放。' })
    expect(refused.body).not.toHaveProperty('url')
  })

  test('429 with Retry-After past 30 addresses a minute for one person', async () => {
    const s = await setting()
    await recording(s.forum.id, 'RECORDING', new Date())
    const cookie = await cookieFor(s.invitee)
    const statuses: number[] = []
    for (let i = 0; i < 31; i++) statuses.push((await get(`forumId=${s.forum.id}&kind=live`, { cookie })).status)
    expect(statuses.slice(0, 30).every((status) => status === 200)).toBe(true)
    expect(statuses[30]).toBe(429)
    const request = new Request(`http://forum.test/api/hls/access?forumId=${s.forum.id}&kind=live`, { headers: { cookie } })
    const res = await loader({ request, params: {}, context: {} })
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    // Another person is not held back by it.
    expect((await get(`forumId=${s.forum.id}&kind=live`, { cookie: await cookieFor(s.confirmed) })).status).toBe(200)
  })
})
