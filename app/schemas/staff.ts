import { z } from 'zod'
import { EVENT_TOPICS, parseTopicFields } from '~/domain/event-topics.ts'
import { parseEmailList, parsePeopleLines } from '~/domain/people.ts'
import { parseQuestionLines } from '~/domain/question-lines.ts'
import { isValidTimeZone } from '~/domain/time.ts'
import { idChoiceSchema as id, safeString } from './common.ts'

// Staff console forms. Times are "YYYY-MM-DDTHH:mm" in the event's time zone.
const text = (max: number) => safeString({ required_error: 'validation.required' }).trim().min(1, 'validation.required').max(max, 'validation.tooLong')
const optionalText = (max: number) => safeString().trim().max(max, 'validation.tooLong').optional().default('')
const localTime = safeString({ required_error: 'validation.required' }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'validation.dateTime')
const money = z.preprocess(
  (v) => (v === '' || v === undefined ? 0 : Math.round(Number(v) * 100)),
  z.number({ invalid_type_error: 'validation.amount' }).int('validation.amount').min(0, 'validation.amount').max(100_000_000, 'validation.amount'),
)
const optionalInt = (max: number) =>
  z.preprocess(
    (v) => (v === '' || v === undefined || v === null ? null : Number(v)),
    z.number({ invalid_type_error: 'validation.number' }).int('validation.number').min(0, 'validation.number').max(max, 'validation.number').nullable(),
  )

/** "中文名 | English name | 单位 | Affiliation", one person per line (app/domain/people.ts). */
const peopleLines = optionalText(6000).transform((value, ctx) => {
  const parsed = parsePeopleLines(value)
  if (parsed.error) ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.error.code })
  return parsed.people
})
const emailList = optionalText(4000).transform((value, ctx) => {
  const emails = parseEmailList(value)
  if (emails.length > 20 || emails.some((e) => !safeString().email().max(254).safeParse(e).success)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'validation.emailList' })
  return emails
})
const optionalEmail = safeString()
  .trim()
  .toLowerCase()
  .max(254, 'validation.tooLong')
  .optional()
  .default('')
  .refine((v) => v === '' || safeString().email().safeParse(v).success, 'validation.email')

const eventFields = z.object({
  slug: safeString()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'validation.slug')
    .max(120, 'validation.tooLong'),
  titleZh: text(200),
  titleEn: text(200),
  summaryZh: optionalText(4000),
  summaryEn: optionalText(4000),
  timeZone: safeString().refine(isValidTimeZone, 'validation.timeZone'),
  startsAt: localTime,
  endsAt: localTime,
})

/**
 * The event's details and its topics (issue 15): one checkbox `topic_<key>` per topic of
 * app/domain/event-topics.ts; none ticked is no topic. A `topic_` field that names no topic is
 * refused, never dropped.
 */
export const eventFormSchema = z.preprocess(
  (input) => {
    if (!input || typeof input !== 'object') return input
    const { topics, invalid } = parseTopicFields(input as Record<string, unknown>)
    // Not an array: the `topics` field's type error carries the message.
    return { ...input, topics: invalid.length > 0 ? 'invalid' : topics }
  },
  eventFields.extend({ topics: z.array(z.enum(EVENT_TOPICS), { invalid_type_error: 'topicsRooms.invalidTopic' }) }),
)

export const forumFormSchema = z.object({
  kind: z.enum(['MAIN', 'SUB'], { errorMap: () => ({ message: 'validation.choice' }) }),
  slug: safeString()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'validation.slug')
    .max(60, 'validation.tooLong'),
  titleZh: text(200),
  titleEn: text(200),
  /** The room of the event's venue it is held in (issue 15); empty: none. */
  roomZh: optionalText(80),
  roomEn: optionalText(80),
  startsAt: localTime,
  endsAt: localTime,
  /** 主持 */
  chairs: peopleLines,
  /** 嘉宾主持 */
  guestChairs: peopleLines,
  /** Accounts that may run this forum's moderator console. */
  moderators: emailList,
})

export const forumEditSchema = forumFormSchema.extend({ forumId: id })

export const sessionFormSchema = z.object({
  forumId: id,
  kind: z.enum(['OPENING', 'TALK', 'PANEL', 'BREAK', 'CLOSING', 'OTHER'], { errorMap: () => ({ message: 'validation.choice' }) }),
  titleZh: text(300),
  titleEn: text(300),
  startsAt: localTime,
  endsAt: localTime,
  speakers: peopleLines,
})

export const sessionEditSchema = sessionFormSchema.extend({ sessionId: id })

