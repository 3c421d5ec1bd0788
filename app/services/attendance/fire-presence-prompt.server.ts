import type { Namespace } from 'socket.io'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { forumRoom, registrationOfRoom } from './attendance-rooms.server.ts'
import type { LedgerWriter } from './ledger-writer.server.ts'

export type PresencePromptToFire = { id: string; forumId: string; timeoutSec: number }

/**
 * Sends a presence prompt to every registration watching the forum now (on any node of the
 * attendance namespace `nsp`) and writes PRESENCE_PROMPT into each of their ledgers, so an
 * unanswered prompt becomes away time when minutes are derived.
 */
export async function firePresencePrompt(nsp: Namespace, db: Db, writer: LedgerWriter, prompt: PresencePromptToFire) {
  const sockets = await nsp.in(forumRoom(prompt.forumId)).fetchSockets()
  const registrations = new Set<string>()
  for (const s of sockets) {
    for (const room of s.rooms) {
      const registrationId = registrationOfRoom(room)
      if (registrationId) registrations.add(registrationId)
    }
  }
  const firedAt = new Date()
  for (const registrationId of registrations) {
    const nonce = `prompt:${prompt.id}`
    writer.append({ registrationId, forumId: prompt.forumId, kind: 'PRESENCE_PROMPT', source: 'LIVE', receivedAt: firedAt, clientAt: null, nonce, promptId: prompt.id })
  }
  nsp.to(forumRoom(prompt.forumId)).emit('presencePrompt', { promptId: prompt.id, forumId: prompt.forumId, timeoutSec: prompt.timeoutSec })
  await db.presencePrompt.update({ where: { id: prompt.id }, data: { firedAt, promptedCount: registrations.size } })
  logger.info({ forumId: prompt.forumId, promptId: prompt.id, prompted: registrations.size }, 'presence prompt fired')
  return { promptId: prompt.id, prompted: registrations.size }
}
