// Derivation cost (issue 5): deriveIntervals + attendedMinutes over a synthetic ledger of
// N attendees × an 8-hour day, against a baseline measured in the same run: only sorting
// each attendee's events by `at`. Target: 52,000 attendees in under 10 s on one core.
// Usage: npx tsx bench/derive-attendance.ts [attendees]   (default 52000)
//
// The ledger is generated chunk by chunk from a seeded PRNG (the same attendee always gets
// the same events, whatever the chunk size); only derivation is timed, never generation.
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import v8 from 'node:v8'
import vm from 'node:vm'
import { attendedMinutes, deriveIntervals, type AttendanceOptions, type AttendanceSession, type ForumWindow, type LedgerEvent } from '../app/domain/attendance.ts'

const attendees = Number(process.argv[2] ?? 52_000)
if (!Number.isInteger(attendees) || attendees <= 0) {
  console.error('Usage: npx tsx bench/derive-attendance.ts [attendees]  (a positive integer)')
  process.exit(1)
}
const CHUNK = 500
// Collect the generator's garbage before each timed part, so that its collection is not
// billed to the derivation; the derivation's own garbage is still collected while timed.
v8.setFlagsFromString('--expose-gc')
const collectGarbage = vm.runInNewContext('gc') as () => void
const SEED = 0x5eed_2026

const SEC = 1000
const MIN = 60 * SEC
const HOUR = 60 * MIN
const options: AttendanceOptions = { heartbeatSec: 30, graceSec: 90, presenceTimeoutSec: 60 }

// One day of the summit, 09:00–17:00 Shanghai: the main forum all day with a lunch break,
// three parallel sub-forums in the afternoon.
const DAY = Date.parse('2026-08-10T01:00:00.000Z')
const MAIN_START = DAY
const MAIN_END = DAY + 8 * HOUR
const LUNCH_START = DAY + 3 * HOUR
const LUNCH_END = DAY + 4 * HOUR
const SUB_START = DAY + 4.5 * HOUR
const SUB_FORUMS = ['sub-1', 'sub-2', 'sub-3']
const iso = (ms: number) => new Date(ms).toISOString()

const windows: ForumWindow[] = [{ forumId: 'main', start: iso(MAIN_START), end: iso(MAIN_END) }, ...SUB_FORUMS.map((forumId) => ({ forumId, start: iso(SUB_START), end: iso(MAIN_END) }))]
const sessions: AttendanceSession[] = []
for (let t = MAIN_START; t < LUNCH_START; t += 30 * MIN) sessions.push({ id: `main-${t}`, forumId: 'main', start: iso(t), end: iso(t + 30 * MIN) })
sessions.push({ id: 'main-lunch', forumId: 'main', start: iso(LUNCH_START), end: iso(LUNCH_END), isBreak: true })
for (let t = LUNCH_END; t < MAIN_END; t += 30 * MIN) sessions.push({ id: `main-${t}`, forumId: 'main', start: iso(t), end: iso(t + 30 * MIN) })
for (const forumId of SUB_FORUMS) {
  for (let t = SUB_START; t < MAIN_END; t += 30 * MIN) sessions.push({ id: `${forumId}-${t}`, forumId, start: iso(t), end: iso(t + 30 * MIN) })
}

/** mulberry32: small, fast, good enough for synthetic data. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Draft = { t: number; event: Omit<LedgerEvent, 'at'> }
type Profile = 'online' | 'venue' | 'replay'

/**
 * One viewer's live segment on one forum: JOIN, a heartbeat every 30 s (with up to 300 ms of
 * network jitter), away/back episodes (heartbeats go on while the tab is hidden), network
 * drops (no heartbeats, then a JOIN), about 3 presence prompts an hour (85 % answered in
 * time, 5 % late, 10 % missed), an optional lunch away, and a LEAVE (or a closed tab).
 */
