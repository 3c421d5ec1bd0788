// The server side of bench/attendance-ingest.ts, in its own process so that its memory per
// connection is measured apart from the load generator: an HTTP server with socket.io as
// the app configures it (startRealtime), the batched LedgerWriter and the /attendance
// namespace, exactly as server.ts wires them. Not meant to be run by hand: the orchestrator
// forks it with DATABASE_URL, SESSION_SECRET and LEDGER_FLUSH_MS set, and drives it over IPC.
//
// Besides the real events it answers `echo` on the same authenticated sockets (the same-run
// baseline: socket.io's own round trip, no validation and no database).
import { readdirSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { attachAttendance } from '../app/realtime/attendance.server.ts'
import { getDb } from '../app/utils/db.server.ts'
import { getEnv } from '../app/utils/env.server.ts'
import { LedgerWriter } from '../app/services/attendance/ledger-writer.server.ts'
import { startRealtime } from '../app/utils/realtime.server.ts'
import type { ServerStats } from './attendance-ingest-shared.ts'

const env = getEnv()
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})
const db = getDb()
await db.$queryRaw`SELECT 1` // open the pool before the first handshake

const httpServer = http.createServer()
const realtime = await startRealtime(httpServer, {})
const writer = new LedgerWriter(db, { flushMs: env.LEDGER_FLUSH_MS, maxBatch: 2000 }).start()
const nsp = attachAttendance(realtime.io, db, writer, { heartbeatSec: env.ATTENDANCE_HEARTBEAT_SEC, presenceTimeoutSec: env.PRESENCE_TIMEOUT_SEC })
nsp.on('connection', (socket) => socket.on('echo', (payload: unknown, ack: unknown) => typeof ack === 'function' && ack(payload)))

const loopDelay = monitorEventLoopDelay({ resolution: 10 })
loopDelay.enable()
await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve))

function stats(): ServerStats {
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage()
  const cpu = process.cpuUsage()
  const ms = (ns: number) => ns / 1e6
  return {
    pid: process.pid,
    mem: { rss, heapUsed, heapTotal, external, arrayBuffers },
    cpuMicros: cpu.user + cpu.system,
    fds: readdirSync('/proc/self/fd').length,
    sockets: nsp.sockets.size,
    loopDelay: { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) },
    writer: writer.getStats(),
  }
}

type Request = { id: number; type: 'stats' | 'settle' | 'reset-loop-delay' | 'stop' }
process.on('message', async (request: Request) => {
  const answer = (body: unknown) => process.send!({ id: request.id, body })
  switch (request.type) {
    case 'stats':
      return answer(stats())
    case 'settle':
      // Memory is read after full collections, once RSS has stopped moving, so that it counts
      // what the sockets keep, not garbage nor pages the allocator has yet to give back.
      for (let i = 0, last = 0; i < 20; i++) {
        gc()
        await new Promise((r) => setTimeout(r, 250))
        const rss = process.memoryUsage().rss
        if (i >= 2 && Math.abs(rss - last) < rss * 0.002) break
        last = rss
      }
      return answer(stats())
    case 'reset-loop-delay':
      loopDelay.reset()
      return answer(null)
    case 'stop': {
      await realtime.close()
      await writer.stop() // the final flush: everything acked is written before the rows are counted
      const final = { ...stats(), stoppedAt: Date.now() }
      await db.$disconnect()
      await new Promise((r) => httpServer.close(r))
      answer(final)
      return setTimeout(() => process.exit(0), 50)
    }
  }
})
// The orchestrator went away: leave nothing behind.
process.on('disconnect', () => process.exit(0))
process.send!({ type: 'ready', port: (httpServer.address() as AddressInfo).port, stats: stats() })
