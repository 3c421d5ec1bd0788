import type http from 'node:http'
import { createAdapter } from '@socket.io/redis-adapter'
import { createClient } from 'redis'
import { Server } from 'socket.io'
import { logger } from './logger.server.ts'

/**
 * socket.io on the app's own HTTP server. With REDIS_URL set it uses the Redis adapter,
 * so several app or media processes share rooms, chat and counts (docs/architecture.md).
 */
export async function startRealtime(server: http.Server, options: { redisUrl?: string; corsOrigin?: string }) {
  const io = new Server(server, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    cors: options.corsOrigin ? { origin: options.corsOrigin, credentials: true } : undefined,
  })
  let adapter: 'memory' | 'redis' = 'memory'
  const clients: { quit: () => Promise<unknown> }[] = []
  if (options.redisUrl) {
    const pub = createClient({ url: options.redisUrl })
    const sub = pub.duplicate()
    for (const c of [pub, sub]) c.on('error', (err: Error) => logger.error({ err }, 'redis error'))
    try {
      await Promise.all([pub.connect(), sub.connect()])
    } catch (error) {
      throw new Error(`Could not reach Redis at REDIS_URL (${(error as Error).message}). Start Redis, or unset REDIS_URL to run a single node.`)
    }
    io.adapter(createAdapter(pub, sub))
    clients.push(pub, sub)
    adapter = 'redis'
  }
  logger.info({ adapter }, 'realtime ready')
  return {
    io,
    adapter,
    close: async () => {
      await new Promise<void>((resolve) => io.close(() => resolve()))
      await Promise.allSettled(clients.map((c) => c.quit()))
    },
  }
}
