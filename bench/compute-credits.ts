// computeCredits over a whole congress's attendees (issue 7 target: 52,000 in under 5 s),
// as a ratio to a trivial pass over the same inputs measured in the same run.
// Usage: npx tsx bench/compute-credits.ts [attendees]   (default 52000)
//
// Inputs are synthetic and deterministic (seeded): 1 main forum in the morning and 5
// parallel sub-forums in the afternoon, 32 sessions of which 7 are breaks; each attendee has
// a handful of LIVE / VENUE / REPLAY intervals with drop-offs, forum switches, a phone
// watching alongside a venue stay, and some replay. Generating them is not timed.
import { performance } from 'node:perf_hooks'
import type { AttendanceSource, Interval } from '../app/domain/attendance.ts'
import { computeCredits, type CreditInput, type CreditRule } from '../app/domain/credits.ts'

const attendees = Number(process.argv[2] ?? 52_000)
if (!Number.isInteger(attendees) || attendees <= 0) {
  console.error('usage: npx tsx bench/compute-credits.ts [attendees]')
  process.exit(2)
}
const SEED = 20260810
const ROUNDS = 3

// mulberry32: small, fast and the same on every machine.
function seeded(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const random = seeded(SEED)
const between = (lo: number, hi: number) => lo + random() * (hi - lo)
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!

const DAY = Date.parse('2026-08-10T00:00:00+08:00')
const at = (hhmm: string) => DAY + (Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))) * 60_000
const iso = (ms: number) => new Date(Math.round(ms / 1000) * 1000).toISOString()
const MIN = 60_000

// The programme.
type Session = CreditInput['sessions'][number]
const sessions: Session[] = []
const add = (id: string, forumId: string, from: string, to: string, isBreak = false) => sessions.push({ id, forumId, start: iso(at(from)), end: iso(at(to)), ...(isBreak ? { isBreak } : {}) })
add('m-open', 'main', '08:30', '09:00')
add('m-1', 'main', '09:00', '09:40')
add('m-2', 'main', '09:40', '10:20')
add('m-coffee', 'main', '10:20', '10:40', true)
add('m-3', 'main', '10:40', '11:20')
add('m-4', 'main', '11:20', '12:00')
add('m-lunch', 'main', '12:00', '13:30', true)
const subForums = ['sub-cardio', 'sub-neuro', 'sub-onco', 'sub-icu', 'sub-nursing'] as const
for (const f of subForums) {
  add(`${f}-1`, f, '13:30', '14:15')
  add(`${f}-2`, f, '14:15', '15:00')
  add(`${f}-tea`, f, '15:00', '15:20', true)
  add(`${f}-3`, f, '15:20', '16:05')
  add(`${f}-4`, f, '16:05', '16:50')
}

// One attendee's evidence: a morning and an afternoon, each at the venue or online.
function attendeeIntervals(): Interval[] {
  const out: Interval[] = []
  const push = (forumId: string, source: AttendanceSource, start: number, end: number) => {
    if (end > start) out.push({ forumId, source, start: iso(start), end: iso(end) })
  }
  const atVenue = random() < 0.3
  const stretch = (forumId: string, from: number, to: number) => {
    if (atVenue) {
      const entry = from + between(-15, 10) * MIN
      const exit = to + between(-40, 10) * MIN
      if (random() < 0.3) {
        const out1 = between(entry, exit)
        push(forumId, 'VENUE', entry, out1)
        push(forumId, 'VENUE', out1 + between(5, 30) * MIN, exit)
      } else {
        push(forumId, 'VENUE', entry, exit)
      }
      // A phone streaming the same forum while in the hall must not count twice.
      if (random() < 0.1) push(forumId, 'LIVE', entry + between(0, 60) * MIN, entry + between(60, 120) * MIN)
    } else {
      // Online viewing with 1–3 drop-offs.
      let cursor = from + between(-5, 20) * MIN
      const pieces = 1 + Math.floor(random() * 3)
      for (let i = 0; i < pieces && cursor < to; i++) {
        const end = Math.min(to + 5 * MIN, cursor + between(30, 150) * MIN)
        push(forumId, 'LIVE', cursor, end)
        cursor = end + between(2, 25) * MIN
      }
    }
  }
  if (random() < 0.9) stretch('main', at('08:30'), at('12:00'))
  if (random() < 0.85) {
    const first = pick(subForums)
    if (random() < 0.2) {
      // Switches forum mid-afternoon, with a little overlap while changing rooms or tabs.
      const switchAt = between(at('14:00'), at('16:00'))
      stretch(first, at('13:30'), switchAt + 2 * MIN)
      stretch(pick(subForums), switchAt, at('16:50'))
    } else {
      stretch(first, at('13:30'), at('16:50'))
    }
  }
  if (random() < 0.15) {
    // Replay of a sub-forum, on the forum's own timeline.
    const from = between(at('13:30'), at('16:00'))
    push(pick(subForums), 'REPLAY', from, from + between(10, 80) * MIN)
  }
  return out
}

