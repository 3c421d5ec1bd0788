import { spawnSync } from 'node:child_process'
import { logger } from '../../app/utils/logger.server.ts'
import type { Env } from '../../app/utils/env.server.ts'
import { recordingsDir } from '../../app/utils/recordings-dir.server.ts'
import type { RoomRegistry } from '../rooms.ts'
import { ForumBroadcaster, type BroadcasterSettings } from './forum-broadcaster.ts'

const log = logger.child({ component: 'broadcaster' })

export type Broadcaster = {
  /** The broadcaster of a forum, once one of its rooms has opened here. */
  forum: (forumId: string) => ForumBroadcaster | undefined
  close: () => Promise<void>
}

/** Whether `ffmpegPath` runs (`ffmpeg -version`). */
export function ffmpegAvailable(ffmpegPath: string): boolean {
  const probe = spawnSync(ffmpegPath, ['-version'], { stdio: 'ignore', timeout: 10_000 })
  return probe.status === 0
}

/**
 * Follows every room the registry opens and broadcasts each forum while it is LIVE: one
 * ForumBroadcaster per forum for the life of the process, so a room rebuilt after a worker
 * died continues the same recording (docs/broadcast-and-replay.md, "Broadcaster").
 */
export function startBroadcaster(rooms: RoomRegistry, settings: BroadcasterSettings): Broadcaster {
  const forums = new Map<string, ForumBroadcaster>()
  const onRoom = (room: Parameters<ForumBroadcaster['attach']>[0]) => {
    let forum = forums.get(room.forumId)
    if (!forum) {
      forum = new ForumBroadcaster(room.forumId, settings)
      forums.set(room.forumId, forum)
    }
    forum.attach(room)
  }
  rooms.on('room', onRoom)
  log.info({ recordingsDir: settings.recordingsDir, ffmpeg: settings.ffmpegPath }, 'broadcaster on')
  return {
    forum: (forumId) => forums.get(forumId),
    close: async () => {
      rooms.off('room', onRoom)
      await Promise.all([...forums.values()].map((f) => f.close()))
    },
  }
}

/**
 * The broadcaster as the settings ask: none when BROADCAST=off, or (with a warning) when
 * FFMPEG_PATH does not run; the live forum itself is unaffected either way.
 */
export function startBroadcasterFromEnv(rooms: RoomRegistry, env: Pick<Env, 'BROADCAST' | 'FFMPEG_PATH' | 'RECORDINGS_DIR' | 'EMBEDDED_DB_DIR'>): Broadcaster | undefined {
  if (env.BROADCAST === 'off') return undefined
  if (!ffmpegAvailable(env.FFMPEG_PATH)) {
    log.warn({ ffmpeg: env.FFMPEG_PATH }, 'ffmpeg not found: live forums are not broadcast or recorded (set FFMPEG_PATH, or BROADCAST=off to silence this)')
    return undefined
  }
  return startBroadcaster(rooms, { recordingsDir: recordingsDir(env), ffmpegPath: env.FFMPEG_PATH })
}
