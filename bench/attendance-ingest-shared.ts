// Pieces shared by the attendance-ingest bench's three processes: the orchestrator
// (attendance-ingest.ts), the server (attendance-ingest-server.ts) and the load-generator
// workers (attendance-ingest-client.ts). They talk over Node's IPC channel.
import { readFileSync } from 'node:fs'

/**
 * Latency histogram with log buckets 1 % wide from 0.01 ms to ~10 min: small enough to send
 * over IPC and merge, precise enough for p50/p99. Stored sparsely (bucket → count).
 */
export class Histogram {
  counts = new Map<number, number>()
  total = 0
  max = 0
  private static readonly base = Math.log(1.01)

  record(ms: number) {
    const bucket = ms <= 0.01 ? 0 : Math.floor(Math.log(ms / 0.01) / Histogram.base) + 1
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + 1)
    this.total++
    if (ms > this.max) this.max = ms
  }

  merge(other: SerialHistogram) {
    for (const [bucket, count] of other.counts) this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + count)
    this.total += other.total
    this.max = Math.max(this.max, other.max)
  }

  /** The upper edge of the bucket holding the q-th sample (so never optimistic by more than 1 %). */
  quantile(q: number): number {
    if (this.total === 0) return Number.NaN
    const rank = Math.ceil(q * this.total)
    let seen = 0
    for (const bucket of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(bucket)!
      if (seen >= rank) return Math.min(this.max, bucket === 0 ? 0.01 : 0.01 * 1.01 ** bucket)
    }
    return this.max
  }

  toJSON(): SerialHistogram {
    return { counts: [...this.counts], total: this.total, max: this.max }
  }
}
export type SerialHistogram = { counts: [number, number][]; total: number; max: number }

export type MemorySample = { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number }

/** Server → orchestrator. */
export type ServerStats = {
  pid: number
  mem: MemorySample
  cpuMicros: number
  fds: number
  sockets: number
  loopDelay: { p50: number; p99: number; max: number }
  writer: { accepted: number; written: number; duplicates: number; pending: number; flushes: number; failures: number; lastFlushMs: number }
}

/** Worker → orchestrator, once its sockets are open (or failed). */
export type ConnectReport = {
  cpuMicros: number
  connected: number
  failed: number
  failures: Record<string, number>
  ms: number
  connect: SerialHistogram
  hello: SerialHistogram
  join: SerialHistogram
}

/** Worker → orchestrator, after the steady phase and once every ack has come back or timed out. */
export type RunReport = {
  sent: number
  ok: number
  rejected: Record<string, number>
  timedOut: number
  latency: SerialHistogram
  echoSent: number
  echoOk: number
  echoTimedOut: number
  echo: SerialHistogram
  disconnects: Record<string, number>
  cpuMicros: number
  rss: number
  loopDelayP99: number
}

/** The per-process open-files limit (soft, hard); children get soft raised to hard where allowed. */
export function openFilesLimit(): { soft: number; hard: number } {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'))
  const [soft, hard] = (line?.match(/(\d+|unlimited)\s+(\d+|unlimited)/)?.slice(1) ?? []).map((v) => (v === 'unlimited' ? Infinity : Number(v)))
  return { soft: soft ?? 1024, hard: hard ?? 1024 }
}

export function ephemeralPorts(): number {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number)
    return high! - low! + 1
  } catch {
    return 28_232
  }
}
