import { EventEmitter } from 'node:events'
import * as mediasoup from 'mediasoup'
import type { types } from 'mediasoup'
import { logger } from '../app/utils/logger.server.ts'
import { announcedAddressFor, portRangeFor, type MediaConfig } from './config.ts'

const log = logger.child({ component: 'media' })

/** What the pool needs of the media config (rooms need the rest). */
export type PoolConfig = Omit<MediaConfig, 'viewersPerRouter'>

export type WorkerPoolStatus = { workers: number; configured: number; version: string; restarts: number; pids: number[] }

/**
 * One mediasoup worker per core (configurable), handed out round-robin as in
 * mediasoup's demo. Each worker gets a WebRtcServer on `webRtcPort + index` (one UDP and
 * one TCP port), so browsers reach every transport of that worker on one port pair.
 * A worker that dies is replaced (same index, same ports) after a short back-off and the
 * pool emits `workerDied(index)` / `workerReplaced(index, worker)` so rooms can rebuild.
 */
export class WorkerPool extends EventEmitter<{ workerDied: [number]; workerReplaced: [number, types.Worker] }> {
  private readonly slots: (types.Worker | null)[]
  private readonly webRtcServers = new WeakMap<types.Worker, types.WebRtcServer>()
  private nextIndex = 0
  private restarts = 0
  private consecutiveDeaths = 0
  private closed = false

  private constructor(private readonly config: PoolConfig) {
    super()
    this.slots = new Array(config.workers).fill(null)
  }

  static async start(config: PoolConfig): Promise<WorkerPool> {
    const pool = new WorkerPool(config)
    await Promise.all(pool.slots.map((_, i) => pool.spawn(i)))
    log.info({ workers: config.workers, version: mediasoup.version }, 'mediasoup workers started')
    return pool
  }

  private async spawn(index: number): Promise<types.Worker> {
    const worker = await mediasoup.createWorker({
      logLevel: this.config.logLevel,
      ...portRangeFor(index, this.config.workers, this.config.rtcMinPort, this.config.rtcMaxPort),
      appData: { index },
    })
    worker.on('died', (error) => this.onDied(index, worker, error))
    if (this.config.webRtcPort !== undefined) {
      const port = this.config.webRtcPort + index
      const announcedAddress = announcedAddressFor(this.config)
      try {
        const server = await worker.createWebRtcServer({
          listenInfos: (['udp', 'tcp'] as const).map((protocol) => ({ protocol, ip: this.config.listenIp, announcedAddress, port })),
          appData: { index },
        })
        this.webRtcServers.set(worker, server)
      } catch (error) {
        worker.close()
        throw new Error(`mediasoup worker ${index} could not listen on port ${port} (UDP/TCP): ${(error as Error).message}`)
      }
    }
    this.slots[index] = worker
    return worker
  }

  /** The worker's WebRtcServer (every WebRtcTransport of the worker shares its ports). */
  webRtcServerOf(worker: types.Worker): types.WebRtcServer | undefined {
    return this.webRtcServers.get(worker)
  }

  /** The slot a worker occupies (stable across restarts: the replacement takes the same index). */
  indexOf(worker: types.Worker): number {
    return (worker.appData as { index: number }).index
  }

  private onDied(index: number, worker: types.Worker, error: Error) {
    if (this.slots[index] !== worker) return
    this.slots[index] = null
    this.consecutiveDeaths++
    log.error({ index, pid: worker.pid, err: error }, 'mediasoup worker died; replacing it')
    this.emit('workerDied', index)
    if (this.closed) return
    const delay = Math.min(this.config.restartDelayMs * 2 ** (this.consecutiveDeaths - 1), this.config.maxRestartDelayMs)
    setTimeout(() => void this.replace(index), delay).unref()
  }

  private async replace(index: number) {
    if (this.closed) return
    try {
      const worker = await this.spawn(index)
      this.restarts++
      this.consecutiveDeaths = 0
      log.warn({ index, pid: worker.pid }, 'mediasoup worker replaced')
      this.emit('workerReplaced', index, worker)
    } catch (error) {
      log.error({ index, err: error }, 'could not replace mediasoup worker; retrying')
      this.consecutiveDeaths++
      setTimeout(() => void this.replace(index), this.config.maxRestartDelayMs).unref()
    }
  }

  /** The next live worker, round-robin. */
  next(): types.Worker {
    for (let tries = 0; tries < this.slots.length; tries++) {
      const worker = this.slots[this.nextIndex]
      this.nextIndex = (this.nextIndex + 1) % this.slots.length
      if (worker && !worker.died && !worker.closed) return worker
    }
    throw new Error('no live mediasoup worker')
  }

  get size(): number {
    return this.slots.length
  }

  live(): types.Worker[] {
    return this.slots.filter((w): w is types.Worker => !!w && !w.died && !w.closed)
  }

  status(): WorkerPoolStatus {
    const live = this.live()
    return { workers: live.length, configured: this.slots.length, version: mediasoup.version, restarts: this.restarts, pids: live.map((w) => w.pid) }
  }

  async close() {
    this.closed = true
    for (const w of this.slots) w?.close()
    this.slots.fill(null)
  }
}
