import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parseMediaPlaylist } from '../../app/domain/hls-playlist.ts'
import { startRecordingFinaliser } from '../../app/jobs/recording-finaliser.server.ts'
import { finalizeEndedRecordings } from '../../app/services/broadcast/finalize-ended-recordings.server.ts'
import { ENDLIST_WAIT_MS, finalizeRecording } from '../../app/services/broadcast/finalize-recording.server.ts'
import { followLiveStatus } from '../../app/services/broadcast/follow-live-status.server.ts'
import { listMyReplays } from '../../app/services/broadcast/list-my-replays.server.ts'
import { prepareReplayMp4, settleReplayMp4s } from '../../app/services/broadcast/prepare-replay-mp4.server.ts'
import { publishReplay } from '../../app/services/broadcast/publish-replay.server.ts'
import { readCurrentRecording } from '../../app/services/broadcast/recording-files.server.ts'
import { setReplayWindow } from '../../app/services/broadcast/set-replay-window.server.ts'
import { trimReplay } from '../../app/services/broadcast/trim-replay.server.ts'
import { staffReplayActionSchema } from '../../app/schemas/replay.ts'
import { setForumLiveStatus } from '../../app/services/live/set-forum-live-status.server.ts'
import { getForumStanding } from '../../app/services/events/get-forum-standing.server.ts'
import type { Db } from '../../app/utils/db.server.ts'
import { testDb } from '../helpers/db.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'
import { writeSyntheticRecording } from '../helpers/synthetic-hls.ts'

let db: Db
let recordingsDir: string
beforeAll(async () => {
  db = testDb()
  recordingsDir = await mkdtemp(path.join(os.tmpdir(), 'cme-replays-'))
})
afterAll(async () => {
  await db.$disconnect()
  await rm(recordingsDir, { recursive: true, force: true })
})

/** A forum taken live and ended the way the moderator console does it. */
async function stage(forumId: string, action: 'go_live' | 'end', now: Date) {
  const { status, changed } = await setForumLiveStatus(db, { forumId, action }, {}, now)
  await followLiveStatus(db, { forumId, status, changed, recordingsDir, broadcast: 'on' }, now)
}

async function liveForum(startedAt = new Date(Date.now() - 60_000)) {
  const event = await createEvent(db)
  const forum = event.forums[0]!
  await stage(forum.id, 'go_live', startedAt)
  const recording = await db.recording.findFirstOrThrow({ where: { forumId: forum.id } })
  return { forum, recording }
}

describe('a forum’s recording follows its live status', () => {
  test('going live opens a recording and tells the broadcaster in current.json; ending says ENDED', async () => {
    const { forum, recording } = await liveForum()
    expect(recording).toMatchObject({ status: 'RECORDING', dir: `${forum.id}/${recording.id}` })
    expect(await readCurrentRecording(recordingsDir, forum.id)).toMatchObject({ recordingId: recording.id, status: 'RECORDING' })
    await stage(forum.id, 'end', new Date())
    expect(await readCurrentRecording(recordingsDir, forum.id)).toMatchObject({ recordingId: recording.id, status: 'ENDED' })
  })

  test('BROADCAST=off records nothing', async () => {
    const event = await createEvent(db)
    const forumId = event.forums[0]!.id
    const { status, changed } = await setForumLiveStatus(db, { forumId, action: 'go_live' }, {})
    await followLiveStatus(db, { forumId, status, changed, recordingsDir, broadcast: 'off' })
    expect(await db.recording.count({ where: { forumId } })).toBe(0)
  })
})

