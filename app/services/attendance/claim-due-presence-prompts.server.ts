import type { Db } from '~/utils/db.server.ts'
import type { PresencePromptToFire } from './fire-presence-prompt.server.ts'

/**
 * Claims up to 20 planned presence prompts that have come due, marking them fired. Each is
 * claimed with FOR UPDATE SKIP LOCKED, so with several nodes exactly one fires it.
 */
export async function claimDuePresencePrompts(db: Db): Promise<PresencePromptToFire[]> {
  return db.$queryRaw<PresencePromptToFire[]>`
    UPDATE "PresencePrompt" SET "firedAt" = now(), "updatedAt" = now()
    WHERE "id" IN (
      SELECT "id" FROM "PresencePrompt" WHERE "firedAt" IS NULL AND "dueAt" <= now()
      ORDER BY "dueAt" LIMIT 20 FOR UPDATE SKIP LOCKED
    )
    RETURNING "id", "forumId", "timeoutSec"`
}
