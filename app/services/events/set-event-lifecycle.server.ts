import { z } from 'zod'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { forgetEventPage } from '~/utils/event-page-cache.server.ts'

export const LIFECYCLE_MODES = ['auto', 'OPEN', 'ENDED', 'ARCHIVED'] as const
export const lifecycleModeSchema = z.object({ mode: z.enum(LIFECYCLE_MODES, { errorMap: () => ({ message: 'validation.choice' }) }) })

/**
 * Staff override of a published event's lifecycle (app/domain/event-lifecycle.ts): automatic
 * (dates and live status), kept open past its dates, ended now, or archived (its pages stay up,
 * read-only). A draft is published first. Audited; the event page forgets its cached copy.
 */
export async function setEventLifecycle(db: Db, eventId: string, mode: (typeof LIFECYCLE_MODES)[number], ctx: AuditContext) {
  return db.$transaction(async (tx) => {
    const event = await tx.event.findUnique({ where: { id: eventId }, select: { slug: true, status: true, lifecycleOverride: true } })
    if (!event) throw new AppError('not_found', 'No such event')
    if (event.status === 'DRAFT') throw new AppError('conflict', 'Publish the event first', { fields: { mode: 'staff.lifecycle.draftFirst' } })
    const status = mode === 'ARCHIVED' ? 'ARCHIVED' : 'PUBLISHED'
    const lifecycleOverride = mode === 'OPEN' || mode === 'ENDED' ? mode : null
    await tx.event.update({ where: { id: eventId }, data: { status, lifecycleOverride } })
    await writeAudit(tx, 'event.lifecycle_set', { eventId, from: { status: event.status, override: event.lifecycleOverride }, to: { status, override: lifecycleOverride } }, ctx)
    forgetEventPage(event.slug)
    return { status, lifecycleOverride }
  })
}
