import ExcelJS from 'exceljs'
import { afterAll, describe, expect, test } from 'vitest'
import type { QuestionResponse } from '../../app/domain/grading.ts'
import { editQuestion } from '../../app/services/exams/edit-question.server.ts'
import { attendanceMinutesRule, confirmedRegistrationRule } from '../../app/services/exams/exam-eligibility.server.ts'
import { exportExamCsv, exportExamXlsx } from '../../app/services/exams/export-exam-results.server.ts'
import { getCandidateExam } from '../../app/services/exams/get-candidate-exam.server.ts'
import { getExamAttempt, type RunningAttemptView } from '../../app/services/exams/get-exam-attempt.server.ts'
import { getExamResults } from '../../app/services/exams/get-exam-results.server.ts'
import { recordIntegritySignal } from '../../app/services/exams/record-integrity-signal.server.ts'
import { regradeExam } from '../../app/services/exams/regrade-exam.server.ts'
import { setQuestionRetired } from '../../app/services/exams/retire-question.server.ts'
import { saveExamAnswer } from '../../app/services/exams/save-exam-answer.server.ts'
import { startExamAttempt } from '../../app/services/exams/start-exam-attempt.server.ts'
import { finishExamAttempt, submitExamAttempt } from '../../app/services/exams/submit-exam-attempt.server.ts'
import { sweepExpiredAttempts } from '../../app/services/exams/sweep-expired-attempts.server.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { answerFor, createExamSetup, T0 } from '../helpers/exam-fixtures.ts'
import { testDatabaseUrl } from '../helpers/db.ts'

// A pool as large as a production node's, so concurrent starts and submits really overlap.
const db = createPrisma(testDatabaseUrl(), 20)
afterAll(() => db.$disconnect())
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000)

async function runningView(attemptId: string, userId: string, now: Date) {
  const { view } = await getExamAttempt(db, { attemptId, userId, now })
  if (view.state !== 'running') throw new Error(`attempt is ${view.state}`)
  return view as RunningAttemptView
}

async function answerAll(attemptId: string, userId: string, now: Date, right = true) {
  const view = await runningView(attemptId, userId, now)
  for (const q of view.questions) await saveExamAnswer(db, { attemptId, userId, position: q.position, response: answerFor(q, right) as QuestionResponse, now })
}

