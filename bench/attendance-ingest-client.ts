// One load-generator process of bench/attendance-ingest.ts: it holds a slice of the
// simulated attendees, each a socket.io-client connection over WebSocket with its own login
// cookie, as a player would: `hello` {forumId}, JOIN, then a HEARTBEAT every `intervalMs`
// (random phase) and, half an interval later, an `echo` (the baseline). Driven over IPC.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { io, type Socket } from 'socket.io-client'
import { Histogram, type ConnectReport, type RunReport } from './attendance-ingest-shared.ts'

type Connect = { type: 'connect'; worker: number; urls: string[]; cookies: string[]; forumId: string; concurrency: number; ackTimeoutMs: number }
type Run = { type: 'run'; startAt: number; seconds: number; intervalMs: number }
type Message = Connect | Run | { type: 'close' }

let setup: Connect
const clients: { socket: Socket; index: number }[] = []
const disconnects: Record<string, number> = {}
let running = false
const loopDelay = monitorEventLoopDelay({ resolution: 10 })
type Ramp = { connect: Histogram; hello: Histogram; join: Histogram }

const bump = (table: Record<string, number>, key: string) => (table[key] = (table[key] ?? 0) + 1)
const nonceFor = (index: number, seq: number) => `bench-${setup.worker}-${index}-${seq}`

async function openOne(index: number, url: string, cookie: string, ramp: Ramp, failures: Record<string, number>) {
  let started = performance.now()
  const socket = io(`${url}/attendance`, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false, forceNew: true, timeout: 60_000 })
  const error = await new Promise<string | null>((resolve) => {
    socket.once('connect', () => resolve(null))
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) => resolve(err.data?.code ?? err.message))
  })
  if (error) {
    socket.close()
    bump(failures, `connect: ${error}`)
    return false
  }
  ramp.connect.record(performance.now() - started)
  try {
    started = performance.now()
    const hello = (await socket.timeout(setup.ackTimeoutMs).emitWithAck('hello', { forumId: setup.forumId })) as { ok: boolean; error?: { code: string } }
    if (!hello.ok) throw new Error(hello.error?.code)
    ramp.hello.record(performance.now() - started)
    started = performance.now()
    const reply = (await socket.timeout(setup.ackTimeoutMs).emitWithAck('attendance', { kind: 'JOIN', forumId: setup.forumId, nonce: nonceFor(index, 0), clientAt: new Date().toISOString() })) as {
      ok: boolean
      error?: { code: string }
    }
    if (!reply.ok) throw new Error(`JOIN ${reply.error?.code}`)
    ramp.join.record(performance.now() - started)
  } catch (err) {
    socket.close()
    bump(failures, `hello/JOIN: ${(err as Error).message}`)
    return false
  }
  socket.on('disconnect', (reason) => running && bump(disconnects, reason))
  clients.push({ socket, index })
  return true
}

async function connectAll(message: Connect): Promise<ConnectReport> {
  setup = message
  const started = performance.now()
  const cpuBefore = process.cpuUsage()
  const ramp: Ramp = { connect: new Histogram(), hello: new Histogram(), join: new Histogram() }
  const failures: Record<string, number> = {}
  let next = 0
  let connected = 0
  // A bounded number of handshakes in flight, as a crowd arriving, not a SYN flood.
  const lane = async () => {
    while (next < message.cookies.length) {
      const index = next++
      if (await openOne(index, message.urls[index % message.urls.length]!, message.cookies[index]!, ramp, failures)) connected++
    }
  }
  await Promise.all(Array.from({ length: message.concurrency }, lane))
  const failed = message.cookies.length - connected
  const cpu = process.cpuUsage(cpuBefore)
  return { cpuMicros: cpu.user + cpu.system, connected, failed, failures, ms: performance.now() - started, connect: ramp.connect.toJSON(), hello: ramp.hello.toJSON(), join: ramp.join.toJSON() }
}

async function run({ startAt, seconds, intervalMs }: Run): Promise<RunReport> {
  const endAt = startAt + seconds * 1000
  const latency = new Histogram()
  const echo = new Histogram()
  const report = { sent: 0, ok: 0, rejected: {} as Record<string, number>, timedOut: 0, echoSent: 0, echoOk: 0, echoTimedOut: 0 }
  let inFlight = 0
  let settled: () => void = () => {}
  const done = new Promise<void>((resolve) => (settled = resolve))
  let scheduled = 0
  const finishOne = () => {
    inFlight--
    if (inFlight === 0 && scheduled === 0) settled()
  }
  const cpuBefore = process.cpuUsage()
  loopDelay.enable()
  running = true

  /** Calls `fire` at `at`, then every interval until the end of the run. */
  const every = (at: number, fire: () => void) => {
    if (at >= endAt) return
    scheduled++
    setTimeout(() => {
      scheduled--
      fire()
      every(at + intervalMs, fire)
      if (inFlight === 0 && scheduled === 0) settled()
    }, at - Date.now())
  }
  for (const { socket, index } of clients) {
    const phase = Math.random() * intervalMs
    let seq = 1
    every(startAt + phase, () => {
      if (!socket.connected) return
      const started = performance.now()
      report.sent++
      inFlight++
      const message = { kind: 'HEARTBEAT', forumId: setup.forumId, nonce: nonceFor(index, seq++), clientAt: new Date().toISOString() }
      socket.timeout(setup.ackTimeoutMs).emit('attendance', message, (err: Error | null, reply: { ok: boolean; error?: { code: string } }) => {
        if (err) report.timedOut++
        else if (reply.ok) {
          report.ok++
          latency.record(performance.now() - started)
        } else bump(report.rejected, reply.error?.code ?? 'unknown')
        finishOne()
      })
    })
    every(startAt + ((phase + intervalMs / 2) % intervalMs), () => {
      if (!socket.connected) return
      const started = performance.now()
      report.echoSent++
      inFlight++
      socket.timeout(setup.ackTimeoutMs).emit('echo', { index }, (err: Error | null) => {
        if (err) report.echoTimedOut++
        else {
          report.echoOk++
          echo.record(performance.now() - started)
        }
        finishOne()
      })
    })
  }
  if (scheduled === 0) settled()
  await done
  running = false
  loopDelay.disable()
  const cpu = process.cpuUsage(cpuBefore)
  return {
    ...report,
    latency: latency.toJSON(),
    echo: echo.toJSON(),
    disconnects,
    cpuMicros: cpu.user + cpu.system,
    rss: process.memoryUsage().rss,
    loopDelayP99: loopDelay.percentile(99) / 1e6,
  }
}

process.on('message', async (message: Message) => {
  if (message.type === 'connect') process.send!({ type: 'connected', report: await connectAll(message) })
  else if (message.type === 'run') process.send!({ type: 'ran', report: await run(message) })
  else if (message.type === 'close') {
    for (const { socket } of clients) socket.close()
    setTimeout(() => process.exit(0), 200)
  }
})
process.on('disconnect', () => process.exit(0))
process.send!({ type: 'ready' })
