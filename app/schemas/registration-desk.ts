import { z } from 'zod'
import { DESK_FAPIAO_FILTERS, DESK_PAYMENT_FILTERS, DESK_SORTS, DESK_STATUSES, DESK_TIERS, type DeskQuery } from '~/domain/registration-desk.ts'
import { idChoiceSchema, idSchema, safeString } from './common.ts'

const yesNo = z.enum(['yes', 'no']).transform((v) => v === 'yes')
/** An empty field of the filter form (`?status=`) means "any". */
const blankAsUndefined = (v: unknown) => (v === '' ? undefined : v)

/** The desk's URL query (search, filters, sort, page). Unknown parameters are ignored. */
export const deskQuerySchema = z.object({
  q: z.preprocess(blankAsUndefined, safeString().trim().max(100, 'validation.tooLong').optional()),
  institution: z.preprocess(blankAsUndefined, safeString().trim().max(200, 'validation.tooLong').optional()),
  status: z.preprocess(blankAsUndefined, z.enum(DESK_STATUSES).optional()),
  ticket: z.preprocess(blankAsUndefined, idSchema.optional()),
  tier: z.preprocess(blankAsUndefined, z.enum(DESK_TIERS).optional()),
  checkedIn: z.preprocess(blankAsUndefined, yesNo.optional()),
  certificate: z.preprocess(blankAsUndefined, yesNo.optional()),
  payment: z.preprocess(blankAsUndefined, z.enum(DESK_PAYMENT_FILTERS).optional()),
  fapiao: z.preprocess(blankAsUndefined, z.enum(DESK_FAPIAO_FILTERS).optional()),
  sort: z.preprocess(blankAsUndefined, z.enum(DESK_SORTS).default('created')),
  dir: z.preprocess(blankAsUndefined, z.enum(['asc', 'desc']).default('desc')),
  page: z.preprocess(blankAsUndefined, z.coerce.number().int().min(1).max(1_000_000).default(1)),
})

export type DeskQueryProblem = { field: string; message: string }

/** Parses URL parameters; a repeated parameter is refused rather than silently picked. */
export function parseDeskQuery(params: URLSearchParams): { ok: true; query: DeskQuery } | { ok: false; problems: DeskQueryProblem[] } {
  const raw: Record<string, string> = {}
  const problems: DeskQueryProblem[] = []
  for (const [key, value] of params) {
    if (key in raw) problems.push({ field: key, message: 'repeated parameter' })
    raw[key] = value
  }
  const parsed = deskQuerySchema.safeParse(raw)
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'query', message: i.message })))
  if (problems.length > 0 || !parsed.success) return { ok: false, problems }
  // A text field of blanks trims to nothing: it means "any", as an empty one does.
  const { q, institution, ...rest } = parsed.data
  return { ok: true, query: { ...rest, ...(q ? { q } : {}), ...(institution ? { institution } : {}) } as DeskQuery }
}

/** Staff's free text on a row action (why a ticket moved at another price; a refund's bank reference): optional, one line's worth. */
const optionalNote = (max: number) => z.preprocess(blankAsUndefined, safeString().trim().max(max, 'validation.tooLong').optional())

/**
 * A row action from the desk. `nonce` makes a resend idempotent against a double submit.
 * `move` names the target ticket (of the same event: checked by the service) and, for a
 * paid registration moving to another price, staff's note; `refund` refunds in full, and
 * a refund by bank transfer needs the reference of the transfer that gave the money back.
 */
export const deskActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('confirm'), registrationId: idSchema }),
  z.object({ intent: z.literal('cancel'), registrationId: idSchema }),
  z.object({ intent: z.literal('resend'), registrationId: idSchema, nonce: safeString().regex(/^[A-Za-z0-9_-]{8,64}$/) }),
  z.object({ intent: z.literal('move'), registrationId: idSchema, ticketTypeId: idChoiceSchema, note: optionalNote(500) }),
  z.object({ intent: z.literal('refund'), registrationId: idSchema, reference: optionalNote(100) }),
])
export type DeskAction = z.infer<typeof deskActionSchema>
