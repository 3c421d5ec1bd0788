import type { Db } from '~/utils/db.server.ts'

/** The signed-in user's registration for an event, if any: what their event page links to (ticket, own calendar). */
export async function findMyRegistration(db: Db, input: { eventId: string; userId: string }) {
  return db.registration.findUnique({
    where: { eventId_userId: { eventId: input.eventId, userId: input.userId } },
    select: { id: true, status: true },
  })
}