describe('an attempt, end to end on the server', () => {
  test('resumes after a simulated crash, from another device, with the answers saved and the right time left', async () => {
    const { exam, userIds } = await createExamSetup(db)
    const userId = userIds[0]!
    const attempt = await startExamAttempt(db, { examId: exam.id, userId, now: T0 }, { ipAddress: '10.0.0.1', userAgent: 'Phone' })
    expect(attempt.deadline).toEqual(minutes(30))

    const first = await runningView(attempt.id, userId, minutes(1))
    const half = first.questions.slice(0, 3)
    for (const q of half) await saveExamAnswer(db, { attemptId: attempt.id, userId, position: q.position, response: answerFor(q) as QuestionResponse, now: minutes(2) })

    // The browser dies and the server restarts: a brand-new client, nothing kept in memory.
    const afterCrash = createPrisma(testDatabaseUrl(), 2)
    try {
      const { view } = await getExamAttempt(afterCrash, { attemptId: attempt.id, userId, now: minutes(12) }, { ipAddress: '10.0.0.2', userAgent: 'Laptop' })
      if (view.state !== 'running') throw new Error('expected a running attempt')
      expect(view.attempt.remainingMs).toBe(18 * 60_000)
      // Same paper, same option order, answers shown as they were given.
      expect(view.questions.map((q) => [q.text, q.options])).toEqual(first.questions.map((q) => [q.text, q.options]))
      expect(view.questions.slice(0, 3).map((q) => q.response)).toEqual(half.map((q) => answerFor(q)))
      expect(view.questions.slice(3).map((q) => q.response)).toEqual([null, null])
    } finally {
      await afterCrash.$disconnect()
    }
    const row = await db.examAttempt.findUniqueOrThrow({ where: { id: attempt.id } })
    expect(row).toMatchObject({ status: 'IN_PROGRESS', ipAddresses: ['10.0.0.1', '10.0.0.2'], userAgents: ['Phone', 'Laptop'] })
  })

  test('the answer key never reaches the candidate while the attempt runs', async () => {
    const { exam, userIds } = await createExamSetup(db)
    const attempt = await startExamAttempt(db, { examId: exam.id, userId: userIds[0]!, now: T0 })
    const json = JSON.stringify(await getExamAttempt(db, { attemptId: attempt.id, userId: userIds[0]!, now: T0 }))
    for (const secret of ['weight', 'feedback', 'answers', 'macrolides', '大环内酯类', '"answer"', 'tolerance', 'Q1 诊断', 'seed']) expect(json).not.toContain(secret)
  })

  test('a full, right paper scores 100% and passes; the review shows the key as the exam allows', async () => {
    const { exam, userIds } = await createExamSetup(db)
    const userId = userIds[0]!
    const attempt = await startExamAttempt(db, { examId: exam.id, userId, now: T0 })
    await answerAll(attempt.id, userId, minutes(5))
    const outcome = await submitExamAttempt(db, { attemptId: attempt.id, userId, now: minutes(6) })
    expect(outcome).toMatchObject({ status: 'SUBMITTED', closedNow: true, graded: true, percentage: 100, passed: true })
    const { view } = await getExamAttempt(db, { attemptId: attempt.id, userId, now: minutes(7) })
    if (view.state !== 'finished') throw new Error('expected a finished attempt')
    expect(view.answersShown).toBe(true)
    expect(view.questions.every((q) => q.correct && q.key !== null)).toBe(true)
    await expect(saveExamAnswer(db, { attemptId: attempt.id, userId, position: 0, response: { type: 'SINGLE_CHOICE', option: 0 }, now: minutes(8) })).rejects.toMatchObject({
      code: 'attempt_finished',
    })
  })

  test('someone else cannot read, answer or submit an attempt', async () => {
    const { exam, userIds } = await createExamSetup(db, { candidates: 2 })
    const attempt = await startExamAttempt(db, { examId: exam.id, userId: userIds[0]!, now: T0 })
    const stranger = userIds[1]!
    await expect(getExamAttempt(db, { attemptId: attempt.id, userId: stranger, now: T0 })).rejects.toMatchObject({ code: 'not_found' })
    await expect(saveExamAnswer(db, { attemptId: attempt.id, userId: stranger, position: 0, response: { type: 'SINGLE_CHOICE', option: 0 }, now: T0 })).rejects.toMatchObject({ code: 'forbidden' })
    await expect(submitExamAttempt(db, { attemptId: attempt.id, userId: stranger, now: T0 })).rejects.toMatchObject({ code: 'not_found' })
  })

  test('an answer that does not fit its question is refused and nothing is saved', async () => {
    const { exam, userIds } = await createExamSetup(db)
    const userId = userIds[0]!
    const attempt = await startExamAttempt(db, { examId: exam.id, userId, now: T0 })
    const view = await runningView(attempt.id, userId, T0)
    const choice = view.questions.find((q) => q.type === 'SINGLE_CHOICE')!
    await expect(saveExamAnswer(db, { attemptId: attempt.id, userId, position: choice.position, response: { type: 'SINGLE_CHOICE', option: 9 }, now: T0 })).rejects.toMatchObject({
      code: 'invalid_answer',
    })
    await expect(saveExamAnswer(db, { attemptId: attempt.id, userId, position: choice.position, response: { type: 'TRUE_FALSE', answer: true }, now: T0 })).rejects.toMatchObject({
      code: 'invalid_answer',
    })
    await expect(saveExamAnswer(db, { attemptId: attempt.id, userId, position: 99, response: { type: 'TRUE_FALSE', answer: true }, now: T0 })).rejects.toMatchObject({ code: 'invalid_answer' })
    expect((await runningView(attempt.id, userId, T0)).questions.every((q) => q.response === null)).toBe(true)
  })
})

