// The one credited derivation's second stage (issue 14): creditedMinutes per attendee, as a
// ratio to computeCredits over the same inputs, measured in the same run. Two uses:
//   - event-wide (the China report, the credits page): every session, every forum, the total;
//   - one forum (staff analytics and its exports): that forum's sessions.
// Usage: npx tsx bench/credited-minutes.ts [attendees]   (default 52000)
// Inputs are synthetic and seeded: a main forum in the morning (went live 10 minutes late,
// paused 10 minutes, overran 15) and 5 parallel sub-forums in the afternoon, 32 sessions of
// which 7 are breaks; 1–4 intervals per attendee. Generating them is not timed.
import { performance } from 'node:perf_hooks'
import type { AttendanceSource, Interval } from '../app/domain/attendance.ts'
import { computeCredits } from '../app/domain/credits.ts'
import { ALL_SOURCES, creditedMinutes, creditedSessions, forumRun, type CreditedForum, type LiveStatusChange, type ScheduledSession } from '../app/domain/credited-time.ts'

const attendees = Number(process.argv[2] ?? 52_000)
if (!Number.isInteger(attendees) || attendees <= 0) {
  console.error('usage: npx tsx bench/credited-minutes.ts [attendees]')
  process.exit(2)
}
let a = 20261207
const random = () => {
  a = (a + 0x6d2b79f5) >>> 0
  let t = a
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const DAY = Date.parse('2026-08-10T00:00:00+08:00')
const at = (hhmm: string) => DAY + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))) * 60_000
const iso = (ms: number) => new Date(Math.round(ms / 1000) * 1000).toISOString()
const MIN = 60_000

const programme = new Map<string, ScheduledSession[]>()
const add = (forumId: string, id: string, from: string, to: string, isBreak = false) =>
  programme.set(forumId, [...(programme.get(forumId) ?? []), { id, start: iso(at(from)), end: iso(at(to)), isBreak }])
add('main', 'm-open', '08:30', '09:00')
add('main', 'm-1', '09:00', '09:40')
add('main', 'm-2', '09:40', '10:20')
add('main', 'm-coffee', '10:20', '10:40', true)
add('main', 'm-3', '10:40', '11:20')
add('main', 'm-4', '11:20', '12:00')
add('main', 'm-lunch', '12:00', '13:30', true)
const subs = ['sub-cardio', 'sub-neuro', 'sub-onco', 'sub-icu', 'sub-nursing']
for (const f of subs) {
  add(f, `${f}-1`, '13:30', '14:15')
  add(f, `${f}-2`, '14:15', '15:00')
  add(f, `${f}-tea`, '15:00', '15:20', true)
  add(f, `${f}-3`, '15:20', '16:05')
  add(f, `${f}-4`, '16:05', '16:50')
}
const forums: CreditedForum[] = [...programme].map(([forumId, sessions]) => {
  const schedule = forumId === 'main' ? { start: iso(at('08:30')), end: iso(at('13:30')) } : { start: iso(at('13:30')), end: iso(at('16:50')) }
  const changes: LiveStatusChange[] =
    forumId === 'main'
      ? [
          { to: 'LIVE', at: iso(at('08:40')) },
          { to: 'PAUSED', at: iso(at('10:00')) },
          { to: 'LIVE', at: iso(at('10:10')) },
          { to: 'ENDED', at: iso(at('13:55')) },
        ]
      : []
  const run = forumRun({ schedule, changes, confirmed: null, now: iso(at('23:00')) })
  return { forumId, window: { forumId, start: run.start, end: run.end }, run, sessions: creditedSessions(forumId, schedule, sessions, run) }
})
const main = forums.filter((f) => f.forumId === 'main')
const creditSessions = creditedMinutes([], forums, ALL_SOURCES).creditSessions

const people: Interval[][] = []
for (let i = 0; i < attendees; i++) {
  const out: Interval[] = []
  const source: AttendanceSource = random() < 0.3 ? 'VENUE' : 'LIVE'
  const push = (forumId: string, start: number, end: number) => end > start && out.push({ forumId, source, start: iso(start), end: iso(end) })
  if (random() < 0.9) push('main', at('08:30') + random() * 40 * MIN, at('11:00') + random() * 180 * MIN)
  if (random() < 0.85) push(subs[Math.floor(random() * subs.length)]!, at('13:30') + random() * 30 * MIN, at('15:00') + random() * 110 * MIN)
  if (random() < 0.15) out.push({ forumId: subs[0]!, source: 'REPLAY', start: iso(at('14:00')), end: iso(at('15:00')) })
  people.push(out)
}

function time(label: string, run: () => number) {
  run() // warm-up
  const runs: number[] = []
  let check = 0
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now()
    check = run()
    runs.push((performance.now() - t0) / 1000)
  }
  runs.sort((x, y) => x - y)
  return { label, seconds: runs[1]!, check }
}
const rule = { scheme: 'CUSTOM' as const, mode: 'FIXED' as const, credits: 1, rounding: 'NONE' as const, sources: [...ALL_SOURCES] }
const results = [
  time('baseline: computeCredits, event-wide', () => people.reduce((sum, intervals) => sum + computeCredits({ rule, sessions: creditSessions, intervals }).attendedMinutes, 0)),
  time('creditedMinutes, event-wide (per session, per forum, total)', () => people.reduce((sum, intervals) => sum + creditedMinutes(intervals, forums, ALL_SOURCES).attended, 0)),
  time('creditedMinutes, main forum only (staff analytics)', () =>
    people.reduce(
      (sum, intervals) =>
        sum +
        creditedMinutes(
          intervals.filter((i) => i.forumId === 'main'),
          main,
          ALL_SOURCES,
        ).attended,
      0,
    ),
  ),
]
const base = results[0]!.seconds
console.log(`${attendees} attendees, ${forums.reduce((n, f) => n + f.sessions.length, 0)} sessions, ${people.reduce((n, p) => n + p.length, 0)} intervals (median of 3 after a warm-up)`)
for (const r of results) console.log(`${r.label.padEnd(62)} ${r.seconds.toFixed(3)} s  ${(attendees / r.seconds).toFixed(0).padStart(8)} attendees/s  ${(r.seconds / base).toFixed(2)}×`)
console.log(`check: event-wide totals equal: ${results[0]!.check === results[1]!.check}`)