function liveSegment(out: Draft[], rnd: () => number, forumId: string, from: number, to: number, awayForLunch: boolean) {
  const push = (t: number, kind: LedgerEvent['kind'], extra: Partial<LedgerEvent> = {}) => out.push({ t: Math.round(t), event: { kind, source: 'LIVE', forumId, ...extra } })
  push(from, 'JOIN')
  let t = from
  let awayUntil = -1
  let promptNo = 0
  let nextPrompt = from + rnd() * 40 * MIN
  let lunchDone = !awayForLunch
  while (true) {
    t += 30 * SEC + rnd() * 300
    if (t >= to) break
    if (!lunchDone && t >= LUNCH_START) {
      lunchDone = true
      push(t, 'AWAY')
      awayUntil = LUNCH_END - rnd() * 10 * MIN
    } else if (awayUntil < 0 && rnd() < 1 / 240) {
      push(t, 'AWAY')
      awayUntil = t + MIN + rnd() * 9 * MIN
    } else if (awayUntil < 0 && rnd() < 1 / 480) {
      t += MIN + rnd() * 5 * MIN // network drop: silence, then the client reconnects
      if (t >= to) break
      push(t, 'JOIN')
      continue
    }
    push(t, 'HEARTBEAT')
    if (awayUntil >= 0 && t >= awayUntil) {
      push(t + rnd() * 1000, 'BACK')
      awayUntil = -1
    }
    if (t >= nextPrompt) {
      const promptId = `${forumId}-${promptNo++}`
      push(t + 1, 'PRESENCE_PROMPT', { promptId })
      const r = rnd()
      if (r < 0.85) push(t + 3 * SEC + rnd() * 37 * SEC, 'PRESENCE_ACK', { promptId })
      else if (r < 0.9) push(t + 70 * SEC + rnd() * 130 * SEC, 'PRESENCE_ACK', { promptId })
      nextPrompt = t + 5 * MIN + rnd() * 30 * MIN
    }
  }
  if (rnd() < 0.8) push(Math.min(t, to), 'LEAVE')
}

function generateAttendee(index: number): { events: LedgerEvent[]; profile: Profile } {
  const rnd = prng(SEED ^ Math.imul(index + 1, 0x9e3779b1))
  const drafts: Draft[] = []
  const roll = rnd()
  const profile: Profile = roll < 0.8 ? 'online' : roll < 0.9 ? 'venue' : 'replay'
  if (profile === 'online') {
    const start = MAIN_START - 5 * MIN + rnd() * 15 * MIN
    const end = rnd() < 0.2 ? MAIN_END - rnd() * 2 * HOUR : MAIN_END + rnd() * 5 * MIN
    const awayForLunch = rnd() < 0.5
    if (rnd() < 0.4) {
      // The afternoon in a parallel sub-forum.
      const switchAt = SUB_START + rnd() * 5 * MIN
      liveSegment(drafts, rnd, 'main', start, switchAt, awayForLunch)
      liveSegment(drafts, rnd, SUB_FORUMS[Math.floor(rnd() * SUB_FORUMS.length)]!, switchAt + 2 * SEC, end, false)
    } else {
      liveSegment(drafts, rnd, 'main', start, end, awayForLunch)
    }
  } else if (profile === 'venue') {
    const scan = (t: number, kind: 'VENUE_ENTRY' | 'VENUE_EXIT', forumId = 'main') => drafts.push({ t: Math.round(t), event: { kind, source: 'VENUE', forumId } })
    scan(MAIN_START - 15 * MIN + rnd() * 30 * MIN, 'VENUE_ENTRY')
    scan(LUNCH_START + rnd() * 10 * MIN, 'VENUE_EXIT')
    scan(LUNCH_END - rnd() * 10 * MIN, 'VENUE_ENTRY')
    if (rnd() < 0.5) scan(MAIN_END - rnd() * HOUR, 'VENUE_EXIT') // else: no exit scan
    // Half of them also follow a sub-forum on their phone for a while.
    if (rnd() < 0.5) {
      const from = SUB_START + rnd() * 2 * HOUR
      liveSegment(drafts, rnd, SUB_FORUMS[Math.floor(rnd() * SUB_FORUMS.length)]!, from, from + HOUR + rnd() * HOUR, false)
    }
  } else {
    // A morning live, then the replay in the evening: progress every 30 s of media, with
    // occasional seeks back (re-watching), for 2 to 5 hours of media.
    if (rnd() < 0.5) liveSegment(drafts, rnd, 'main', MAIN_START + rnd() * HOUR, LUNCH_START, false)
    let media = Math.floor(rnd() * 3 * 3600)
    let at = MAIN_END + 3 * HOUR + rnd() * HOUR
    const reports = Math.floor((2 + rnd() * 3) * 120)
    for (let i = 0; i < reports; i++) {
      if (rnd() < 0.01) media = Math.max(0, media - 120 - Math.floor(rnd() * 480))
      drafts.push({ t: Math.round(at), event: { kind: 'REPLAY_PROGRESS', source: 'REPLAY', forumId: 'main', mediaFromSec: media, mediaToSec: media + 30 } })
      media += 30
      at += 30 * SEC + rnd() * 300
    }
  }
  drafts.sort((a, b) => a.t - b.t)
  const events = drafts.map((d): LedgerEvent => {
    const { kind, source, forumId, ...rest } = d.event
    return { kind, at: iso(d.t), source, forumId, ...rest }
  })
  // One attendee in twenty arrives with a few neighbours swapped (a late batch flush).
  if (rnd() < 0.05) {
    for (let i = 1; i < events.length; i += 97) [events[i - 1], events[i]] = [events[i]!, events[i - 1]!]
  }
  return { events, profile }
}