describe('the deadline', () => {
  test('reaching it auto-submits on the next request: the saved answers are graded, at the deadline, once', async () => {
    const { exam, userIds } = await createExamSetup(db)
    const userId = userIds[0]!
    const attempt = await startExamAttempt(db, { examId: exam.id, userId, now: T0 })
    await answerAll(attempt.id, userId, minutes(29))
    // A save that arrives after the deadline and its grace is refused, and ends the attempt.
    await expect(saveExamAnswer(db, { attemptId: attempt.id, userId, position: 0, response: { type: 'SINGLE_CHOICE', option: null }, now: minutes(30.1) })).rejects.toMatchObject({
      code: 'attempt_time_up',
    })
    const row = await db.examAttempt.findUniqueOrThrow({ where: { id: attempt.id } })
    expect(row).toMatchObject({ status: 'AUTO_SUBMITTED', submittedAt: minutes(30), percentage: 100, gradings: 1, active: null })
    const { view } = await getExamAttempt(db, { attemptId: attempt.id, userId, now: minutes(31) })
    expect(view.state).toBe('finished')
  })

  test('an abandoned attempt is graded by the periodic sweep at its deadline, and never twice', async () => {
    const { exam, userIds } = await createExamSetup(db, { candidates: 3 })
    const attempts = await Promise.all(userIds.map((userId) => startExamAttempt(db, { examId: exam.id, userId, now: T0 })))
    await answerAll(attempts[0]!.id, userIds[0]!, minutes(10), false)
    expect(await sweepExpiredAttempts(db, minutes(29))).toBe(0)
    expect(await sweepExpiredAttempts(db, minutes(31))).toBeGreaterThanOrEqual(3)
    expect(await sweepExpiredAttempts(db, minutes(32))).toBe(0)
    const rows = await db.examAttempt.findMany({ where: { id: { in: attempts.map((a) => a.id) } } })
    for (const r of rows) expect(r).toMatchObject({ status: 'AUTO_SUBMITTED', submittedAt: minutes(30), gradings: 1, percentage: 0, passed: false })
  })

  test('within the grace after the deadline an answer still counts; the clock shown never includes the grace', async () => {
    const { exam, userIds } = await createExamSetup(db)
    const userId = userIds[0]!
    const attempt = await startExamAttempt(db, { examId: exam.id, userId, now: T0 })
    const q = (await runningView(attempt.id, userId, T0)).questions[0]!
    const justLate = new Date(minutes(30).getTime() + 1000)
    expect(await saveExamAnswer(db, { attemptId: attempt.id, userId, position: q.position, response: answerFor(q) as QuestionResponse, now: justLate })).toEqual({ remainingMs: 0 })
    expect((await submitExamAttempt(db, { attemptId: attempt.id, userId, now: justLate })).status).toBe('SUBMITTED')
  })

  test('the exam closing cuts the time limit short', async () => {
    const { exam, userIds } = await createExamSetup(db)
    const attempt = await startExamAttempt(db, { examId: exam.id, userId: userIds[0]!, now: new Date('2027-01-07T23:50:00Z') })
    expect(attempt.deadline).toEqual(exam.closesAt)
  })
})

