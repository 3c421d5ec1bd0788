import { LIVE_MASTER, REPLAY_MASTER } from '~/domain/hls-layout.ts'
import { signHlsBase } from '~/domain/hls-url.ts'
import { hasPermission } from '~/domain/permissions.ts'
import { findLiveRole } from '~/services/live/issue-live-token.server.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { hlsUrlSecret } from '~/utils/secrets.server.ts'

export type HlsAccessKind = 'live' | 'replay'
export type HlsAccess = { url: string; expiresAt: string; recordingId: string }

/** Why a request was refused, for the player's message (app/i18n/resources-hls-access.ts, `hlsAccess.<reason>`). */
export type HlsRefusal = 'no_recording' | 'no_replay' | 'replay_not_yet' | 'replay_ended' | 'not_registered'

type Options = { secret: string; ttlSeconds: number; publicUrl: string | undefined }

function optionsFromEnv(): Options {
  const env = getEnv()
  return { secret: hlsUrlSecret(), ttlSeconds: env.HLS_URL_TTL_S, publicUrl: env.HLS_PUBLIC_URL }
}

/**
 * A signed address of one forum's HLS master playlist (issue 12), for the live broadcast or the
 * replay. Who may have one is decided here, once per few minutes per viewer; the origin and the
 * edges then check only the signature (no database per segment).
 *
 * - live: anyone the live stage would admit (a CONFIRMED registration, an invitation on stage,
 *   the forum's moderators, staff: `findLiveRole`, the same rule as the stage's join token), and
 *   the forum's open recording (or, while the forum is LIVE or PAUSED, its latest one).
 * - replay: the same people, and the forum's latest replay that is published and open now
 *   (availableFrom ≤ now < availableUntil; either may be unset). Staff and admins may preview a
 *   replay before it is published or outside its window.
 *
 * The address is a folder token: every playlist and segment of that one recording resolves under
 * it until `expiresAt` (now + HLS_URL_TTL_S); the player asks again before then.
 */
export async function issueHlsAccess(db: Db, input: { forumId: string; userId: string; kind: HlsAccessKind }, now: Date, options: Options = optionsFromEnv()): Promise<HlsAccess> {
  const [forum, user] = await Promise.all([
    db.forum.findUnique({ where: { id: input.forumId }, select: { id: true, eventId: true, liveStatus: true, event: { select: { status: true } } } }),
    db.user.findUnique({ where: { id: input.userId }, select: { id: true, role: true, realName: true } }),
  ])
  if (!forum || forum.event.status === 'DRAFT') throw new AppError('not_found', 'No such forum')
  if (!user) throw new AppError('unauthenticated', 'No such user')
  const { role } = await findLiveRole(db, { forumId: forum.id, user })
  if (!role) throw new AppError('forbidden', 'No confirmed registration for this event', { reason: 'not_registered' satisfies HlsRefusal })

  const recordingId = input.kind === 'live' ? await liveRecordingId(db, forum) : await replayRecordingId(db, forum.id, hasPermission(user.role, 'manage:event:any'), now)
  const expires = Math.floor(now.getTime() / 1000) + options.ttlSeconds
  const base = signHlsBase(options.secret, { forumId: forum.id, recordingId }, expires)
  const edge = (options.publicUrl ?? '').replace(/\/+$/, '')
  return { url: `${edge}${base}${input.kind === 'live' ? LIVE_MASTER : REPLAY_MASTER}`, expiresAt: new Date(expires * 1000).toISOString(), recordingId }
}

async function liveRecordingId(db: Db, forum: { id: string; liveStatus: string }): Promise<string> {
  const open = await db.recording.findFirst({ where: { forumId: forum.id, status: 'RECORDING' }, orderBy: { startedAt: 'desc' }, select: { id: true } })
  if (open) return open.id
  // Between a failed encoder and the next run, a live forum's latest recording still plays what it has.
  if (forum.liveStatus === 'LIVE' || forum.liveStatus === 'PAUSED') {
    const latest = await db.recording.findFirst({ where: { forumId: forum.id }, orderBy: { startedAt: 'desc' }, select: { id: true } })
    if (latest) return latest.id
  }
  throw new AppError('not_found', 'This forum has no live recording', { reason: 'no_recording' satisfies HlsRefusal })
}

async function replayRecordingId(db: Db, forumId: string, preview: boolean, now: Date): Promise<string> {
  const replays = await db.replay.findMany({
    where: { forumId, ...(preview ? {} : { published: true }) },
    orderBy: { recording: { startedAt: 'desc' } },
    select: { recordingId: true, availableFrom: true, availableUntil: true },
  })
  if (replays.length === 0) throw new AppError('not_found', 'This forum has no replay', { reason: 'no_replay' satisfies HlsRefusal })
  if (preview) return replays[0]!.recordingId
  const open = replays.find((r) => (!r.availableFrom || r.availableFrom <= now) && (!r.availableUntil || now < r.availableUntil))
  if (open) return open.recordingId
  const latest = replays[0]!
  const notYet = !!latest.availableFrom && now < latest.availableFrom
  throw new AppError('not_found', notYet ? 'The replay is not open yet' : 'The replay is closed', {
    reason: (notYet ? 'replay_not_yet' : 'replay_ended') satisfies HlsRefusal,
    ...(notYet ? { availableFrom: latest.availableFrom!.toISOString() } : {}),
  })
}