describe('the replay is made when the forum ends', () => {
  test('waits for the broadcaster’s EXT-X-ENDLIST, then closes the playlists itself and makes an unpublished VOD replay', async () => {
    const startedAt = new Date(Date.now() - 60_000)
    const { forum, recording } = await liveForum(startedAt)
    const synthetic = await writeSyntheticRecording({ recordingsDir, forumId: forum.id, recordingId: recording.id, runSeconds: [4, 4], startedAt, ended: false })
    const endedAt = new Date()
    await stage(forum.id, 'end', endedAt)
    expect(await finalizeRecording(db, { recordingId: recording.id, recordingsDir }, new Date(endedAt.getTime() + 1000))).toBe('waiting')
    expect(await db.replay.count({ where: { recordingId: recording.id } })).toBe(0)

    expect(await finalizeRecording(db, { recordingId: recording.id, recordingsDir }, new Date(endedAt.getTime() + ENDLIST_WAIT_MS))).toBe('finalized')
    const live = parseMediaPlaylist(await readFile(path.join(synthetic.dir, '720p', 'index.m3u8'), 'utf8'))
    expect(live.ended).toBe(true)
    const vod = parseMediaPlaylist(await readFile(path.join(synthetic.dir, '360p', 'replay.m3u8'), 'utf8'))
    expect(vod).toMatchObject({ type: 'VOD', ended: true })
    expect(vod.segments.map((s) => s.uri)).toEqual(synthetic.segments.map((s) => s.uri))
    expect(vod.segments.filter((s) => s.discontinuity)).toHaveLength(1)
    expect(await readFile(path.join(synthetic.dir, 'replay-master.m3u8'), 'utf8')).toContain('720p/replay.m3u8')

    const done = await db.recording.findUniqueOrThrow({ where: { id: recording.id }, include: { replay: true } })
    const total = synthetic.segments.reduce((sum, s) => sum + s.duration, 0)
    expect(done).toMatchObject({ status: 'ENDED', failureReason: null, durationSeconds: total })
    expect(done.replay).toMatchObject({ published: false, trimStartSeconds: 0, trimEndSeconds: null })
    const lastSegment = synthetic.segments.at(-1)!
    expect(done.endedAt?.getTime()).toBe(Date.parse(lastSegment.programDateTime) + lastSegment.duration * 1000)
    // Once only.
    expect(await finalizeRecording(db, { recordingId: recording.id, recordingsDir })).toBe('already')
  })

  test('a broadcaster fault in recording.json marks it FAILED with the reason, and keeps the segments as a replay', async () => {
    const { forum, recording } = await liveForum()
    const synthetic = await writeSyntheticRecording({ recordingsDir, forumId: forum.id, recordingId: recording.id, runSeconds: [4], ended: true })
    const meta = {
      forumId: forum.id,
      recordingId: recording.id,
      runs: [{ run: 0, startedAt: new Date().toISOString(), reason: 'start' }],
      rtpPacketsReceived: 1000,
      rtpPacketsLost: 3,
      ffmpegRestarts: 0,
      discontinuities: 0,
      failureReason: 'disk_full',
    }
    await writeFile(path.join(synthetic.dir, 'recording.json'), JSON.stringify(meta))
    await stage(forum.id, 'end', new Date())
    // The playlists are closed already: no wait.
    expect(await finalizeRecording(db, { recordingId: recording.id, recordingsDir })).toBe('finalized')
    const done = await db.recording.findUniqueOrThrow({ where: { id: recording.id }, include: { replay: true } })
    expect(done).toMatchObject({ status: 'FAILED', failureReason: 'disk_full', stats: { rtpPacketsReceived: 1000, rtpPacketsLost: 3 } })
    expect(done.replay).not.toBeNull()
  })

  test('nothing recorded: FAILED (no_media), no replay', async () => {
    const { forum, recording } = await liveForum()
    await stage(forum.id, 'end', new Date())
    expect(await finalizeRecording(db, { recordingId: recording.id, recordingsDir })).toBe('finalized')
    expect(await db.recording.findUniqueOrThrow({ where: { id: recording.id }, include: { replay: true } })).toMatchObject({ status: 'FAILED', failureReason: 'no_media', replay: null })
  })

  test('live again after the end reopens the same recording; ending again remakes the replay, keeping its publication', async () => {
    const startedAt = new Date(Date.now() - 60_000)
    const { forum, recording } = await liveForum(startedAt)
    await writeSyntheticRecording({ recordingsDir, forumId: forum.id, recordingId: recording.id, runSeconds: [2], startedAt, ended: true })
    await stage(forum.id, 'end', new Date())
    await finalizeEndedRecordings(db, { recordingsDir })
    await db.replay.update({ where: { recordingId: recording.id }, data: { published: true } })

    // The console's rules make ENDED final (app/domain/live-stage.ts); a forum put back live by hand (support) reopens its recording.
    await db.forum.update({ where: { id: forum.id }, data: { liveStatus: 'LIVE' } })
    await followLiveStatus(db, { forumId: forum.id, status: 'LIVE', changed: true, recordingsDir, broadcast: 'on' })
    expect(await db.recording.findMany({ where: { forumId: forum.id } })).toEqual([expect.objectContaining({ id: recording.id, status: 'RECORDING', endedAt: null })])
    expect(await readCurrentRecording(recordingsDir, forum.id)).toMatchObject({ recordingId: recording.id, status: 'RECORDING' })
    const longer = await writeSyntheticRecording({ recordingsDir, forumId: forum.id, recordingId: recording.id, runSeconds: [2, 2], startedAt, ended: true })
    await stage(forum.id, 'end', new Date())
    expect(await finalizeEndedRecordings(db, { recordingsDir })).toMatchObject({ finalized: 1 })
    const done = await db.recording.findUniqueOrThrow({ where: { id: recording.id }, include: { replay: true } })
    expect(done.durationSeconds).toBe(longer.segments.reduce((sum, s) => sum + s.duration, 0))
    expect(done.replay?.published).toBe(true)
  })

  test('the finaliser job makes the replay of a forum that ended, without anyone asking', async () => {
    const { forum, recording } = await liveForum()
    await writeSyntheticRecording({ recordingsDir, forumId: forum.id, recordingId: recording.id, runSeconds: [2], ended: true })
    await stage(forum.id, 'end', new Date())
    const job = startRecordingFinaliser(db, recordingsDir, 200)
    try {
      await expect.poll(() => db.replay.count({ where: { recordingId: recording.id } }), { timeout: 10_000, interval: 100 }).toBe(1)
    } finally {
      await job.stop()
    }
  })
})