describe('one attempt at a time, graded once', () => {
  test('ten simultaneous starts by one candidate: exactly one attempt, the rest refused naming it', async () => {
    const { exam, userIds } = await createExamSetup(db)
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => startExamAttempt(db, { examId: exam.id, userId: userIds[0]!, now: T0 })))
    const started = results.filter((r) => r.status === 'fulfilled')
    expect(started).toHaveLength(1)
    const winner = (started[0] as PromiseFulfilledResult<{ id: string }>).value.id
    for (const r of results.filter((x) => x.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'attempt_in_progress' })
    expect(await db.examAttempt.count({ where: { examId: exam.id } })).toBe(1)
    // A later start, from any device, is refused too, and says which attempt to resume.
    await expect(startExamAttempt(db, { examId: exam.id, userId: userIds[0]!, now: minutes(5) })).rejects.toMatchObject({ code: 'attempt_in_progress', details: { attemptId: winner } })
  })

  test('the database itself refuses a second attempt in progress', async () => {
    const { exam, userIds } = await createExamSetup(db)
    const attempt = await startExamAttempt(db, { examId: exam.id, userId: userIds[0]!, now: T0 })
    const row = await db.examAttempt.findUniqueOrThrow({ where: { id: attempt.id } })
    await expect(db.examAttempt.create({ data: { examId: exam.id, registrationId: row.registrationId, number: 2, seed: 'x', startedAt: T0, deadline: minutes(30) } })).rejects.toMatchObject({
      code: 'P2002',
    })
  })

  test('twenty simultaneous submits and the sweep: graded exactly once, everyone sees the same result', async () => {
    const { exam, userIds } = await createExamSetup(db)
    const userId = userIds[0]!
    const attempt = await startExamAttempt(db, { examId: exam.id, userId, now: T0 })
    await answerAll(attempt.id, userId, minutes(3))
    const outcomes = await Promise.all([
      ...Array.from({ length: 20 }, () => submitExamAttempt(db, { attemptId: attempt.id, userId, now: minutes(4) })),
      finishExamAttempt(db, attempt.id, { now: minutes(4), requested: 'AUTO_SUBMITTED' }),
    ])
    // One call closed it; every call reports the same status, and any that saw a result saw the same one.
    expect(outcomes.filter((o) => o.closedNow)).toHaveLength(1)
    expect(new Set(outcomes.map((o) => o.status)).size).toBe(1)
    expect(new Set(outcomes.filter((o) => o.graded).map((o) => `${o.percentage}:${o.passed}`))).toEqual(new Set(['100:true']))
    expect(await db.examAttempt.findUniqueOrThrow({ where: { id: attempt.id }, select: { gradings: true, percentage: true } })).toEqual({ gradings: 1, percentage: 100 })
  })

  test('attempts allowed, and which one counts: HIGHEST keeps the best, LAST the latest', async () => {
    for (const [method, expected] of [
      ['HIGHEST', { percentage: 100, passed: true }],
      ['LAST', { percentage: 0, passed: false }],
    ] as const) {
      const { exam, event, userIds } = await createExamSetup(db, { exam: { gradingMethod: method } })
      const userId = userIds[0]!
      const first = await startExamAttempt(db, { examId: exam.id, userId, now: T0 })
      await answerAll(first.id, userId, minutes(1), true)
      await submitExamAttempt(db, { attemptId: first.id, userId, now: minutes(2) })
      const second = await startExamAttempt(db, { examId: exam.id, userId, now: minutes(3) })
      await answerAll(second.id, userId, minutes(4), false)
      await submitExamAttempt(db, { attemptId: second.id, userId, now: minutes(5) })
      await expect(startExamAttempt(db, { examId: exam.id, userId, now: minutes(6) })).rejects.toMatchObject({ code: 'no_attempts_left' })
      const page = await getCandidateExam(db, { slug: event.slug, examId: exam.id, userId, now: minutes(7) })
      expect(page.outcome).toMatchObject(expected)
      expect(page.attemptsLeft).toBe(0)
    }
  })
})

