import type http from 'node:http'
import { createAdapter as createClusterAdapter } from '@socket.io/cluster-adapter'
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
  /**
   * This process is one of several on the machine (Node's cluster module): without Redis,
   * the cluster adapter joins them through the primary. Only WebSocket is accepted then:
   * a long-polling session's requests would land on any process (decision 017E).
   */
  clustered?: boolean
  /** Which process of the machine this is ("web0", "media"): the start of each connection's id, so a log or a test can tell. */
  processLabel?: string
}

export type RealtimeAdapter = 'memory' | 'redis' | 'cluster'

/**
 * socket.io on the app's own HTTP server. With REDIS_URL set it uses the Redis adapter,
 * so several app or media processes share rooms, chat and counts (docs/architecture.md);
 * without Redis, the processes of one machine share them through the cluster adapter
 * (docs/process-layout.md).
 * A handshake whose Origin is another site's is refused with 403 before any namespace
 * sees it (app/domain/live-access.ts `isAllowedOrigin`), so a page elsewhere cannot ride
 * a visitor's login cookie into `/attendance` or open sockets in their name.
 */
export async function startRealtime(server: http.Server, options: RealtimeOptions) {
  const io = new Server(server, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    ...(options.clustered ? { transports: ['websocket' as const] } : {}),
    cors: options.corsOrigin ? { origin: options.corsOrigin, credentials: true } : undefined,
    allowRequest: (req, callback) => {
      const origin = req.headers.origin
      if (isAllowedOrigin(origin, { host: req.headers.host, publicUrl: options.publicUrl, anyPort: options.anyPort })) return callback(null, true)
      logger.info({ origin: origin?.slice(0, 200), ip: req.socket.remoteAddress }, 'socket.io handshake from another origin refused')
      callback('Origin not allowed', false)
    },
  })
  if (options.processLabel) {
    const generateId = io.engine.generateId.bind(io.engine)
    const label = options.processLabel
    io.engine.generateId = async (req) => `${label}-${await generateId(req)}`
  }
  let adapter: RealtimeAdapter = 'memory'
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
  } else if (options.clustered) {
    io.adapter(createClusterAdapter())
    adapter = 'cluster'
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
