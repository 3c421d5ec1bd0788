// Peak load on exams (issues 6 and 16): 5,000 candidates start when the exam opens, and
// submit in the last minute. The real services (startExamAttempt, submitExamAttempt) on the
// real database, the grading queue (pg-boss, worked in this process as on a production
// node), and a check that every attempt was graded exactly once. Prints figures; asserts
// no timing.
//
// Usage: LOG_LEVEL=warn npx tsx bench/exam-submit.ts [candidates=5000] [windowSeconds=60] [doubleSubmitShare=0.1] [scenarios=spread,burst]
//
// Two scenarios, each with its own exam and 5,000 fresh attempts of 10 questions, answered:
// - spread: every candidate submits at a uniformly random moment in the last `windowSeconds`;
// - burst: every candidate submits at the same instant (the worst case of that minute).
// Each scenario's attempts are started all at the same instant too (the exam's opening):
// that is the start burst, measured the same way, with the number of candidates refused.
// A share of candidates double-submit (a second request 0–50 ms after the first, as a
// double tap or a retry). Latency is measured from each request's scheduled start, so time
// spent waiting for a pool connection counts. A submit's latency is to "submitted"; the
// time until every result is ready (graded by the queue) is reported separately.
//
// Same-run baseline: the same arrivals each running one single-row statement on the same
// pool (an UPDATE of the attempt's updatedAt for submits, a SELECT of the registration for
// starts): what the database and the pool alone cost.
//
// DATABASE_URL picks PostgreSQL (a fresh schema, dropped at the end; pool BENCH_POOL, default
// 20, a production node's). Without it: an embedded PostgreSQL in a temporary folder, same pool.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { gradeAttempt, type QuestionResponse } from '../app/domain/grading.ts'
import type { Question } from '../app/domain/question.ts'
import { Prisma } from '../app/generated/prisma/client.ts'
import { importQuestions } from '../app/services/exams/import-questions.server.ts'
import { saveExam } from '../app/services/exams/save-exam.server.ts'
import { startExamAttempt } from '../app/services/exams/start-exam-attempt.server.ts'
import { submitExamAttempt } from '../app/services/exams/submit-exam-attempt.server.ts'
import { startExamGrading } from '../app/jobs/exam-grading-worker.server.ts'
import { createPrisma, parseDatabaseUrl } from '../app/utils/db.server.ts'
import { startEmbeddedDb } from '../app/utils/embedded-db.server.ts'
import { migrate } from '../app/utils/migrate.server.ts'
import { DEMO_BANK_GIFT } from '../prisma/demo-exam.ts'

const candidates = Number(process.argv[2] ?? 5000)
const windowSeconds = Number(process.argv[3] ?? 60)
const doubleShare = Number(process.argv[4] ?? 0.1)
const scenarios = new Set((process.argv[5] ?? 'spread,burst').split(','))

// ── Database ────────────────────────────────────────────────────────────────────────────
let url: string
let cleanup: () => Promise<void>
const postgres = !!process.env.DATABASE_URL
if (postgres) {
  const schema = `bench_exam_${randomBytes(4).toString('hex')}`
  const u = new URL(process.env.DATABASE_URL!)
  u.searchParams.set('schema', schema)
  url = u.toString()
  cleanup = async () => {
    const client = new pg.Client({ connectionString: parseDatabaseUrl(url).connectionString })
    await client.connect()
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await client.end()
  }
} else {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cme-bench-exam-'))
  const embedded = await startEmbeddedDb({ dataDir: dir, port: 54392, maxConnections: 30 })
  url = embedded.url
  cleanup = async () => {
    await embedded.stop()
    await rm(dir, { recursive: true, force: true })
  }
}
await migrate(url)
const pool = Number(process.env.BENCH_POOL ?? 20)
const db = createPrisma(url, pool)
await db.$queryRaw`SELECT 1`
// The grading queue, worked here as on a production node (CERTIFICATE_WORKER).
const grading = await startExamGrading(db, url, { work: true, pollingIntervalSeconds: 0.5 })

