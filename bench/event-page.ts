// Event-page load cost, as a ratio to a SELECT 1 round trip measured in the same run.
// Usage: npx tsx bench/event-page.ts [iterations]
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { getEventPage } from '../app/services/events/get-event-page.server.ts'
import { createPrisma } from '../app/utils/db.server.ts'
import { startEmbeddedDb } from '../app/utils/embedded-db.server.ts'
import { migrate } from '../app/utils/migrate.server.ts'
import { seedDemoIfEmpty } from '../prisma/seed.ts'

const iterations = Number(process.argv[2] ?? 200)
let url = process.env.DATABASE_URL
let cleanup = async () => {}
if (!url) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cme-bench-'))
  const db = await startEmbeddedDb({ dataDir: dir, port: 54391, maxConnections: 10 })
  url = db.url
  cleanup = async () => {
    await db.stop()
    await rm(dir, { recursive: true, force: true })
  }
}
await migrate(url)
const prisma = createPrisma(url, 4)
await seedDemoIfEmpty(prisma)

async function time(label: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 20; i++) await fn() // warm-up
  const samples: number[] = []
  for (let i = 0; i < iterations; i++) {
    const t = performance.now()
    await fn()
    samples.push(performance.now() - t)
  }
  samples.sort((a, b) => a - b)
  const median = samples[Math.floor(samples.length / 2)]!
  const p95 = samples[Math.floor(samples.length * 0.95)]!
  console.log(`${label.padEnd(32)} median ${median.toFixed(2)} ms  p95 ${p95.toFixed(2)} ms`)
  return median
}

const baseline = await time('baseline: SELECT 1', () => prisma.$queryRaw`SELECT 1`)
const page = await time('event page (5 forums, 6 days)', () => getEventPage(prisma, 'high-altitude-medicine-forum-2026'))
console.log(`ratio event page / baseline: ${(page / baseline).toFixed(1)}x  (${iterations} iterations, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PostgreSQL'})`)
await prisma.$disconnect()
await cleanup()
