import { afterAll, beforeAll, expect, test } from 'vitest'
import { WorkerPool } from '../../media-server/worker-pool.ts'
import { mediaPorts } from '../helpers/media-ports.ts'

let pool: WorkerPool
beforeAll(async () => {
  pool = await WorkerPool.start({ workers: 2, logLevel: 'error', ...mediaPorts('worker-pool'), listenIp: '127.0.0.1', restartDelayMs: 100, maxRestartDelayMs: 1000 })
})
afterAll(() => pool.close())

test('starts the configured number of real mediasoup workers and hands them out round-robin', async () => {
  expect(pool.status()).toMatchObject({ workers: 2, configured: 2, version: '3.19.3' })
  const [a, b, c] = [pool.next(), pool.next(), pool.next()]
  expect(a.pid).not.toBe(b.pid)
  expect(c.pid).toBe(a.pid)
  // A worker that answers requests really runs: create a router on it.
  const router = await a.createRouter({ mediaCodecs: [{ kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 }] })
  expect(router.rtpCapabilities.codecs?.length).toBeGreaterThan(0)
  router.close()
})

test('replaces a worker that dies, and skips it while it is gone', async () => {
  const victim = pool.live()[0]!
  const replaced = new Promise<number>((resolve) => pool.once('workerReplaced', (_i, w) => resolve(w.pid)))
  process.kill(victim.pid, 'SIGKILL')
  await new Promise((r) => pool.once('workerDied', r))
  expect(pool.status().workers).toBe(1)
  expect(pool.next().pid).not.toBe(victim.pid)
  const newPid = await replaced
  expect(newPid).not.toBe(victim.pid)
  expect(pool.status()).toMatchObject({ workers: 2, restarts: 1 })
})
