import http from 'node:http'
import { getEnv } from '../app/utils/env.server.ts'
import { logger } from '../app/utils/logger.server.ts'
import { mediaConfigFromEnv } from './config.ts'
import { startMediaServer } from './index.ts'

// The media server as its own process (MEDIA_SERVER=external on the app side).
// It answers /healthz on MEDIA_SERVER_PORT with the same mediasoup block as the app.
const env = getEnv()
const media = await startMediaServer(mediaConfigFromEnv(env))
const server = http.createServer((req, res) => {
  if (req.url === '/healthz') {
    const status = media.status()
    res.writeHead(status.workers > 0 ? 200 : 503, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ ok: status.workers > 0, mediasoup: status }))
    return
  }
  res.writeHead(404, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ ok: false, error: { code: 'not_found', message: 'Not found' } }))
})
server.listen(env.MEDIA_SERVER_PORT, env.HOST, () => logger.info({ port: env.MEDIA_SERVER_PORT }, 'media server listening'))

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close()
    void media.close().then(() => process.exit(0))
  })
}
