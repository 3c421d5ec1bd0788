import { EventEmitter } from 'node:events'
import * as mediasoup from 'mediasoup'
import type { types } from 'mediasoup'
import { logger } from '../app/utils/logger.server.ts'
import { portRangeFor, type MediaConfig } from './config.ts'

const log = logger.child({ component: 'media' })

export type WorkerPoolStatus = { workers: number; configured: number; version: string; restarts: number; pids: number[] }

/**
 * One mediasoup worker per core (configurable), handed out round-robin as in
 * mediasoup's demo. A worker that dies is replaced after a short back-off and the
 * pool emits `workerDied(index)` / `workerReplaced(index, worker)` so rooms can rebuild.
 */
export class WorkerPool extends EventEmitter<{ workerDied: [number]; workerReplaced: [number, types.Worker] }> {
  private readonly slots: (types.Worker | null)[]
  private nextIndex = 0
  private restarts = 0
  private consecutiveDeaths = 0
  private closed = false

  private constructor(private readonly config: MediaConfig) {
    super()
    this.slots = new Array(config.workers).fill(null)
  }

  static async start(config: MediaConfig): Promise<WorkerPool> {
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
    this.slots[index] = worker
    return worker
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