// ── Setup (not measured) ────────────────────────────────────────────────────────────────
const log = (...parts: unknown[]) => console.log(...parts)
const t0 = performance.now()
const event = await db.event.create({
  data: { slug: `bench-exam-${Date.now()}`, titleZh: '考核压测', titleEn: 'Exam bench', startsAt: new Date(), endsAt: new Date(Date.now() + 3600_000), status: 'PUBLISHED' },
})
const ticket = await db.ticketType.create({ data: { eventId: event.id, nameZh: '票', nameEn: 'Ticket' } })
const { questionIds } = await importQuestions(db, { eventId: event.id, format: 'gift', text: DEMO_BANK_GIFT, difficulty: 'MEDIUM', tags: [] })
const users = Array.from({ length: candidates }, (_, i) => ({
  id: `benchu${i.toString(36).padStart(6, '0')}${randomBytes(3).toString('hex')}`,
  email: `bench-${i}-${Date.now()}@bench.cme-forum.org`,
  passwordHash: 'x',
  realName: `考生${i}`,
}))
for (let i = 0; i < users.length; i += 1000) {
  const slice = users.slice(i, i + 1000)
  await db.user.createMany({ data: slice })
  await db.registration.createMany({ data: slice.map((u) => ({ eventId: event.id, ticketTypeId: ticket.id, userId: u.id, status: 'CONFIRMED' as const })) })
}
log(`setup: ${candidates} candidates, ${questionIds.length} questions, pool ${pool}, ${postgres ? 'PostgreSQL' : 'embedded PostgreSQL'} (${((performance.now() - t0) / 1000).toFixed(1)} s)`)

const local = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16) // Asia/Shanghai, no DST

async function prepareScenario(name: string) {
  const started = performance.now()
  const exam = await saveExam(db, {
    eventId: event.id,
    form: {
      titleZh: `压测 ${name}`,
      titleEn: `Bench ${name}`,
      instructionsZh: '',
      instructionsEn: '',
      forumId: '',
      sessionId: '',
      opensAt: local(new Date(Date.now() - 3600_000)),
      closesAt: local(new Date(Date.now() + 6 * 3600_000)),
      timeLimitMinutes: 240,
      attemptsAllowed: 1,
      gradingMethod: 'HIGHEST',
      passPercent: 60,
      selection: 'FIXED',
      questionIds,
      pools: [],
      shuffleQuestions: true,
      shuffleOptions: true,
      showAnswers: 'AFTER_SUBMISSION',
      minAttendedMinutes: null,
      published: true,
    },
  })
  // The opening: every candidate presses "start" at the same instant.
  const attempts: { id: string; userId: string }[] = []
  const opening: Arrival[] = users.map((u) => ({ attemptId: '', userId: u.id, at: 0, second: false }))
  const startBaseline = await run(opening, async (a) => {
    await db.$queryRaw`SELECT "id", "status" FROM "Registration" WHERE "eventId" = ${event.id} AND "userId" = ${a.userId}`
  })
  const starts = await run(opening, async (a) => {
    const started = await startExamAttempt(db, { examId: exam.id, userId: a.userId })
    attempts.push({ id: started.id, userId: a.userId })
  })
  log(`\n${name}: start burst (${users.length} candidates at one instant)`)
  log(`  baseline (1-statement read):        ${fmt(startBaseline)}`)
  log(`  start:                              ${fmt(starts)}`)
  log(`  p99 start / p99 baseline: ${(starts.p99 / startBaseline.p99).toFixed(1)}x · refused ${starts.errors} · attempts ${attempts.length}`)
  // Everyone has answered every question (written directly: the submit is what is measured).
  const rows = await db.examAttemptQuestion.findMany({ where: { attempt: { examId: exam.id } }, select: { attemptId: true, position: true, questionVersion: { select: { content: true } } } })
  for (let i = 0; i < rows.length; i += 2000) {
    const values = Prisma.join(
      rows.slice(i, i + 2000).map((r) => Prisma.sql`(${r.attemptId}, ${r.position}::int, ${JSON.stringify(someAnswer(r.questionVersion.content as unknown as Question))}::jsonb)`),
    )
    await db.$executeRaw`UPDATE "ExamAttemptQuestion" q SET "response" = v.response, "answeredAt" = now() FROM (VALUES ${values}) AS v(attempt_id, position, response) WHERE q."attemptId" = v.attempt_id AND q."position" = v.position`
  }
  log(`${name}: ${attempts.length} attempts started and answered (${((performance.now() - started) / 1000).toFixed(1)} s)`)
  return { exam, attempts, starts, startBaseline }
}

