import type { EventTopic } from '~/domain/event-topics.ts'
import { zonedTimeToUtc } from '~/domain/time.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import type { z } from 'zod'
import type { eventFormSchema } from '~/schemas/staff.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { forgetEventPage } from '~/utils/event-page-cache.server.ts'

/** The form's fields; without `topics` (a caller that does not edit them) the event's topics are kept. */
export type EventForm = Omit<z.infer<typeof eventFormSchema>, 'topics'> & { topics?: EventTopic[] }

/** Turns a pair of local form times into a valid [start, end) range in the zone. */
export function rangeIn(startsAt: string, endsAt: string, timeZone: string) {
  const start = zonedTimeToUtc(startsAt, timeZone)
  const end = zonedTimeToUtc(endsAt, timeZone)
  if (!start || !end) throw new AppError('validation_failed', 'Invalid date', { fields: { startsAt: 'validation.dateTime' } })
  if (end.getTime() <= start.getTime()) throw new AppError('validation_failed', 'End before start', { fields: { endsAt: 'validation.endBeforeStart' } })
  return { startsAt: start, endsAt: end }
}

/** Creates (DRAFT) or updates an event and its topics; the slug is unique. */
export async function saveEvent(db: Db, input: { eventId?: string; form: EventForm }, ctx: AuditContext) {
  const { slug, titleZh, titleEn, summaryZh, summaryEn, timeZone, topics } = input.form
  const data = { slug, titleZh, titleEn, summaryZh, summaryEn, timeZone, ...(topics ? { topics } : {}), ...rangeIn(input.form.startsAt, input.form.endsAt, timeZone) }
  try {
    const event = await db.$transaction(async (tx) => {
      const before = input.eventId ? await tx.event.findUnique({ where: { id: input.eventId }, select: { slug: true } }) : null
      if (input.eventId && !before) throw new AppError('not_found', 'No such event')
      const row = input.eventId ? await tx.event.update({ where: { id: input.eventId }, data }) : await tx.event.create({ data })
      await writeAudit(tx, input.eventId ? 'event.updated' : 'event.created', { eventId: row.id, topics: row.topics }, ctx)
      if (before) forgetEventPage(before.slug)
      return row
    })
    forgetEventPage(event.slug)
    return event
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError('conflict', 'Slug in use', { fields: { slug: 'validation.slugTaken' } })
    }
    throw error
  }
}

export async function setEventStatus(db: Db, eventId: string, status: 'DRAFT' | 'PUBLISHED', ctx: AuditContext) {
  const event = await db.event.update({ where: { id: eventId }, data: { status } }).catch(() => {
    throw new AppError('not_found', 'No such event')
  })
  await writeAudit(db, status === 'PUBLISHED' ? 'event.published' : 'event.unpublished', { eventId }, ctx)
  forgetEventPage(event.slug)
  return event
}
