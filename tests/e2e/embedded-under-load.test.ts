import { rm } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import type { Db } from '../../app/utils/db.server.ts'
import { compareAcked, createProbeUsers, embeddedStartMs, newAcked, newTally, percentile, probeDb, probeFixture, runProbeUser, startEmbeddedServer, type ProbeServer } from '../helpers/load-probe.ts'
import { scratchFolder } from '../helpers/test-database.ts'

// Issue 17's probes against `npm start`'s embedded default (its own server and data folder, not
// the shared e2e server): 16 signed-in users for 60 s, then a kill -9 under load and a restart.
// HTTP only; the e2e project builds the app first.
const USERS = 16
const SECONDS = 60

let folder: string
const servers: ProbeServer[] = []
const dbs: Db[] = []
afterAll(async () => {
  for (const db of dbs) await db.$disconnect().catch(() => {})
  for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGTERM')
  await Promise.all(servers.map((s) => s.exited))
  if (folder) await rm(folder, { recursive: true, force: true })
})

test(
  `${USERS} users for ${SECONDS} s on the embedded database: no 500, no spurious log-in, every acknowledged write read back; then kill -9 under load loses nothing and the database is back in under 3 s`,
  { timeout: 300_000 },
  async () => {
    folder = await scratchFolder('under-load')
    const dataDir = path.join(folder, 'postgres')
    const first = await startEmbeddedServer(dataDir)
    servers.push(first)
    const db = await probeDb(first)
    dbs.push(db)
    const fixture = await probeFixture(db)
    const users = await createProbeUsers(db, USERS, `load${Date.now()}`)

    // 1. Sixteen users mixing reads and writes for a minute.
    const tally = newTally()
    const acked = newAcked()
    const until = Date.now() + SECONDS * 1000
    await Promise.all(users.map((u, i) => runProbeUser({ baseUrl: first.baseUrl, db, email: u.email, fixture, until, tally, acked, seed: i * 7 })))
    console.log(
      `load probe: ${tally.requests} requests in ${SECONDS} s by ${USERS} users; statuses ${JSON.stringify(tally.byStatus)}; p50 ${percentile(tally.latenciesMs, 50).toFixed(0)} ms, p99 ${percentile(tally.latenciesMs, 99).toFixed(0)} ms; acknowledged ${acked.profiles.size} profiles, ${acked.answers.size} answers, ${acked.registrations.size} registrations`,
    )
    expect(tally.serverErrors).toEqual([])
    expect(tally.spuriousLogins).toEqual([])
    expect(tally.networkErrors).toBe(0)
    expect(tally.requests).toBeGreaterThan(USERS * 20)
    expect(acked.registrations.size).toBe(USERS)
    expect(acked.answers.size).toBeGreaterThan(USERS)
    expect(await compareAcked(db, acked)).toEqual([])

    // 2. kill -9 while the same users keep writing, then a restart on the same folder.
    const killTally = newTally()
    const killAcked = newAcked()
    const killUsers = await createProbeUsers(db, 8, `kill${Date.now()}`)
    const load = Promise.allSettled(
      killUsers.map((u, i) => runProbeUser({ baseUrl: first.baseUrl, db, email: u.email, fixture, until: Date.now() + 60_000, tally: killTally, acked: killAcked, seed: i * 11 })),
    )
    // Let every user get past log-in and registration, and write for a while.
    const writing = Date.now() + 30_000
    while (killAcked.answers.size < 8 && Date.now() < writing) await new Promise((r) => setTimeout(r, 100))
    await new Promise((r) => setTimeout(r, 2_000))
    first.child.kill('SIGKILL')
    await first.exited
    await load
    expect(killAcked.answers.size).toBeGreaterThan(0)

    const second = await startEmbeddedServer(dataDir, first.dbPort)
    servers.push(second)
    const startMs = embeddedStartMs(second.log())
    console.log(
      `kill -9 under load: ${killTally.requests} requests, ${killAcked.profiles.size + killAcked.answers.size + killAcked.registrations.size} acknowledged writes; embedded database back in ${startMs} ms`,
    )
    expect(startMs).toBeDefined()
    expect(startMs!).toBeLessThan(3_000)
    const after = await probeDb(second)
    dbs.push(after)
    expect(await compareAcked(after, killAcked)).toEqual([])
    expect(killTally.serverErrors).toEqual([])
  },
)