describe('staff shape the replay', () => {
  async function endedReplay(runSeconds = [4, 4]) {
    const startedAt = new Date(Date.now() - 60_000)
    const { forum, recording } = await liveForum(startedAt)
    const synthetic = await writeSyntheticRecording({ recordingsDir, forumId: forum.id, recordingId: recording.id, runSeconds, startedAt, ended: true })
    await stage(forum.id, 'end', new Date())
    await finalizeEndedRecordings(db, { recordingsDir })
    const replay = await db.replay.findUniqueOrThrow({ where: { recordingId: recording.id } })
    return { forum, recording, replay, synthetic }
  }

  test('a trim snaps to segment boundaries, rewrites the VOD playlists and is audited', async () => {
    const { forum, replay, synthetic } = await endedReplay()
    const total = synthetic.segments.reduce((sum, s) => sum + s.duration, 0)
    const result = await trimReplay(db, { forumId: forum.id, replayId: replay.id, startSeconds: 3, endSeconds: 5, recordingsDir }, { userId: null })
    expect(result).toMatchObject({ startSeconds: 2, endSeconds: 6 })
    const vod = parseMediaPlaylist(await readFile(path.join(synthetic.dir, '720p', 'replay.m3u8'), 'utf8'))
    expect(vod.segments.map((s) => s.uri)).toEqual(synthetic.segments.slice(1, 3).map((s) => s.uri))
    expect(vod.segments[0]!.discontinuity).toBe(false)
    expect(await db.replay.findUniqueOrThrow({ where: { id: replay.id } })).toMatchObject({ trimStartSeconds: 2, trimEndSeconds: 6 })
    const audit = await db.auditLog.findFirstOrThrow({ where: { type: 'replay.trim' }, orderBy: { createdAt: 'desc' } })
    expect(audit.data).toMatchObject({ replayId: replay.id, asked: { start: 3, end: 5 }, kept: { start: 2, end: 6 } })
    // Through the staff form's schema, as typed.
    const form = staffReplayActionSchema.parse({ intent: 'trim', replayId: replay.id, trimStart: '99:00', trimEnd: '' })
    await expect(trimReplay(db, { forumId: forum.id, replayId: replay.id, startSeconds: (form as { trimStart: number }).trimStart, endSeconds: null, recordingsDir }, {})).rejects.toMatchObject({
      details: { fields: { trimStart: 'replay.staff.trim_outside' } },
    })
    await expect(trimReplay(db, { forumId: forum.id, replayId: replay.id, startSeconds: total + 1, endSeconds: null, recordingsDir }, {})).rejects.toMatchObject({
      code: 'validation_failed',
      details: { fields: { trimStart: 'replay.staff.trim_outside' } },
    })
    await expect(trimReplay(db, { forumId: forum.id, replayId: replay.id, startSeconds: 0, endSeconds: total + 30, recordingsDir }, {})).rejects.toMatchObject({
      details: { fields: { trimEnd: 'replay.staff.trim_outside' } },
    })
    await expect(trimReplay(db, { forumId: forum.id, replayId: replay.id, startSeconds: 4, endSeconds: 2, recordingsDir }, {})).rejects.toMatchObject({
      details: { fields: { trimEnd: 'replay.staff.trim_empty' } },
    })
    // A refused trim changed nothing.
    expect(await db.replay.findUniqueOrThrow({ where: { id: replay.id } })).toMatchObject({ trimStartSeconds: 2, trimEndSeconds: 6 })
  })

  test('publish, window and another forum’s replay id', async () => {
    const { forum, replay } = await endedReplay([2])
    const published = await publishReplay(db, { forumId: forum.id, replayId: replay.id, published: true }, {})
    expect(published).toMatchObject({ published: true, publishedAt: expect.any(Date) })
    const from = new Date('2027-03-02T01:00:00Z')
    await expect(setReplayWindow(db, { forumId: forum.id, replayId: replay.id, availableFrom: from, availableUntil: from }, {})).rejects.toMatchObject({ code: 'validation_failed' })
    expect(await setReplayWindow(db, { forumId: forum.id, replayId: replay.id, availableFrom: from, availableUntil: null }, {})).toMatchObject({ availableFrom: from, availableUntil: null })
    const other = await createEvent(db)
    await expect(publishReplay(db, { forumId: other.forums[0]!.id, replayId: replay.id, published: true }, {})).rejects.toMatchObject({ code: 'not_found' })
  })

  test('the MP4 download is a remux prepared off the request, cached until the next trim', async () => {
    const { forum, replay, synthetic } = await endedReplay([2, 2])
    const ask = () => prepareReplayMp4(db, { forumId: forum.id, replayId: replay.id, recordingsDir, ffmpegPath: 'ffmpeg' })
    expect(await ask()).toEqual({ state: 'preparing' })
    await settleReplayMp4s()
    const ready = await ask()
    expect(ready).toMatchObject({ state: 'ready', file: path.join(synthetic.dir, 'replay-720p.mp4') })
    const head = (await readFile(path.join(synthetic.dir, 'replay-720p.mp4'))).subarray(4, 8).toString('latin1')
    expect(head).toBe('ftyp')
    await new Promise((r) => setTimeout(r, 20))
    await trimReplay(db, { forumId: forum.id, replayId: replay.id, startSeconds: 2, endSeconds: null, recordingsDir }, {})
    expect(await ask()).toEqual({ state: 'preparing' })
    await settleReplayMp4s()
  })
})

