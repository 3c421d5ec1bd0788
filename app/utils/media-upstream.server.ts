import type http from 'node:http'
import net from 'node:net'
import type { Duplex } from 'node:stream'
import { isMediaSocketRequest } from '~/domain/process-layout.ts'
import { logger } from './logger.server.ts'

type UpgradeListener = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void

/**
 * With several HTTP processes, the media server (mediasoup + `/media`) runs in one process of
 * its own, on a loopback port (docs/process-layout.md). Browsers still open the stage's socket
 * on the app's own port: each HTTP process passes those WebSocket requests (marked by
 * MEDIA_SOCKET_QUERY) through to the media process unchanged, Origin and Host included, so the
 * media process checks them as it would its own. Everything else goes to the listeners that
 * were there before (socket.io's own). Call after socket.io is attached.
 */
export function routeMediaUpgrades(server: http.Server, upstream: { host: string; port: number }): void {
  const others = server.listeners('upgrade') as UpgradeListener[]
  server.removeAllListeners('upgrade')
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!isMediaSocketRequest(req.url)) {
      for (const listener of others) listener.call(server, req, socket, head)
      return
    }
    const media = net.connect(upstream.port, upstream.host)
    const fail = (error?: Error) => {
      if (error) logger.warn({ err: error }, 'media socket not passed through')
      socket.destroy()
      media.destroy()
    }
    media.once('error', fail)
    socket.once('error', () => fail())
    media.once('connect', () => {
      media.setNoDelay(true)
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`]
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`)
      media.write(`${lines.join('\r\n')}\r\n\r\n`)
      if (head.length > 0) media.write(head)
      socket.pipe(media).pipe(socket)
      media.once('close', () => socket.destroy())
      socket.once('close', () => media.destroy())
    })
  })
}
