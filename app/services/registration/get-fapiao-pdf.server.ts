import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * A fapiao's PDF for the attendee: theirs if they requested it, or if it is the fapiao of the
 * registration (or the group transfer) that is theirs. Staff of the event may fetch any.
 */
export async function getFapiaoPdf(db: Db, input: { requestId: string; userId: string; staff: boolean }) {
  const request = await db.fapiaoRequest.findUnique({
    where: { id: input.requestId },
    select: { pdf: true, invoiceNumber: true, requestedById: true, registration: { select: { userId: true } }, bankTransfer: { select: { registrations: { select: { userId: true } } } } },
  })
  const allowed =
    request && (input.staff || request.requestedById === input.userId || request.registration?.userId === input.userId || request.bankTransfer?.registrations.some((r) => r.userId === input.userId))
  if (!request || !allowed || !request.pdf) throw new AppError('not_found', 'No such fapiao')
  return { body: new Uint8Array(request.pdf), filename: `fapiao-${request.invoiceNumber ?? input.requestId}.pdf` }
}
