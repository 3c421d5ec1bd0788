import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { REPLAY_MEDIA_PLAYLIST } from '~/domain/hls-layout.ts'
import { parseMediaPlaylist, totalDuration } from '~/domain/hls-playlist.ts'
import { localized, type AppLocale } from '~/domain/locale.ts'
import { hasPermission, type Role } from '~/domain/permissions.ts'
import { replayChapters, replayTimeline, type Chapter, type TimelineSpan } from '~/domain/replay.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

export type ReplayPageState = 'ok' | 'login' | 'not_registered' | 'no_replay' | 'not_published' | 'not_yet' | 'closed'
export type ReplayView = { id: string; durationSeconds: number; chapters: Chapter[]; timeline: TimelineSpan[]; mediaStartMs: number; positionSec: number; preview: boolean }

/**
 * What the replay page of a forum shows this person (issue 12): the replay (timeline,
 * chapters from the agenda, where they stopped last time) when they may watch it, or why not:
 * log in first, no confirmed registration, not published, not open yet, closed. Staff may
 * preview an unpublished replay or one outside its window. The video itself comes from the
 * signed address of GET /api/hls/access?kind=replay, which applies the same rule.
 */
export async function getReplayPage(db: Db, input: { eventSlug: string; forumSlug: string; user: { id: string; role: Role } | null; locale: AppLocale; recordingsDir: string }, now = new Date()) {
  const forum = await db.forum.findFirst({
    where: { slug: input.forumSlug, event: { slug: input.eventSlug, status: { not: 'DRAFT' } } },
    select: {
      id: true,
      slug: true,
      titleZh: true,
      titleEn: true,
      startsAt: true,
      liveStartedAt: true,
      event: { select: { id: true, slug: true, titleZh: true, titleEn: true, timeZone: true } },
      sessions: {
        where: { kind: { not: 'BREAK' } },
        orderBy: { startsAt: 'asc' },
        select: { id: true, titleZh: true, titleEn: true, startsAt: true, endsAt: true, speakers: { orderBy: { position: 'asc' }, select: { speaker: { select: { nameZh: true, nameEn: true } } } } },
      },
      replays: { orderBy: { recording: { startedAt: 'desc' } }, take: 1, include: { recording: { select: { dir: true } } } },
    },
  })
  if (!forum) throw new AppError('not_found', 'No such forum')
  const base = { forum: { id: forum.id, slug: forum.slug, titleZh: forum.titleZh, titleEn: forum.titleEn }, event: forum.event }
  const replay = forum.replays[0]
  const refuse = (state: ReplayPageState, extra: { at?: string } = {}) => ({ ...base, state, replay: null, ...extra })
  if (!input.user) return refuse('login')
  const preview = hasPermission(input.user.role, 'manage:event:any')
  const registration = await db.registration.findUnique({ where: { eventId_userId: { eventId: forum.event.id, userId: input.user.id } }, select: { id: true, status: true } })
  const confirmed = registration?.status === 'CONFIRMED' ? registration : null
  if (!confirmed && !preview) return refuse('not_registered')
  if (!replay) return refuse('no_replay')
  if (!preview) {
    if (!replay.published) return refuse('not_published')
    if (replay.availableFrom && now < replay.availableFrom) return refuse('not_yet', { at: replay.availableFrom.toISOString() })
    if (replay.availableUntil && now >= replay.availableUntil) return refuse('closed', { at: replay.availableUntil.toISOString() })
  }
  let segments
  try {
    segments = parseMediaPlaylist(await readFile(path.join(input.recordingsDir, replay.recording.dir, '720p', REPLAY_MEDIA_PLAYLIST), 'utf8')).segments
  } catch {
    return refuse('no_replay')
  }
  const sessions = forum.sessions.map((s) => ({
    id: s.id,
    titleZh: s.titleZh,
    titleEn: s.titleEn,
    speakers: s.speakers.map((x) => localized(input.locale, x.speaker.nameZh, x.speaker.nameEn)),
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
  }))
  const position = confirmed ? await db.replayPosition.findUnique({ where: { registrationId_replayId: { registrationId: confirmed.id, replayId: replay.id } }, select: { positionSec: true } }) : null
  const view: ReplayView = {
    id: replay.id,
    durationSeconds: totalDuration(segments),
    chapters: replayChapters(sessions, segments),
    timeline: replayTimeline(segments),
    // Media time 0 of the attendance ledger (app/domain/credited-time.ts): when the forum went live.
    mediaStartMs: (forum.liveStartedAt ?? forum.startsAt).getTime(),
    positionSec: position?.positionSec ?? 0,
    preview: preview && !replay.published,
  }
  return { ...base, state: 'ok' as ReplayPageState, replay: view }
}