describe('where attendees find a replay', () => {
  test('a published replay within its window is linked for confirmed registrants only', async () => {
    const { forum, recording } = await liveForum()
    await writeSyntheticRecording({ recordingsDir, forumId: forum.id, recordingId: recording.id, runSeconds: [2], ended: true })
    await stage(forum.id, 'end', new Date())
    await finalizeEndedRecordings(db, { recordingsDir })
    const [confirmedUser, pendingUser] = await createUsers(db, 2, 'replaylink')
    const ticket = await createTicketType(db, forum.eventId)
    await db.registration.createMany({
      data: [
        { eventId: forum.eventId, ticketTypeId: ticket.id, userId: confirmedUser!, status: 'CONFIRMED' },
        { eventId: forum.eventId, ticketTypeId: ticket.id, userId: pendingUser!, status: 'PENDING_PAYMENT' },
      ],
    })
    expect((await getForumStanding(db, { forumId: forum.id, userId: null })).replayAvailable).toBe(false)
    expect(await listMyReplays(db, confirmedUser!)).toEqual([])
    await db.replay.update({ where: { recordingId: recording.id }, data: { published: true, availableUntil: new Date(Date.now() + 3_600_000) } })
    expect((await getForumStanding(db, { forumId: forum.id, userId: null })).replayAvailable).toBe(true)
    expect((await listMyReplays(db, confirmedUser!)).map((f) => f.id)).toEqual([forum.id])
    expect(await listMyReplays(db, pendingUser!)).toEqual([])
    // After the window: gone.
    expect((await getForumStanding(db, { forumId: forum.id, userId: null, now: new Date(Date.now() + 7_200_000) })).replayAvailable).toBe(false)
  })
})
