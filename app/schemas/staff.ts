import { z } from 'zod'
import { isValidTimeZone } from '~/domain/time.ts'

// Staff console forms. Times are "YYYY-MM-DDTHH:mm" in the event's time zone.
const text = (max: number) => z.string({ required_error: 'validation.required' }).trim().min(1, 'validation.required').max(max, 'validation.tooLong')
const optionalText = (max: number) => z.string().trim().max(max, 'validation.tooLong').optional().default('')
const localTime = z.string({ required_error: 'validation.required' }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'validation.dateTime')
const money = z.preprocess((v) => (v === '' || v === undefined ? 0 : Math.round(Number(v) * 100)), z.number({ invalid_type_error: 'validation.amount' }).int('validation.amount').min(0, 'validation.amount').max(100_000_000, 'validation.amount'))
const optionalInt = (max: number) =>
  z.preprocess((v) => (v === '' || v === undefined || v === null ? null : Number(v)), z.number({ invalid_type_error: 'validation.number' }).int('validation.number').min(0, 'validation.number').max(max, 'validation.number').nullable())

export const eventFormSchema = z.object({
  slug: z.string().trim().toLowerCase().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'validation.slug').max(120, 'validation.tooLong'),
  titleZh: text(200),
  titleEn: text(200),
  summaryZh: optionalText(4000),
  summaryEn: optionalText(4000),
  timeZone: z.string().refine(isValidTimeZone, 'validation.timeZone'),
  startsAt: localTime,
  endsAt: localTime,
})

export const forumFormSchema = z.object({
  kind: z.enum(['MAIN', 'SUB'], { errorMap: () => ({ message: 'validation.choice' }) }),
  slug: z.string().trim().toLowerCase().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'validation.slug').max(60, 'validation.tooLong'),
  titleZh: text(200),
  titleEn: text(200),
  startsAt: localTime,
  endsAt: localTime,
})

export const sessionFormSchema = z.object({
  forumId: z.string().min(1).max(40),
  kind: z.enum(['OPENING', 'TALK', 'PANEL', 'BREAK', 'CLOSING', 'OTHER'], { errorMap: () => ({ message: 'validation.choice' }) }),
  titleZh: text(300),
  titleEn: text(300),
  startsAt: localTime,
  endsAt: localTime,
})

export const venueFormSchema = z.object({
  kind: z.enum(['MAIN', 'BRANCH'], { errorMap: () => ({ message: 'validation.choice' }) }),
  nameZh: text(200),
  nameEn: text(200),
  city: optionalText(100),
  capacity: optionalInt(1_000_000),
})

export const ticketTypeFormSchema = z.object({
  nameZh: text(200),
  nameEn: text(200),
  priceMember: money,
  priceNonMember: money,
  priceStudent: money,
  quota: optionalInt(1_000_000),
  requiresApproval: z.preprocess((v) => v === 'on' || v === 'true', z.boolean()),
})

export const decisionSchema = z.object({ registrationId: z.string().min(1).max(40), decision: z.enum(['approve', 'reject']) })
