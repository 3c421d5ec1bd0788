import type { Db } from '~/utils/db.server.ts'
import { endSession } from './create-login-session.server.ts'

/** Deletes the LoginSession row, so the cookie is dead even if someone kept a copy. */
export async function logOut(db: Db, sessionId: string | undefined) {
  await endSession(db, sessionId)
}
