import type { Db } from '~/utils/db.server.ts'

export type ForumStanding = {
  /**
   * Named a moderator of the forum: the assignment itself grants the console, whatever the
   * platform role (an attendee an association names to run a forum).
   */
  moderates: boolean
  /** A published replay of the forum is open now: inside its window, if it has one. */
  replayAvailable: boolean
}

/**
 * What the forum page asks of the database for each request, in one statement: whether the
 * visitor moderates the forum (never for an anonymous visitor) and whether its replay is open.
 * Two Prisma queries per signed-in page before (issue 16: the forum page's own cost).
 */
export async function getForumStanding(db: Db, input: { forumId: string; userId: string | null; now?: Date }): Promise<ForumStanding> {
  const now = input.now ?? new Date()
  const [row] = await db.$queryRaw<ForumStanding[]>`
    SELECT
      (${input.userId}::text IS NOT NULL AND EXISTS (
        SELECT 1 FROM "ForumModerator" m WHERE m."forumId" = ${input.forumId} AND m."userId" = ${input.userId}::text
      )) AS "moderates",
      EXISTS (
        SELECT 1 FROM "Replay" r
        WHERE r."forumId" = ${input.forumId} AND r."published"
          AND (r."availableFrom" IS NULL OR r."availableFrom" <= ${now})
          AND (r."availableUntil" IS NULL OR r."availableUntil" > ${now})
      ) AS "replayAvailable"`
  return { moderates: Boolean(row?.moderates), replayAvailable: Boolean(row?.replayAvailable) }
}