/** Baseline: what any derivation has to do at least, sort one attendee's events by `at`. */
function sortByAt(events: LedgerEvent[]) {
  return events.slice().sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
}

let totalEvents = 0
let generateMs = 0
let deriveMs = 0
let baselineMs = 0
let intervalsOut = 0
let liveVenueMinutes = 0
let replayMinutes = 0
let checksum = 0
let peakHeap = 0
const byProfile: Record<Profile, number> = { online: 0, venue: 0, replay: 0 }

for (let first = 0, chunkNo = 0; first < attendees; first += CHUNK, chunkNo++) {
  const count = Math.min(CHUNK, attendees - first)
  const t = performance.now()
  const chunk: LedgerEvent[][] = []
  for (let i = 0; i < count; i++) {
    const { events, profile } = generateAttendee(first + i)
    chunk.push(events)
    byProfile[profile]++
    totalEvents += events.length
  }
  collectGarbage()
  generateMs += performance.now() - t
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)

  const runBaseline = () => {
    const t0 = performance.now()
    for (const events of chunk) checksum += sortByAt(events).length
    baselineMs += performance.now() - t0
  }
  const runDerivation = () => {
    const t0 = performance.now()
    for (const events of chunk) {
      const intervals = deriveIntervals(events, windows, options)
      const live = attendedMinutes(intervals, sessions, ['LIVE', 'VENUE'])
      const replay = attendedMinutes(intervals, sessions, ['REPLAY'])
      intervalsOut += intervals.length
      for (const id in live) liveVenueMinutes += live[id]!
      for (const id in replay) replayMinutes += replay[id]!
    }
    deriveMs += performance.now() - t0
  }
  // Alternate which runs first, so neither always finds the chunk warm in cache.
  if (chunkNo % 2 === 0) {
    runBaseline()
    runDerivation()
  } else {
    runDerivation()
    runBaseline()
  }
}

const maxRssMiB = process.resourceUsage().maxRSS / 1024
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
const rows: [string, string][] = [
  ['attendees', `${fmt(attendees)} (online ${fmt(byProfile.online)}, venue ${fmt(byProfile.venue)}, replay ${fmt(byProfile.replay)})`],
  ['ledger events', `${fmt(totalEvents)} (${fmt(totalEvents / attendees)} per attendee)`],
  ['forums / sessions', `${windows.length} / ${sessions.length} (1 main all day, ${SUB_FORUMS.length} parallel sub-forums)`],
  ['derivation (deriveIntervals + 2 × attendedMinutes)', `${fmt(deriveMs / 1000, 2)} s`],
  ['  attendees/s', fmt(attendees / (deriveMs / 1000))],
  ['  events/s', fmt(totalEvents / (deriveMs / 1000))],
  ['baseline: sort each attendee by `at`', `${fmt(baselineMs / 1000, 2)} s`],
  ['ratio derivation / baseline', `${fmt(deriveMs / baselineMs, 2)}×`],
  ['generation (not timed)', `${fmt(generateMs / 1000, 2)} s`],
  ['intervals derived', `${fmt(intervalsOut)} (${fmt(intervalsOut / attendees, 1)} per attendee)`],
  ['mean minutes: LIVE+VENUE / REPLAY', `${fmt(liveVenueMinutes / attendees, 1)} / ${fmt(replayMinutes / attendees, 1)}`],
  ['peak RSS / live heap holding one chunk', `${fmt(maxRssMiB)} MiB / ${fmt(peakHeap / 1024 / 1024)} MiB`],
  ['runtime', `Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores (derivation is single-threaded)`],
]
const width = Math.max(...rows.map(([k]) => k.length))
console.log(`Attendance derivation, ${fmt(attendees)} attendees × 8 h, chunks of ${CHUNK} (checksum ${checksum})`)
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`)
