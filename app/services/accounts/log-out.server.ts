import type { Db } from '~/utils/db.server.ts'

/** Deletes the LoginSession row, so the cookie is dead even if someone kept a copy. */
export async function logOut(db: Db, sessionId: string | undefined) {
  if (!sessionId) return
  await db.loginSession.deleteMany({ where: { id: sessionId } })
}