export const removeSessionSchema = z.object({ sessionId: id })
export const removeForumSchema = z.object({ forumId: id })
export const removeVenueSchema = z.object({ venueId: id })
export const removeTicketTypeSchema = z.object({ ticketTypeId: id })

export const organisationFormSchema = z.object({
  role: z.enum(['HOST', 'ORGANISER', 'CO_ORGANISER'], { errorMap: () => ({ message: 'validation.choice' }) }),
  nameZh: text(200),
  nameEn: text(200),
  /** Empty: the whole event; otherwise one forum of it. */
  forumId: z
    .union([z.literal(''), id])
    .optional()
    .default(''),
})

export const venueFormSchema = z.object({
  kind: z.enum(['MAIN', 'BRANCH'], { errorMap: () => ({ message: 'validation.choice' }) }),
  nameZh: text(200),
  nameEn: text(200),
  city: optionalText(100),
  capacity: optionalInt(1_000_000),
  coordinatorEmail: optionalEmail,
  /** The forum this venue shows; empty: the whole event. Venue scans count for it. */
  forumId: z
    .union([z.literal(''), id])
    .optional()
    .default(''),
})

export const venueEditSchema = venueFormSchema.extend({ venueId: id })

const optionalLocalTime = z
  .union([z.literal(''), localTime])
  .optional()
  .default('')
const optionalMoney = z.preprocess((v) => (v === '' || v === undefined ? null : v), money.nullable())

export const ticketTypeFormSchema = z.object({
  nameZh: text(200),
  nameEn: text(200),
  priceMember: money,
  priceNonMember: money,
  priceStudent: money,
  /** Early-bird prices apply until this time (event time zone); empty: no early bird. */
  earlyBirdUntil: optionalLocalTime,
  earlyBirdPriceMember: optionalMoney,
  earlyBirdPriceNonMember: optionalMoney,
  earlyBirdPriceStudent: optionalMoney,
  quota: optionalInt(1_000_000),
  salesStartAt: optionalLocalTime,
  salesEndAt: optionalLocalTime,
  /** Refund rule: `refundPercent` of the amount until `refundUntil`, nothing afterwards. */
  refundUntil: optionalLocalTime,
  refundPercent: z.preprocess(
    (v) => (v === '' || v === undefined ? 100 : Number(v)),
    z.number({ invalid_type_error: 'validation.percent' }).int('validation.percent').min(0, 'validation.percent').max(100, 'validation.percent'),
  ),
  requiresApproval: z.preprocess((v) => v === 'on' || v === 'true', z.boolean()),
})

export const ticketTypeEditSchema = ticketTypeFormSchema.extend({ ticketTypeId: id })
export const closeTicketTypeSchema = z.object({ ticketTypeId: id })

export const PAYMENT_METHODS = ['card', 'alipay', 'wechat_pay'] as const

/** Event settings: payment methods offered at checkout, currency, registration questions. */
/** The event's automatic mails (issue 15): an unticked box is absent from the form. */
export const automaticMailsSchema = z
  .object({
    mailForumReminders: z.literal('on').optional(),
    mailCertificateIssued: z.literal('on').optional(),
    mailReplayAvailable: z.literal('on').optional(),
  })
  .transform((f) => ({ mailForumReminders: f.mailForumReminders === 'on', mailCertificateIssued: f.mailCertificateIssued === 'on', mailReplayAvailable: f.mailReplayAvailable === 'on' }))

export const eventSettingsSchema = z
  .object({
    pm_card: z.literal('on').optional(),
    pm_alipay: z.literal('on').optional(),
    pm_wechat_pay: z.literal('on').optional(),
    currency: z.enum(['cny', 'usd', 'eur', 'hkd'], { errorMap: () => ({ message: 'validation.choice' }) }),
    questions: optionalText(20_000).transform((value, ctx) => {
      const parsed = parseQuestionLines(value)
      if (!parsed.ok) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `validation.questionLine?line=${parsed.line}` })
        return []
      }
      return parsed.questions
    }),
  })
  .transform((f) => ({ paymentMethods: PAYMENT_METHODS.filter((m) => f[`pm_${m}`] === 'on'), currency: f.currency, registrationQuestions: f.questions }))
  .refine((f) => f.paymentMethods.length > 0, { message: 'validation.paymentMethod', path: ['pm_card'] })

export const decisionSchema = z.object({ registrationId: id, decision: z.enum(['approve', 'reject']) })
/** Unpublishing is sent only from its confirmation step, which says what attendees will see. */
export const unpublishSchema = z.object({ confirm: z.literal('yes', { errorMap: () => ({ message: 'staffSections.unpublish.required' }) }) })
