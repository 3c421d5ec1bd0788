import type http from 'node:http'
import { createAdapter } from '@socket.io/redis-adapter'
import { createClient } from 'redis'
import { Server } from 'socket.io'
import { isAllowedOrigin } from '~/domain/live-access.ts'
import { logger } from './logger.server.ts'

export type RealtimeOptions = {
  redisUrl?: string
  corsOrigin?: string
  /** PUBLIC_URL: a browser page must come from this origin. Unset: from the host the request was sent to. */
  publicUrl?: string
  /** A media server on its own port: without PUBLIC_URL, pages of the same host name on any port may connect. */
  anyPort?: boolean
  /** The Redis adapter's channel prefix (tests keep their runs apart with it). */
  adapterKey?: string
}

/**
 * socket.io on the app's own HTTP server. With REDIS_URL set it uses the Redis adapter,
 * so several app or media processes share rooms, chat and counts (docs/architecture.md).
 * A handshake whose Origin is another site's is refused with 403 before any namespace
 * sees it (app/domain/live-access.ts `isAllowedOrigin`), so a page elsewhere cannot ride
 * a visitor's login cookie into `/attendance` or open sockets in their name.
 */
export async function startRealtime(server: http.Server, options: RealtimeOptions) {
  const io = new Server(server, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    cors: options.corsOrigin ? { origin: options.corsOrigin, credentials: true } : undefined,
    allowRequest: (req, callback) => {
      const origin = req.headers.origin
      if (isAllowedOrigin(origin, { host: req.headers.host, publicUrl: options.publicUrl, anyPort: options.anyPort })) return callback(null, true)
      logger.info({ origin: origin?.slice(0, 200), ip: req.socket.remoteAddress }, 'socket.io handshake from another origin refused')
      callback('Origin not allowed', false)
    },
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
    io.adapter(createAdapter(pub, sub, options.adapterKey ? { key: options.adapterKey } : {}))
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
