import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'

/** A registration's student card, for staff of its event: the bytes and the type sniffed at upload. */
export async function getStudentCard(db: Db, input: { eventId: string; registrationId: string }) {
  const card = await db.studentCard.findFirst({
    where: { registrationId: input.registrationId, registration: { eventId: input.eventId } },
    select: { contentType: true, bytes: true },
  })
  if (!card) throw new AppError('not_found', 'No student card for this registration')
  const extension = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'application/pdf': 'pdf' }[card.contentType] ?? 'bin'
  return { contentType: card.contentType, body: card.bytes, filename: `student-card-${input.registrationId}.${extension}` }
}
