/**
 * Issue 17's concurrency probe against `npm start`'s embedded default database:
 * N signed-in users for S seconds mixing page reads, profile writes (read back from the
 * page), a registration and exam answers. Prints the request count, statuses, latency and
 * what the database holds against what was acknowledged.
 *
 *   npm run build && npx tsx bench/concurrency-probe.ts [users=16] [seconds=60]
 *
 * Exits 1 on any 500, any redirect to /login a valid session should not get, or any
 * acknowledged write the database does not hold.
 */
import { rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { mkdtemp } from 'node:fs/promises'
import { compareAcked, createProbeUsers, embeddedStartMs, newAcked, newTally, percentile, probeDb, probeFixture, runProbeUser, startEmbeddedServer } from '../tests/helpers/load-probe.ts'

const users = Number(process.argv[2] ?? 16)
const seconds = Number(process.argv[3] ?? 60)

const folder = await mkdtemp(path.join(os.tmpdir(), 'cme-probe-'))
const server = await startEmbeddedServer(path.join(folder, 'postgres'))
const db = await probeDb(server)
let failed = false
try {
  const fixture = await probeFixture(db)
  const accounts = await createProbeUsers(db, users, `bench${Date.now()}`)
  const tally = newTally()
  const acked = newAcked()
  const until = Date.now() + seconds * 1000
  await Promise.all(accounts.map((u, i) => runProbeUser({ baseUrl: server.baseUrl, db, email: u.email, fixture, until, tally, acked, seed: i * 7 })))
  const problems = await compareAcked(db, acked)
  console.log(`embedded database started in ${embeddedStartMs(server.log())} ms`)
  console.log(`${users} users × ${seconds} s: ${tally.requests} requests (${(tally.requests / seconds).toFixed(1)}/s)`)
  console.log(`statuses: ${JSON.stringify(tally.byStatus)}`)
  console.log(`latency: p50 ${percentile(tally.latenciesMs, 50).toFixed(1)} ms, p95 ${percentile(tally.latenciesMs, 95).toFixed(1)} ms, p99 ${percentile(tally.latenciesMs, 99).toFixed(1)} ms`)
  console.log(`500s: ${tally.serverErrors.length}; spurious /login: ${tally.spuriousLogins.length}; network errors: ${tally.networkErrors}`)
  console.log(`acknowledged: ${acked.profiles.size} profiles (last values), ${acked.answers.size} answers, ${acked.registrations.size} registrations; not in the database: ${problems.length}`)
  for (const line of [...tally.serverErrors, ...tally.spuriousLogins, ...problems].slice(0, 20)) console.log(`  ${line}`)
  failed = tally.serverErrors.length + tally.spuriousLogins.length + problems.length + tally.networkErrors > 0
} finally {
  await db.$disconnect()
  server.child.kill('SIGTERM')
  await server.exited
  await rm(folder, { recursive: true, force: true })
}
process.exit(failed ? 1 : 0)