/** A plausible answer: right about 70% of the time, so scores spread. */
function someAnswer(q: Question): QuestionResponse {
  const right = Math.random() < 0.7
  switch (q.type) {
    case 'SINGLE_CHOICE':
      return { type: 'SINGLE_CHOICE', option: right ? q.options.findIndex((o) => o.weight === 1) : q.options.findIndex((o) => o.weight < 1) }
    case 'MULTIPLE_CHOICE':
      return { type: 'MULTIPLE_CHOICE', options: q.options.flatMap((o, i) => ((right ? o.weight > 0 : o.weight <= 0) ? [i] : [])) }
    case 'TRUE_FALSE':
      return { type: 'TRUE_FALSE', answer: right ? q.answer : !q.answer }
    case 'SHORT_ANSWER':
      return { type: 'SHORT_ANSWER', text: right ? q.answers[0]!.text : '不知道' }
    case 'NUMERICAL':
      return { type: 'NUMERICAL', text: right ? String(q.answers[0]!.kind === 'TOLERANCE' ? q.answers[0]!.value : q.answers[0]!.min) : '-1' }
  }
}

// ── Measured phase ──────────────────────────────────────────────────────────────────────
type Arrival = { attemptId: string; userId: string; at: number; second: boolean }

function arrivals(attempts: { id: string; userId: string }[], spreadMs: number): Arrival[] {
  return attempts.flatMap((a) => {
    const at = Math.random() * spreadMs
    const first: Arrival = { attemptId: a.id, userId: a.userId, at, second: false }
    return Math.random() < doubleShare ? [first, { ...first, at: at + Math.random() * 50, second: true }] : [first]
  })
}

async function run(list: Arrival[], call: (a: Arrival) => Promise<{ closedNow?: boolean } | void>) {
  const latencies: number[] = []
  const repeated: number[] = []
  let errors = 0
  let closedNow = 0
  const started = performance.now()
  await Promise.all(
    list.map(
      (a) =>
        new Promise<void>((resolve) => {
          setTimeout(async () => {
            const t = performance.now()
            try {
              const out = await call(a)
              if (out && out.closedNow) closedNow++
            } catch (error) {
              errors++
              if (errors <= 3) console.error((error as Error).message)
            }
            latencies.push(performance.now() - t)
            if (a.second) repeated.push(performance.now() - t)
            resolve()
          }, a.at)
        }),
    ),
  )
  const seconds = (performance.now() - started) / 1000
  const quantile = (xs: number[], p: number) => xs.sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN
  const q = (p: number) => quantile(latencies, p)
  return {
    requests: list.length,
    seconds,
    throughput: list.length / seconds,
    p50: q(0.5),
    p99: q(0.99),
    max: latencies.at(-1)!,
    errors,
    closedNow,
    repeatedP50: quantile(repeated, 0.5),
    repeatedP99: quantile(repeated, 0.99),
  }
}

