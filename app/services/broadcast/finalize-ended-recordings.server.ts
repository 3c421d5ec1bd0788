import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { finalizeRecording, type FinalizeOutcome } from './finalize-recording.server.ts'

/**
 * The finaliser's sweep: every recording still RECORDING whose forum has ended gets its
 * replay made (or is left `waiting` for the broadcaster's EXT-X-ENDLIST a little longer).
 * Runs on a short timer, so a forum's replay is ready within seconds of its end, and a crash
 * anywhere between the end and the replay is finished by the next run.
 */
export async function finalizeEndedRecordings(
  db: Db,
  input: { recordingsDir: string; onFinalized?: (forum: { forumId: string; eventSlug: string }) => void },
  now = new Date(),
): Promise<Record<FinalizeOutcome, number>> {
  const due = await db.recording.findMany({
    where: { status: 'RECORDING', forum: { liveStatus: 'ENDED' } },
    select: { id: true, forumId: true, forum: { select: { event: { select: { slug: true } } } } },
    take: 50,
  })
  const counts: Record<FinalizeOutcome, number> = { finalized: 0, waiting: 0, not_ended: 0, already: 0 }
  for (const { id, forumId, forum } of due) {
    try {
      const outcome = await finalizeRecording(db, { recordingId: id, recordingsDir: input.recordingsDir }, now)
      counts[outcome]++
      // The forum's pages now say "not yet published" or "no replay" instead of "being prepared".
      if (outcome === 'finalized') input.onFinalized?.({ forumId, eventSlug: forum.event.slug })
    } catch (error) {
      logger.error({ err: error, recordingId: id }, 'recording not finalised; retried on the next sweep')
    }
  }
  return counts
}
