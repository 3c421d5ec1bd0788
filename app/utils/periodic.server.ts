import { logger } from './logger.server.ts'

/**
 * Runs `task` every `everyMs` for the life of the process, never two runs at once, logging
 * (not throwing) failures. Returns a stop function. Used by the background loops that every
 * node runs and that coordinate through the database (FOR UPDATE SKIP LOCKED).
 */
export function runPeriodically(name: string, task: () => Promise<unknown>, everyMs: number, options: { immediately?: boolean } = {}): () => void {
  let running = false
  const tick = async () => {
    if (running) return
    running = true
    try {
      await task()
    } catch (error) {
      logger.error({ err: error, task: name }, 'background task failed')
    } finally {
      running = false
    }
  }
  const timer = setInterval(() => void tick(), everyMs)
  timer.unref()
  if (options.immediately) void tick()
  return () => clearInterval(timer)
}
