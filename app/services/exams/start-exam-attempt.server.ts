import { randomBytes } from 'node:crypto'
import type { Pool } from '~/domain/draw.ts'
import { attemptDeadline, buildPaper, startRefusal } from '~/domain/exam.ts'
import { Prisma } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error.ts'
import type { AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { newRowId } from '~/utils/row-id.server.ts'
import { createStatementBatcher } from '~/utils/statement-batcher.server.ts'
import { checkEligibility, examEligibilityRules, type EligibilityRule } from './exam-eligibility.server.ts'
import { getPaperSource, paperSourceStamp } from './exam-paper-source.server.ts'
import { autoSubmitIfExpired } from './submit-exam-attempt.server.ts'

export { loadBank } from './exam-paper-source.server.ts'

/** `slug`, when given, must be the exam's event (a route's 404 for another event's exam). */
export type StartAttemptInput = { examId: string; userId: string; slug?: string; now?: Date; rules?: EligibilityRule[] }

type StartState = {
  id: string
  eventId: string
  forumId: string | null
  sessionId: string | null
  opensAt: Date
  closesAt: Date
  timeLimitMinutes: number
  attemptsAllowed: number
  selection: 'FIXED' | 'RANDOM'
  pools: unknown
  shuffleQuestions: boolean
  shuffleOptions: boolean
  minAttendedMinutes: number | null
  examUpdatedAt: Date
  registrationId: string | null
  registrationStatus: string | null
  attemptsUsed: number
  openId: string | null
  openDeadline: Date | null
  bankQuestions: number
  bankVersions: number
  bankUpdatedAt: Date | null
}

/**
 * Starts an attempt: checks eligibility, the window and the attempts left, draws the
 * paper from the seed and fixes the deadline on the server.
 *
 * Built for the opening minute, when thousands press "start" at once (issue 16): one query
 * reads the exam, the candidate's registration, their attempts (how many, and one in
 * progress) and the bank's stamp; the paper is drawn from the exam's bank kept in memory
 * under that stamp (exam-paper-source.server.ts); one statement writes the attempt, its
 * questions and the audit entry. An exam that asks for attended minutes adds its
 * attendance rule's own reads (exam-eligibility.server.ts).
 *
 * Only one attempt per person and exam can be in progress: a second start, even one
 * racing the first from another device, hits the unique key on (examId, registrationId,
 * active) and is refused with `attempt_in_progress`, naming the attempt to resume.
 */
export async function startExamAttempt(db: Db, input: StartAttemptInput, ctx: AuditContext = {}) {
  const now = input.now ?? new Date()
  const state = await stateReader(db)({ examId: input.examId, userId: input.userId, slug: input.slug ?? null })
  if (!state) throw new AppError('not_found', 'No such exam')
  const registration = state.registrationId ? { id: state.registrationId, status: state.registrationStatus! } : null

  const rules = input.rules ?? examEligibilityRules(state)
  const verdict = await checkEligibility(rules, { db, exam: { examId: state.id, eventId: state.eventId, forumId: state.forumId, sessionId: state.sessionId }, registration, now })
  if (!verdict.eligible) throw new AppError('not_eligible', 'Not eligible for this exam', { reason: verdict.reason })
  const registrationId = registration!.id

  if (state.openId && !(await autoSubmitIfExpired(db, { id: state.openId, status: 'IN_PROGRESS', deadline: state.openDeadline! }, now)))
    throw new AppError('attempt_in_progress', 'An attempt is already in progress', { attemptId: state.openId })

  const refusal = startRefusal({ ...state, attemptsUsed: state.attemptsUsed, now })
  if (refusal) throw new AppError(refusal, 'This exam cannot be started now')

  const source = await getPaperSource(db, state, paperSourceStamp(state))
  const seed = randomBytes(16).toString('hex')
  const paper = buildPaper(state.selection === 'FIXED' ? { selection: 'FIXED', questionIds: source.questionIds ?? [] } : { selection: 'RANDOM', pools: state.pools as Pool[] }, source.bank, {
    seed,
    shuffleQuestions: state.shuffleQuestions,
    shuffleOptions: state.shuffleOptions,
  })
  if (!paper.ok) {
    logger.error({ examId: state.id, error: paper.error }, 'exam paper cannot be drawn')
    throw new AppError(paper.error.code === 'no_questions' ? 'no_questions' : 'pool_too_small', 'The exam has too few questions', { ...paper.error })
  }

  const deadline = attemptDeadline(now, state.timeLimitMinutes, state.closesAt)
  const attempt = { id: newRowId(), number: state.attemptsUsed + 1, deadline }
  try {
    await attemptWriter(db)({
      id: attempt.id,
      examId: state.id,
      registrationId,
      number: attempt.number,
      seed,
      startedAt: now,
      deadline,
      ipAddress: ctx.ipAddress ?? null,
      userAgent: ctx.userAgent ?? null,
      userId: input.userId,
      questions: paper.questions.map((q, position) => ({ p: position, v: q.versionId, o: q.optionOrder })),
    })
    logger.info({ examId: state.id, attemptId: attempt.id, registrationId }, 'exam attempt started')
    return attempt
  } catch (error) {
    if (isUniqueViolation(error)) {
      // Another start won the race: either the one-in-progress key or the attempt number.
      const winner = await db.examAttempt.findFirst({ where: { examId: state.id, registrationId, status: 'IN_PROGRESS' }, select: { id: true } })
      throw new AppError('attempt_in_progress', 'An attempt is already in progress', winner ? { attemptId: winner.id } : undefined)
    }
    throw error
  }
}

type StateKey = { examId: string; userId: string; slug: string | null }

/**
 * What a start needs to know, for many starts in one query (createStatementBatcher gathers
 * the starts that arrive together): the exam, the candidate's registration, their attempts
 * (how many, and the one in progress) and the stamp of the exam's bank, one row per start
 * (none for an exam that is not published, or not in that event). The bank's stamp is
 * computed once per event in the batch.
 */
async function readStartStates(db: Db, keys: StateKey[]): Promise<(StartState | null)[]> {
  const rows = await db.$queryRaw<(StartState & { ord: number })[]>`
    WITH i AS (
           SELECT * FROM unnest(${keys.map((k) => k.examId)}::text[], ${keys.map((k) => k.userId)}::text[], ${keys.map((k) => k.slug)}::text[]) WITH ORDINALITY AS i("examId", "userId", "slug", "ord")),
         b AS (
           SELECT q."eventId", count(*) FILTER (WHERE q."retiredAt" IS NULL) AS "questions", coalesce(sum(q."latestVersion"), 0) AS "versions", max(q."updatedAt") AS "updated"
             FROM "Question" AS q
            WHERE q."eventId" IN (SELECT e."eventId" FROM "Exam" AS e WHERE e."id" IN (SELECT "examId" FROM i))
            GROUP BY q."eventId")
    SELECT i."ord"::int AS "ord", e."id", e."eventId", e."forumId", e."sessionId", e."opensAt", e."closesAt", e."timeLimitMinutes", e."attemptsAllowed",
           e."selection"::text AS "selection", e."pools", e."shuffleQuestions", e."shuffleOptions", e."minAttendedMinutes", e."updatedAt" AS "examUpdatedAt",
           r."id" AS "registrationId", r."status"::text AS "registrationStatus",
           coalesce(t."used", 0)::int AS "attemptsUsed", t."openId", t."openDeadline",
           coalesce(b."questions", 0)::int AS "bankQuestions", coalesce(b."versions", 0)::int AS "bankVersions", b."updated" AS "bankUpdatedAt"
      FROM i
      JOIN "Exam" AS e ON e."id" = i."examId" AND e."published"
      JOIN "Event" AS v ON v."id" = e."eventId" AND v."status" = 'PUBLISHED' AND (i."slug" IS NULL OR v."slug" = i."slug")
      LEFT JOIN "Registration" AS r ON r."eventId" = e."eventId" AND r."userId" = i."userId"
      LEFT JOIN LATERAL (
             SELECT count(*) AS "used",
                    (array_agg(x."id") FILTER (WHERE x."status" = 'IN_PROGRESS'))[1] AS "openId",
                    (array_agg(x."deadline") FILTER (WHERE x."status" = 'IN_PROGRESS'))[1] AS "openDeadline"
               FROM "ExamAttempt" AS x WHERE x."examId" = e."id" AND x."registrationId" = r."id") AS t ON true
      LEFT JOIN b ON b."eventId" = e."eventId"`
  const byOrd = new Map(rows.map(({ ord, ...row }) => [ord, row]))
  return keys.map((_, i) => byOrd.get(i + 1) ?? null)
}

const readers = new WeakMap<Db, (key: StateKey) => Promise<StartState | null>>()
function stateReader(db: Db) {
  let reader = readers.get(db)
  if (!reader) {
    reader = createStatementBatcher<StateKey, StartState | null>({ write: (keys) => readStartStates(db, keys), maxItems: 250 })
    readers.set(db, reader)
  }
  return reader
}

type NewAttempt = {
  id: string
  examId: string
  registrationId: string
  number: number
  seed: string
  startedAt: Date
  deadline: Date
  ipAddress: string | null
  userAgent: string | null
  userId: string
  questions: { p: number; v: string; o: number[] }[]
}

/**
 * Writes new attempts, their questions and their audit entries in one statement, or none
 * of them. Starts that arrive together share the statement (createStatementBatcher: a burst
 * of 5,000 starts is a few dozen writes); a batch that fails, for instance on the
 * one-in-progress key of one double-clicked start, is written again one attempt at a
 * time, so only that start sees the error.
 */
function writeAttempts(db: Db, rows: NewAttempt[]): Promise<number> {
  const col = <T>(pick: (r: NewAttempt) => T) => rows.map(pick)
  return db.$executeRaw`
    WITH input AS (
           SELECT * FROM unnest(${col((r) => r.id)}::text[], ${col((r) => r.examId)}::text[], ${col((r) => r.registrationId)}::text[], ${col((r) => r.number)}::int[],
                                ${col((r) => r.seed)}::text[], ${col((r) => r.startedAt.toISOString())}::timestamp(3)[], ${col((r) => r.deadline.toISOString())}::timestamp(3)[],
                                ${col((r) => r.ipAddress)}::text[], ${col((r) => r.userAgent)}::text[], ${col((r) => r.userId)}::text[], ${rows.map(() => newRowId())}::text[],
                                ${col((r) => JSON.stringify(r.questions))}::jsonb[])
                    AS x("id", "examId", "registrationId", "number", "seed", "startedAt", "deadline", "ip", "ua", "userId", "auditId", "questions")),
         attempt AS (
           INSERT INTO "ExamAttempt" ("id", "examId", "registrationId", "number", "seed", "startedAt", "deadline", "ipAddresses", "userAgents", "updatedAt")
           SELECT "id", "examId", "registrationId", "number", "seed", "startedAt", "deadline",
                  CASE WHEN "ip" IS NULL THEN '{}'::text[] ELSE ARRAY["ip"] END, CASE WHEN "ua" IS NULL THEN '{}'::text[] ELSE ARRAY["ua"] END, "startedAt"
             FROM input
           RETURNING "id"),
         drawn AS (
           INSERT INTO "ExamAttemptQuestion" ("attemptId", "position", "questionVersionId", "optionOrder", "updatedAt")
           SELECT i."id", (q->>'p')::int, q->>'v', ARRAY(SELECT jsonb_array_elements_text(q->'o')::int), i."startedAt"
             FROM attempt AS a JOIN input AS i ON i."id" = a."id", jsonb_array_elements(i."questions") AS q
           RETURNING 1)
    INSERT INTO "AuditLog" ("id", "type", "data", "userId", "ipAddress", "userAgent")
    SELECT i."auditId", 'exam.attempt.started', jsonb_build_object('examId', i."examId", 'attemptId', i."id", 'registrationId', i."registrationId", 'number', i."number"), i."userId", i."ip", i."ua"
      FROM attempt AS a JOIN input AS i ON i."id" = a."id"`
}

const writers = new WeakMap<Db, (row: NewAttempt) => Promise<void>>()
function attemptWriter(db: Db) {
  let writer = writers.get(db)
  if (!writer) {
    const batched = createStatementBatcher<NewAttempt, void>({
      write: async (rows) => {
        await writeAttempts(db, rows)
        return rows.map(() => undefined)
      },
      maxItems: 250,
    })
    writer = batched
    writers.set(db, writer)
  }
  return writer
}

/** A unique key refused the write, through Prisma's client (P2002) or raw SQL (23505). */
function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false
  if (error.code === 'P2002') return true
  const meta = error.meta as { code?: string; driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } } | undefined
  return meta?.code === '23505' || meta?.driverAdapterError?.cause?.originalCode === '23505' || meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation'
}
