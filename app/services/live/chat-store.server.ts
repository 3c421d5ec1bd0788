import type { ChatMessage, ChatStore } from '~/schemas/live-signalling.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'

export type { ChatStore }

const FLUSH_MS = 500
const MAX_BATCH = 1000

/**
 * The chat kept in PostgreSQL: messages are written in batches (a chat storm at a forum's
 * opening is one insert every half second, not one per message), deletions and mutes at once.
 */
export function createChatStore(db: Db): ChatStore {
  let queue: { forumId: string; message: ChatMessage }[] = []
  let flushing: Promise<void> = Promise.resolve()
  const flush = () => {
    if (queue.length === 0) return flushing
    const batch = queue.splice(0, MAX_BATCH)
    flushing = flushing.then(() =>
      db.chatMessage
        .createMany({
          data: batch.map(({ forumId, message }) => ({
            id: message.messageId,
            forumId,
            userId: message.userId,
            name: message.name,
            role: message.role,
            text: message.text,
            createdAt: new Date(message.at),
          })),
          skipDuplicates: true,
        })
        .then(
          () => undefined,
          (error: unknown) => logger.error({ err: error, messages: batch.length }, 'chat messages not stored'),
        ),
    )
    return flushing
  }
  const timer = setInterval(() => void flush(), FLUSH_MS)
  timer.unref()
  return {
    save(forumId, message) {
      queue.push({ forumId, message })
      if (queue.length >= MAX_BATCH) void flush()
    },
    async remove(forumId, messageId, byUserId) {
      // A message still waiting in the queue is dropped there; a stored one is marked.
      queue = queue.filter((q) => q.message.messageId !== messageId)
      await flush()
      await db.chatMessage.updateMany({ where: { id: messageId, forumId, deletedAt: null }, data: { deletedAt: new Date(), deletedById: byUserId } })
    },
    async setMuted(forumId, userId, muted, byUserId) {
      if (muted) await db.chatMute.upsert({ where: { forumId_userId: { forumId, userId } }, create: { forumId, userId, mutedById: byUserId }, update: { mutedById: byUserId } })
      else await db.chatMute.deleteMany({ where: { forumId, userId } })
    },
    async recent(forumId, limit) {
      await flush()
      const rows = await db.chatMessage.findMany({ where: { forumId, deletedAt: null }, orderBy: { createdAt: 'desc' }, take: limit })
      return rows.reverse().map((r) => ({ messageId: r.id, userId: r.userId, name: r.name, role: r.role as ChatMessage['role'], text: r.text, at: r.createdAt.toISOString() }))
    },
    async muted(forumId) {
      return (await db.chatMute.findMany({ where: { forumId }, select: { userId: true } })).map((m) => m.userId)
    },
    async stop() {
      clearInterval(timer)
      await flush()
    },
  }
}