describe('eligibility', () => {
  test('only confirmed registrants; the reason is given', async () => {
    const { exam, event, userIds } = await createExamSetup(db, { candidates: 2 })
    await db.registration.updateMany({ where: { userId: userIds[1]!, eventId: event.id }, data: { status: 'WAITLISTED' } })
    await expect(startExamAttempt(db, { examId: exam.id, userId: userIds[1]!, now: T0 })).rejects.toMatchObject({ code: 'not_eligible', details: { reason: { code: 'registration_not_confirmed' } } })
    const [outsider] = await db.user.findMany({ where: { registrations: { none: { eventId: event.id } } }, take: 1, select: { id: true } })
    await expect(startExamAttempt(db, { examId: exam.id, userId: outsider!.id, now: T0 })).rejects.toMatchObject({ code: 'not_eligible', details: { reason: { code: 'not_registered' } } })
    expect(await db.examAttempt.count({ where: { examId: exam.id } })).toBe(0)
  })

  test('the attendance rule names the minutes: you need 150 of 180; you have 142', async () => {
    const { exam, event, userIds } = await createExamSetup(db, { candidates: 2, exam: { minAttendedMinutes: 150 } })
    const forum = await db.forum.findFirstOrThrow({ where: { eventId: event.id } })
    await db.session.createMany({
      data: [
        { forumId: forum.id, kind: 'TALK', titleZh: '报告一', titleEn: 'Talk 1', startsAt: new Date('2027-03-01T01:00:00Z'), endsAt: new Date('2027-03-01T03:00:00Z') },
        { forumId: forum.id, kind: 'BREAK', titleZh: '茶歇', titleEn: 'Break', startsAt: new Date('2027-03-01T03:00:00Z'), endsAt: new Date('2027-03-01T03:30:00Z') },
        { forumId: forum.id, kind: 'TALK', titleZh: '报告二', titleEn: 'Talk 2', startsAt: new Date('2027-03-01T03:30:00Z'), endsAt: new Date('2027-03-01T04:30:00Z') },
      ],
    })
    const ledger = new Map([
      [userIds[0]!, 142.6],
      [userIds[1]!, 171],
    ])
    const provider = async ({ registrationId }: { registrationId: string }) => {
      const reg = await db.registration.findUniqueOrThrow({ where: { id: registrationId }, select: { userId: true } })
      return ledger.get(reg.userId) ?? 0
    }
    const rules = [confirmedRegistrationRule, attendanceMinutesRule(150, provider)]
    await expect(startExamAttempt(db, { examId: exam.id, userId: userIds[0]!, now: T0, rules })).rejects.toMatchObject({
      code: 'not_eligible',
      details: { reason: { code: 'attendance_short', requiredMinutes: 150, scheduledMinutes: 180, attendedMinutes: 142 } },
    })
    const page = await getCandidateExam(db, { slug: event.slug, examId: exam.id, userId: userIds[0]!, now: T0, rules })
    expect(page.eligibility).toEqual({ eligible: false, reason: { code: 'attendance_short', requiredMinutes: 150, scheduledMinutes: 180, attendedMinutes: 142 } })
    await expect(startExamAttempt(db, { examId: exam.id, userId: userIds[1]!, now: T0, rules })).resolves.toMatchObject({ number: 1 })
    // Without a provider the rule refuses rather than lets everyone in.
    await expect(startExamAttempt(db, { examId: exam.id, userId: userIds[0]!, now: T0, rules: [confirmedRegistrationRule, attendanceMinutesRule(150, null)] })).rejects.toMatchObject({
      details: { reason: { code: 'attendance_unavailable' } },
    })
    // The default provider reads the attendance ledger: nothing there yet, then a venue stay from 09:00 on.
    await expect(startExamAttempt(db, { examId: exam.id, userId: userIds[0]!, now: T0 })).rejects.toMatchObject({ details: { reason: { code: 'attendance_short', attendedMinutes: 0 } } })
    const registration = await db.registration.findFirstOrThrow({ where: { eventId: event.id, userId: userIds[0]! } })
    await db.forum.update({ where: { id: forum.id }, data: { startsAt: new Date('2027-03-01T01:00:00Z'), endsAt: new Date('2027-03-01T04:30:00Z') } })
    await db.attendanceEvent.create({
      data: { registrationId: registration.id, forumId: forum.id, kind: 'VENUE_ENTRY', source: 'VENUE', receivedAt: new Date('2027-03-01T01:00:00Z'), nonce: 'exam-venue-1' },
    })
    await expect(startExamAttempt(db, { examId: exam.id, userId: userIds[0]!, now: T0 })).resolves.toMatchObject({ number: 1 })
  })

  test.each([
    ['before the window', new Date('2026-12-31T00:00:00Z'), 'exam_not_open'],
    ['after the window', new Date('2027-01-09T00:00:00Z'), 'exam_closed'],
  ])('starting %s is refused: %s', async (_name, now, code) => {
    const { exam, userIds } = await createExamSetup(db)
    await expect(startExamAttempt(db, { examId: exam.id, userId: userIds[0]!, now })).rejects.toMatchObject({ code })
  })
})

