import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startAppServer, type AppServer } from '../helpers/app-server.ts'
import { testDatabaseUrl, testDb } from '../helpers/db.ts'
import { createEvent } from '../helpers/fixtures.ts'
import { form, FORM, logIn, send } from '../helpers/http-probe.ts'

// Issue 15 §4: an ended forum's live page and forum page link its replay when it is published,
// say it is being prepared while the recording is closed or awaits publication, and say plainly
// when no replay is published; in both languages. Through the real server with the page cache on
// (60 s), so publishing has to purge the cached pages for the link to appear.

const db = testDb()
const SESSION_SECRET = 'replay-notice-pages-secret-0123456789abcd'
const ENGLISH = `lng=${encodeURIComponent(Buffer.from(JSON.stringify('en')).toString('base64'))}`
let server: AppServer
let slug = ''
let staff = ''
const forumIds: Record<'none' | 'recording' | 'unpublished' | 'later' | 'live', string> = { none: '', recording: '', unpublished: '', later: '', live: '' }
let unpublishedReplayId = ''

beforeAll(async () => {
  const event = await createEvent(db)
  slug = event.slug
  const at = event.startsAt
  const forum = (s: string, liveStatus: 'ENDED' | 'LIVE') =>
    db.forum.create({
      data: { eventId: event.id, slug: s, kind: 'SUB', titleZh: `分论坛 ${s}`, titleEn: `Forum ${s}`, startsAt: at, endsAt: new Date(at.getTime() + 3_600_000), liveStatus },
      select: { id: true },
    })
  const recording = (forumId: string, status: 'RECORDING' | 'ENDED') => db.recording.create({ data: { forumId, status, dir: `${forumId}/r`, startedAt: at }, select: { id: true } })
  forumIds.none = (await forum('nothing-recorded', 'ENDED')).id
  forumIds.recording = (await forum('still-recording', 'ENDED')).id
  forumIds.unpublished = (await forum('awaiting-staff', 'ENDED')).id
  forumIds.later = (await forum('opens-later', 'ENDED')).id
  forumIds.live = (await forum('on-air', 'LIVE')).id
  await recording(forumIds.recording, 'RECORDING')
  const made = await recording(forumIds.unpublished, 'ENDED')
  unpublishedReplayId = (await db.replay.create({ data: { forumId: forumIds.unpublished, recordingId: made.id }, select: { id: true } })).id
  const later = await recording(forumIds.later, 'ENDED')
  // 2030-05-01 10:00 in Shanghai (the event's zone).
  await db.replay.create({ data: { forumId: forumIds.later, recordingId: later.id, published: true, publishedAt: at, availableFrom: new Date('2030-05-01T02:00:00Z') } })
  // BROADCAST off: no finaliser sweep, so the recordings stay as made here (the sweep's own change is tested in forum-status-push).
  server = await startAppServer({ databaseUrl: testDatabaseUrl(), env: { SESSION_SECRET, PUBLIC_PAGE_CACHE_MS: '60000', BROADCAST: 'off' } })
  staff = await logIn(db, server.url, 'STAFF', 'replay-notice-staff')
}, 240_000)
afterAll(async () => {
  await server?.stop()
  await db.$disconnect()
})

/** The replay notice of a page (anonymous, so the forum page is cached too): its kind and its words. */
async function notice(path: string, cookie?: string) {
  const res = await fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {} })
  expect(res.status).toBe(200)
  const html = await res.text()
  const match = /<p[^>]*data-testid="replay-notice"[^>]*data-replay="([a-z]+)"[^>]*>([\s\S]*?)<\/p>/.exec(html)
  if (!match) return null
  return {
    kind: match[1],
    text: match[2]!
      .replace(/<!-- -->/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
    html: match[0],
  }
}
const pages = (forumSlug: string) => [`/events/${slug}/forums/${forumSlug}`, `/events/${slug}/forums/${forumSlug}/live`]

describe('an ended forum says what comes after it, on its forum page and its live page', () => {
  test('nothing recorded: no replay is published, in Chinese and in English', async () => {
    for (const page of pages('nothing-recorded')) {
      expect(await notice(page), page).toMatchObject({ kind: 'none', text: '本论坛没有发布回放。' })
      expect(await notice(page, ENGLISH), page).toMatchObject({ kind: 'none', text: 'No replay is published for this forum.' })
    }
  })

  test('the recording is still being closed: the replay is being prepared', async () => {
    for (const page of pages('still-recording')) {
      expect(await notice(page), page).toMatchObject({ kind: 'preparing', text: '回放正在准备中，发布后即可在此观看。' })
      expect(await notice(page, ENGLISH), page).toMatchObject({ kind: 'preparing', text: 'The replay is being prepared; it will be here once it is published.' })
    }
  })

  test('published with a window that opens later: when it opens, in the event’s time zone', async () => {
    for (const page of pages('opens-later')) {
      expect((await notice(page))?.text, page).toMatch(/^回放将于 .*2030.* 10:00 上线。$/)
      expect((await notice(page, ENGLISH))?.text, page).toMatch(/^The replay opens on .*2030.* 10:00\.$/)
    }
  })

  test('a forum still on air says nothing about a replay', async () => {
    for (const page of pages('on-air')) expect(await notice(page), page).toBeNull()
  })

  test('made but unpublished, the pages say it is being prepared; once staff publish it, both pages link it at once', async () => {
    for (const page of pages('awaiting-staff')) {
      expect(await notice(page), page).toMatchObject({ kind: 'preparing' })
      expect(await notice(page, ENGLISH), page).toMatchObject({ kind: 'preparing' })
    }
    const res = await send(`${server.url}/staff/forums/${forumIds.unpublished}/replay`, { headers: { ...FORM, cookie: staff }, body: form({ intent: 'publish', replayId: unpublishedReplayId }) })
    expect(res.status).toBeLessThan(400)
    expect(await db.replay.findUniqueOrThrow({ where: { id: unpublishedReplayId }, select: { published: true } })).toEqual({ published: true })
    // The cached pages (60 s) were purged: the link is there now.
    for (const page of pages('awaiting-staff')) {
      const zh = await notice(page)
      expect(zh, page).toMatchObject({ kind: 'available', text: '本论坛的回放已上线。 观看回放' })
      expect(zh!.html).toContain(`href="/events/${slug}/forums/awaiting-staff/replay"`)
      expect(await notice(page, ENGLISH), page).toMatchObject({ kind: 'available', text: 'The replay of this forum is published. Watch the replay' })
    }
    // Withdrawn again: nobody is preparing it, so no replay is published.
    await send(`${server.url}/staff/forums/${forumIds.unpublished}/replay`, { headers: { ...FORM, cookie: staff }, body: form({ intent: 'unpublish', replayId: unpublishedReplayId }) })
    for (const page of pages('awaiting-staff')) expect(await notice(page), page).toMatchObject({ kind: 'none' })
  })
})