type Attendee = Omit<CreditInput, 'rule'>
const inputs: Attendee[] = []
let intervalCount = 0
for (let i = 0; i < attendees; i++) {
  const intervals = attendeeIntervals()
  intervalCount += intervals.length
  const prompted = Math.floor(random() * 9)
  inputs.push({
    sessions,
    intervals,
    examPassed: random() < 0.7,
    evaluationCompleted: random() < 0.85,
    presence: { prompted, answered: Math.min(prompted, Math.round(prompted * between(0.5, 1.1))) },
  })
}

const rules: [string, CreditRule][] = [
  [
    'AMA PRA Cat 1 live (PER_HOUR, ¼ h)',
    {
      scheme: 'AMA_PRA_CAT1',
      mode: 'PER_HOUR',
      credits: 1,
      maxCredits: 6,
      rounding: 'QUARTER_HOUR',
      sources: ['LIVE', 'VENUE'],
      minAttendedRatio: 0.5,
      requireEvaluation: true,
      minPresenceAnsweredRatio: 0.75,
    },
  ],
  [
    'CN CME Class I (FIXED, exam)',
    {
      scheme: 'CN_CME_CLASS_I',
      mode: 'FIXED',
      credits: 6,
      rounding: 'NONE',
      sources: ['LIVE', 'VENUE', 'REPLAY'],
      minAttendedMinutes: 240,
      requireExamPassed: true,
      requireEvaluation: true,
    },
  ],
]

// Baseline: the least any credit computation must do, parse every interval and add up its length.
function baseline(): number {
  let total = 0
  for (const a of inputs) for (const i of a.intervals) total += Date.parse(i.end) - Date.parse(i.start)
  return total
}

function credits(rule: CreditRule) {
  let eligible = 0
  let sum = 0
  for (const a of inputs) {
    const r = computeCredits({ rule, ...a })
    if (r.eligible) eligible++
    sum += r.credits
  }
  return { eligible, sum }
}

function median(label: string, fn: () => unknown): { seconds: number; result: unknown } {
  fn() // warm-up
  const samples: number[] = []
  let result: unknown
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now()
    result = fn()
    samples.push((performance.now() - t) / 1000)
  }
  samples.sort((a, b) => a - b)
  const seconds = samples[Math.floor(samples.length / 2)]!
  const rate = Math.round(attendees / seconds).toLocaleString('en-US')
  console.log(`${label.padEnd(40)} ${seconds.toFixed(3).padStart(7)} s  ${rate.padStart(11)} attendees/s`)
  return { seconds, result }
}

console.log(
  `computeCredits: ${attendees.toLocaleString('en-US')} attendees, 6 forums, ${sessions.length} sessions ` +
    `(${sessions.filter((s) => s.isBreak).length} breaks), ${(intervalCount / attendees).toFixed(1)} intervals/attendee, ` +
    `seed ${SEED}, median of ${ROUNDS} rounds after a warm-up, node ${process.version}`,
)
const base = median('baseline: sum interval lengths', baseline)
for (const [label, rule] of rules) {
  const { seconds, result } = median(label, () => credits(rule))
  const { eligible, sum } = result as ReturnType<typeof credits>
  console.log(
    `  ratio ${(seconds / base.seconds).toFixed(1)}x baseline; eligible ${eligible.toLocaleString('en-US')}, ` +
      `credits awarded ${sum.toFixed(2)}; target < 5 s for 52,000: ${attendees === 52_000 ? (seconds < 5 ? 'met' : 'NOT met') : 'n/a'}`,
  )
}
