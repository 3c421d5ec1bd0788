import type PgBoss from 'pg-boss'
import { logger } from './logger.server.ts'

const DEADLOCK = '40P01'

/**
 * Creates the pg-boss queues that are missing. Creating a queue takes table locks, so two nodes
 * (or two servers on one database) starting at the same moment can deadlock in PostgreSQL; the
 * loser retries after a short random pause and then finds the queue there. Other errors throw.
 */
export async function ensurePgBossQueues(boss: PgBoss, names: readonly string[], attempts = 6): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const existing = new Set((await boss.getQueues()).map((q) => q.name))
      for (const name of names) if (!existing.has(name)) await boss.createQueue(name)
      return
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK || attempt >= attempts) throw error
      logger.warn({ attempt, queues: names }, 'pg-boss queue creation deadlocked with another process; retrying')
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200 * attempt))
    }
  }
}
