import type { MediaConfig } from './config.ts'
import { WorkerPool, type WorkerPoolStatus } from './worker-pool.ts'

export type MediaServer = {
  pool: WorkerPool
  status: () => WorkerPoolStatus
  close: () => Promise<void>
}

/**
 * Starts the SFU's workers. server.ts calls this in-process by default
 * (MEDIA_SERVER=embedded); media-server/standalone.ts runs it as its own process.
 */
export async function startMediaServer(config: MediaConfig): Promise<MediaServer> {
  const pool = await WorkerPool.start(config)
  return { pool, status: () => pool.status(), close: () => pool.close() }
}
