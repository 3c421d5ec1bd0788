import http from 'node:http'
import { getEnv } from '../app/utils/env.server.ts'
import { logger } from '../app/utils/logger.server.ts'
import { startRealtime } from '../app/utils/realtime.server.ts'
import { mediaTokenSecret } from '../app/utils/secrets.server.ts'
import { mediaConfigFromEnv } from './config.ts'
import { startMediaServer } from './index.ts'
import { startBroadcasterFromEnv } from './broadcast/index.ts'
import { attachMediaSignalling } from './signalling/index.ts'

// The media server as its own process (MEDIA_SERVER=external on the app side): the
// mediasoup workers and the `/media` signalling namespace on MEDIA_SERVER_PORT, and
// /healthz with the same mediasoup block as the app. It needs no database: the app signs
// the join tokens (same MEDIA_TOKEN_SECRET on both) and browsers connect here directly,
// at MEDIA_PUBLIC_URL as the app tells them. With REDIS_URL it shares chat and viewer
// counts with the other media processes.
const env = getEnv()
const config = mediaConfigFromEnv(env)
const media = await startMediaServer(config)
const server = http.createServer((req, res) => {
  if (req.url === '/healthz') {
    const status = media.status()
    // The app compares the WebRTC viewers with its capacity to send further viewers to HLS.
    void signalling.rooms.viewerTotal().then((webrtcViewers) => {
      res.writeHead(status.workers > 0 ? 200 : 503, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ ok: status.workers > 0, mediasoup: status, webrtcViewers }))
    })
    return
  }
  // socket.io answers its own path; anything else is not ours.
  if (req.url?.startsWith('/socket.io')) return
  res.writeHead(404, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ ok: false, error: { code: 'not_found', message: 'Not found' } }))
})
// Browsers come from the app's pages (PUBLIC_URL; without it, the same host name on the app's port).
const realtime = await startRealtime(server, { redisUrl: env.REDIS_URL, corsOrigin: env.PUBLIC_URL, publicUrl: env.PUBLIC_URL, anyPort: true })
const signalling = attachMediaSignalling(realtime.io, { pool: media.pool, config, tokenSecret: mediaTokenSecret })
// Live forums are broadcast (HLS) and recorded under RECORDINGS_DIR, beside their rooms (BROADCAST=off: not at all).
const broadcaster = startBroadcasterFromEnv(signalling.rooms, env)
server.listen(env.MEDIA_SERVER_PORT, env.HOST, () => logger.info({ port: env.MEDIA_SERVER_PORT, adapter: realtime.adapter }, 'media server listening'))

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void (async () => {
      await broadcaster?.close()
      await signalling.close()
      await realtime.close() // closes the HTTP server as well
      await media.close()
      process.exit(0)
    })()
  })
}
