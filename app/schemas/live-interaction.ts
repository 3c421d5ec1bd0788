import { z } from 'zod'
import { POLL_ACTIONS, QUESTION_ACTIONS } from '~/domain/live-interaction.ts'
import { safeString } from './common.ts'

const id = safeString().regex(/^[A-Za-z0-9_-]{1,64}$/)
const text = (max: number) => safeString().trim().min(1).max(max)
const empty = z.object({}).strict().optional()

/** Every request on the `/interaction` namespace, with its payload schema. */
export const interactionRequestSchemas = {
  interactionState: empty,
  qaAsk: z.object({ text: text(500) }),
  qaUpvote: z.object({ questionId: id, up: z.boolean() }),
  qaModerate: z.object({ questionId: id, action: z.enum(QUESTION_ACTIONS) }),
  pollCreate: z.object({
    question: text(300),
    options: z
      .array(text(200))
      .min(2)
      .max(10)
      .refine((options) => new Set(options).size === options.length, 'Options must differ'),
  }),
  pollRun: z.object({ pollId: id, action: z.enum(POLL_ACTIONS) }),
  pollVote: z.object({ pollId: id, optionId: id }),
  handRaise: z.object({ raised: z.boolean() }),
  handLower: z.object({ userId: id }),
} as const

export type InteractionRequest = keyof typeof interactionRequestSchemas
export type InteractionPayload<N extends InteractionRequest> = z.input<(typeof interactionRequestSchemas)[N]>
