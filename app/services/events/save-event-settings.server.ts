import type { z } from 'zod'
import type { eventSettingsSchema } from '~/schemas/staff.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { forgetEventPage } from '~/utils/event-page-cache.server.ts'

/** Payment methods offered at Stripe Checkout, the currency, and the registration questions. */
export async function saveEventSettings(db: Db, eventId: string, settings: z.infer<typeof eventSettingsSchema>, ctx: AuditContext) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { slug: true, currency: true, _count: { select: { registrations: true } } } })
  if (!event) throw new AppError('not_found', 'No such event')
  // Amounts already charged are in the old currency; changing it afterwards would misstate them.
  if (settings.currency !== event.currency && event._count.registrations > 0) {
    throw new AppError('conflict', 'Currency is fixed once people have registered', { fields: { currency: 'validation.currencyLocked' } })
  }
  await db.$transaction(async (tx) => {
    await tx.event.update({ where: { id: eventId }, data: { paymentMethods: settings.paymentMethods, currency: settings.currency, registrationQuestions: settings.registrationQuestions } })
    await writeAudit(tx, 'event.settings_saved', { eventId, paymentMethods: settings.paymentMethods, currency: settings.currency, questions: settings.registrationQuestions.length }, ctx)
  })
  forgetEventPage(event.slug)
}
