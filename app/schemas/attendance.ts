import { z } from 'zod'
import { idSchema as id, safeString } from './common.ts'

/** Everything a browser may send on the /attendance namespace. Venue events never come from browsers. */
const nonce = safeString().regex(/^[A-Za-z0-9_-]{8,64}$/)
const clientAt = safeString().datetime({ offset: true }).max(40)

export const helloSchema = z.object({ forumId: id })

export const attendanceMessageSchema = z.union([
  // `delivery`: how the player receives the stage (WebRTC or HLS), recorded on the ledger row (issue 12).
  z.object({ kind: z.enum(['JOIN', 'LEAVE', 'HEARTBEAT', 'AWAY', 'BACK']), forumId: id, nonce, clientAt, delivery: z.enum(['WEBRTC', 'HLS']).optional() }),
  z.object({ kind: z.literal('PRESENCE_ACK'), forumId: id, nonce, clientAt, promptId: id }),
  z
    .object({
      kind: z.literal('REPLAY_PROGRESS'),
      forumId: id,
      nonce,
      clientAt,
      mediaFromSec: z
        .number()
        .finite()
        .min(0)
        .max(7 * 24 * 3600),
      mediaToSec: z
        .number()
        .finite()
        .min(0)
        .max(7 * 24 * 3600),
    })
    .refine((m) => m.mediaToSec >= m.mediaFromSec && m.mediaToSec - m.mediaFromSec <= 600, { message: 'bad media range' }),
])
export type AttendanceMessage = z.infer<typeof attendanceMessageSchema>

export const triggerPromptSchema = z.object({ forumId: id, timeoutSec: z.number().int().min(15).max(600).optional() })
