import { z } from 'zod'
import { REPLAY_NOTICE_KINDS } from '~/domain/replay-notice.ts'

/**
 * What the browser accepts from the server's forum-status pushes on `/interaction` (issue 15 §4):
 * parsed before use, so a malformed or foreign message changes nothing on the page.
 */
const liveStatus = z.enum(['OFFLINE', 'LIVE', 'PAUSED', 'ENDED'])
const forumId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)

export const replayNoticeViewSchema = z.object({ kind: z.enum(REPLAY_NOTICE_KINDS), at: z.string().datetime().nullable() })

/** The watched forum's status; with what its pages now say about the replay when it ended. */
export const forumStatusPushSchema = z.object({ status: liveStatus, replay: replayNoticeViewSchema.nullish() })

/** Another forum of the same event changed status (the live page's forum switcher). */
export const eventForumStatusPushSchema = z.object({ forumId, status: liveStatus })

/** Staff published, withdrew or moved the window of the watched forum's replay. */
export const replayNoticePushSchema = z.object({ replay: replayNoticeViewSchema })