describe('staff: versions, retiring, regrading, results', () => {
  test('an edit adds a version: attempts keep the question they were asked, new attempts get the new one, a retired question none', async () => {
    const { exam, event, questionIds, userIds } = await createExamSetup(db, { candidates: 2, exam: { shuffleQuestions: false } })
    const before = await startExamAttempt(db, { examId: exam.id, userId: userIds[0]!, now: T0 })
    await editQuestion(db, {
      eventId: event.id,
      questionId: questionIds[0]!,
      gift: '::Q1 诊断::高血压的诊断标准（2024 版）是？{=收缩压 ≥ 140 mmHg ~收缩压 ≥ 130 mmHg ~舒张压 ≥ 70 mmHg ~以上都不是}',
      difficulty: 'EASY',
      tags: ['高血压'],
    })
    await setQuestionRetired(db, { eventId: event.id, questionId: questionIds[4]!, retired: true })
    const after = await startExamAttempt(db, { examId: exam.id, userId: userIds[1]!, now: T0 })
    const old = await runningView(before.id, userIds[0]!, T0)
    const fresh = await runningView(after.id, userIds[1]!, T0)
    expect(old.questions[0]!.text).toBe('高血压的诊断标准是？')
    expect(old.questions).toHaveLength(5)
    expect(fresh.questions[0]!.text).toBe('高血压的诊断标准（2024 版）是？')
    expect(fresh.questions).toHaveLength(4)
    expect(await db.questionVersion.count({ where: { questionId: questionIds[0]! } })).toBe(2)
  })

  test('a corrected key is applied by a regrade, with an audit entry naming every changed score', async () => {
    const { exam, event, questionIds, userIds } = await createExamSetup(db, { candidates: 2 })
    const attempts = []
    for (const userId of userIds) {
      const a = await startExamAttempt(db, { examId: exam.id, userId, now: T0 })
      const view = await runningView(a.id, userId, T0)
      for (const q of view.questions) {
        // Both answer Q1 with 收缩压 ≥ 120 mmHg, which the corrected key will accept; the rest right.
        const response = q.text === '高血压的诊断标准是？' ? { type: 'SINGLE_CHOICE' as const, option: q.options.findIndex((o) => o.text === '收缩压 ≥ 120 mmHg') } : answerFor(q)
        await saveExamAnswer(db, { attemptId: a.id, userId, position: q.position, response: response as QuestionResponse, now: minutes(1) })
      }
      await submitExamAttempt(db, { attemptId: a.id, userId, now: minutes(2) })
      attempts.push(a)
    }
    expect((await db.examAttempt.findMany({ where: { examId: exam.id }, select: { percentage: true } })).map((a) => a.percentage)).toEqual([80, 80])

    // The key was wrong: both 140 and 120 are right (same four options, so answers still fit).
    await editQuestion(db, {
      eventId: event.id,
      questionId: questionIds[0]!,
      gift: '::Q1 诊断::高血压的诊断标准是？{=收缩压 ≥ 140 mmHg =收缩压 ≥ 120 mmHg ~舒张压 ≥ 70 mmHg ~以上都不是}',
      difficulty: 'MEDIUM',
      tags: [],
    })
    const result = await regradeExam(db, { eventId: event.id, examId: exam.id, now: minutes(60) }, { userId: null })
    expect(result).toMatchObject({ attempts: 2, corrected: [{ questionId: questionIds[0], fromVersion: 1, toVersion: 2 }], skipped: [] })
    expect(result.changed.map((c) => [c.before, c.after])).toEqual([
      [80, 100],
      [80, 100],
    ])
    const rows = await db.examAttempt.findMany({ where: { examId: exam.id }, select: { percentage: true, gradings: true } })
    expect(rows).toEqual([
      { percentage: 100, gradings: 1 },
      { percentage: 100, gradings: 1 },
    ])
    const audit = await db.auditLog.findFirstOrThrow({ where: { type: 'exam.regraded', data: { path: ['examId'], equals: exam.id } } })
    expect(audit.data).toMatchObject({
      attempts: 2,
      changed: [
        { before: 80, after: 100 },
        { before: 80, after: 100 },
      ],
    })
    // The candidate's review shows the corrected key.
    const { view } = await getExamAttempt(db, { attemptId: attempts[0]!.id, userId: userIds[0]!, now: minutes(61) })
    expect(view.state === 'finished' && view.questions.every((q) => q.correct)).toBe(true)

    // A version that changes the question's shape cannot grade old answers: skipped, and said so.
    await editQuestion(db, { eventId: event.id, questionId: questionIds[0]!, gift: '::Q1 诊断::高血压的诊断标准是？{=收缩压 ≥ 140 mmHg ~收缩压 ≥ 120 mmHg}', difficulty: 'MEDIUM', tags: [] })
    const again = await regradeExam(db, { eventId: event.id, examId: exam.id, now: minutes(62) })
    expect(again.skipped).toEqual([{ questionId: questionIds[0], fromVersion: 1, toVersion: 3 }])
  })

  test('results: integrity signals, item statistics and exports that include the questions', async () => {
    const { exam, event, userIds } = await createExamSetup(db, { candidates: 4 })
    for (const [i, userId] of userIds.entries()) {
      const a = await startExamAttempt(db, { examId: exam.id, userId, now: T0 }, { ipAddress: `10.0.0.${i}`, userAgent: 'Chromium' })
      const view = await runningView(a.id, userId, T0)
      // Candidate i gets the first 4 - i questions (as shown) right.
      for (const [j, q] of view.questions.entries()) await saveExamAnswer(db, { attemptId: a.id, userId, position: q.position, response: answerFor(q, j < 4 - i) as QuestionResponse, now: minutes(1) })
      if (i === 0) {
        await recordIntegritySignal(db, { attemptId: a.id, userId, signal: 'tab_hidden' })
        await recordIntegritySignal(db, { attemptId: a.id, userId, signal: 'tab_hidden' })
        await recordIntegritySignal(db, { attemptId: a.id, userId, signal: 'focus_lost' })
      }
      await submitExamAttempt(db, { attemptId: a.id, userId, now: minutes(2) })
    }
    const results = await getExamResults(db, { eventId: event.id, examId: exam.id })
    expect(results.summary).toEqual({ candidates: 4, finishedAttempts: 4, inProgress: 0, candidatesPassed: 2 })
    expect(results.attempts.map((a) => a.percentage).sort()).toEqual([20, 40, 60, 80])
    expect(results.attempts.find((a) => a.percentage === 80)).toMatchObject({ tabSwitches: 2, focusLosses: 1, ipAddresses: ['10.0.0.0'], counted: true })
    expect(results.questions).toHaveLength(5)
    for (const q of results.questions) expect(q.statistics.attempts).toBe(4)
    expect(results.questions.map((q) => q.statistics.facility).reduce((a, b) => a! + b!, 0)).toBeCloseTo(2.5, 5)

    const csv = await exportExamCsv(db, { eventId: event.id, examId: exam.id, part: 'questions' })
    expect(csv.body).toContain('高血压的诊断标准是？')
    expect(csv.body).toContain('大环内酯类 | macrolides')
    const xlsx = await exportExamXlsx(db, { eventId: event.id, examId: exam.id })
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer)
    expect(book.worksheets.map((w) => w.name)).toEqual(['成绩 Results', '试题 Questions', '试题分析 Statistics'])
    expect(book.worksheets[0]!.rowCount).toBe(5)
    expect(book.worksheets[1]!.getColumn(6).values).toContain('以下哪些是一线降压药？')
    expect(book.worksheets[2]!.getRow(1).getCell(4).value).toBe('难度（通过率） Facility')
  })
})