async function verify(examId: string) {
  const [row] = await db.$queryRaw<{ total: number; once: number; twice: number; open: number; ungraded: number }[]>`
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE "gradings" = 1)::int AS once,
           count(*) FILTER (WHERE "gradings" > 1)::int AS twice,
           count(*) FILTER (WHERE "status" = 'IN_PROGRESS')::int AS open,
           count(*) FILTER (WHERE "percentage" IS NULL)::int AS ungraded
      FROM "ExamAttempt" WHERE "examId" = ${examId}`
  // Every stored score equals a fresh grading of the stored answers.
  const attempts = await db.examAttempt.findMany({
    where: { examId },
    select: { percentage: true, questions: { orderBy: { position: 'asc' }, select: { response: true, mark: true, score: true, questionVersion: { select: { content: true } } } } },
  })
  let mismatches = 0
  for (const a of attempts) {
    const grade = gradeAttempt(
      a.questions.map((q) => q.questionVersion.content as unknown as Question),
      a.questions.map((q) => q.response as QuestionResponse | null),
      a.questions.map((q) => q.mark),
    )
    if (grade.percentage !== a.percentage || a.questions.some((q, i) => q.score !== grade.questions[i]!.score)) mismatches++
  }
  return { ...row!, mismatches }
}

const fmt = (r: Awaited<ReturnType<typeof run>>) =>
  `${r.requests} requests in ${r.seconds.toFixed(1)} s · ${r.throughput.toFixed(0)} req/s · p50 ${r.p50.toFixed(1)} ms · p99 ${r.p99.toFixed(1)} ms · max ${r.max.toFixed(0)} ms · errors ${r.errors}`

const results: Record<string, unknown> = {}
for (const [name, spreadMs] of [
  ['spread', windowSeconds * 1000],
  ['burst', 0],
] as const) {
  if (!scenarios.has(name)) continue
  const { exam, attempts, starts, startBaseline } = await prepareScenario(name)
  const plan = arrivals(attempts, spreadMs)
  // Baseline first, on the same arrivals: one single-row statement per request.
  const baseline = await run(plan, async (a) => {
    await db.$executeRaw`UPDATE "ExamAttempt" SET "updatedAt" = now() WHERE "id" = ${a.attemptId}`
  })
  const burstStarted = performance.now()
  const submit = await run(plan, (a) => submitExamAttempt(db, { attemptId: a.attemptId, userId: a.userId }))
  // Every result ready: the queue has graded every attempt (or 120 s have passed).
  let ready = NaN
  for (;;) {
    const [left] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "ExamAttempt" WHERE "examId" = ${exam.id} AND "gradedAt" IS NULL`
    if (left!.n === 0) {
      ready = (performance.now() - burstStarted) / 1000
      break
    }
    if (performance.now() - burstStarted > 120_000) break
    await new Promise((r) => setTimeout(r, 100))
  }
  const check = await verify(exam.id)
  log(`\n${name} (${spreadMs === 0 ? 'all at once' : `uniform over ${windowSeconds} s`}; ${attempts.length} candidates, ${plan.length - attempts.length} double submits)`)
  log(`  baseline (1-statement update):      ${fmt(baseline)}`)
  log(`  submit (to "submitted"):            ${fmt(submit)}`)
  log(`  p99 submit / p99 baseline: ${(submit.p99 / baseline.p99).toFixed(1)}x · repeated submits alone: p50 ${submit.repeatedP50.toFixed(1)} ms, p99 ${submit.repeatedP99.toFixed(1)} ms`)
  log(`  every result ready ${Number.isNaN(ready) ? 'NOT within 120 s' : `${ready.toFixed(1)} s`} after the first submit`)
  log(
    `  closed now: ${submit.closedNow} · attempts ${check.total}: graded once ${check.once}, more than once ${check.twice}, still open ${check.open}, without a score ${check.ungraded}, score ≠ regrade ${check.mismatches}`,
  )
  log(`  exactly once: ${check.once === attempts.length && check.twice === 0 && submit.closedNow === attempts.length && check.mismatches === 0 ? 'yes' : 'NO'}`)
  results[name] = { starts, startBaseline, baseline, submit, ready, check }
}

await grading.stop()
await db.$disconnect()
await cleanup()
