import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { signTicket } from '../../app/domain/ticket-token.ts'
import type { QuestionResponse } from '../../app/domain/grading.ts'
import { action as checkinAction } from '../../app/routes/api.checkin.ts'
import { action as attemptAction } from '../../app/routes/api.exam-attempts.$attemptId.ts'
import { getExamAttempt } from '../../app/services/exams/get-exam-attempt.server.ts'
import { startExamAttempt } from '../../app/services/exams/start-exam-attempt.server.ts'
import { submitExamAttempt } from '../../app/services/exams/submit-exam-attempt.server.ts'
import { commitLoginSession } from '../../app/utils/auth.server.ts'
import { localeCookie } from '../../app/utils/session.server.ts'
import { testDatabaseUrl, testDb } from '../helpers/db.ts'
import { answerFor, createExamSetup } from '../helpers/exam-fixtures.ts'

// The routes read the process-wide client and secrets, as in the server.
process.env.DATABASE_URL = testDatabaseUrl()
process.env.SESSION_SECRET = 'test-secret-test-secret-test-secret-42'
process.env.TICKET_SECRET = 'ticket-secret-ticket-secret-ticket-secret'

const db = testDb()
const SITE = 'http://forum.test'
type Reply = { ok: boolean; remainingMs?: number; error?: { code: string; message: string } }

/** Local time in Shanghai, as the exam form takes it. */
const shanghai = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16)

async function sessionCookie(userId: string) {
  const expiresAt = new Date(Date.now() + 3600_000)
  const row = await db.loginSession.create({ data: { userId, expiresAt } })
  return { id: row.id, cookie: (await commitLoginSession(row.id, expiresAt)).split(';')[0]! }
}

type Call = { cookie?: string; contentType?: string | null; origin?: string; fetchSite?: string; method?: string; locale?: 'en' | 'zh-CN'; body?: BodyInit }

async function headersFor(call: Call) {
  const headers = new Headers()
  const cookies = [call.cookie, call.locale ? (await localeCookie.serialize(call.locale)).split(';')[0] : undefined].filter(Boolean)
  if (cookies.length > 0) headers.set('cookie', cookies.join('; '))
  if (call.contentType !== null) headers.set('content-type', call.contentType ?? 'application/json')
  if (call.origin) headers.set('origin', call.origin)
  if (call.fetchSite) headers.set('sec-fetch-site', call.fetchSite)
  return headers
}

/** Calls the route's action as Remix does, and reads the JSON reply. */
async function post(attemptId: string, payload: unknown, call: Call = {}) {
  const request = new Request(`${SITE}/api/exam-attempts/${attemptId}`, { method: call.method ?? 'POST', headers: await headersFor(call), body: call.body ?? JSON.stringify(payload) })
  const res = await attemptAction({ request, params: { attemptId }, context: {} })
  expect(res).toBeInstanceOf(Response)
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  return { status: res.status, body: (await res.json()) as Reply }
}

let attemptId = ''
let lateAttemptId = ''
let owner = { id: '', cookie: '' }
let stranger = { id: '', cookie: '' }
let questions: Awaited<ReturnType<typeof runningQuestions>> = []
const save = (position: number, response: QuestionResponse) => ({ intent: 'save', position, response })

async function runningQuestions(id: string, userId: string) {
  const { view } = await getExamAttempt(db, { attemptId: id, userId })
  if (view.state !== 'running') throw new Error('attempt is not running')
  return view.questions
}

beforeAll(async () => {
  const now = Date.now()
  const window = { opensAt: shanghai(new Date(now - 24 * 3600_000)), closesAt: shanghai(new Date(now + 24 * 3600_000)) }
  const { exam, userIds } = await createExamSetup(db, { candidates: 3, exam: { ...window, timeLimitMinutes: 30, attemptsAllowed: 3 } })
  owner = { id: userIds[0]!, cookie: (await sessionCookie(userIds[0]!)).cookie }
  stranger = { id: userIds[1]!, cookie: (await sessionCookie(userIds[1]!)).cookie }
  attemptId = (await startExamAttempt(db, { examId: exam.id, userId: owner.id })).id
  questions = await runningQuestions(attemptId, owner.id)
  // Started two hours ago with 30 minutes: its deadline (and grace) has passed.
  lateAttemptId = (await startExamAttempt(db, { examId: exam.id, userId: userIds[2]!, now: new Date(now - 2 * 3600_000) })).id
})
afterAll(async () => {
  const { disconnectDb } = await import('../../app/utils/db.server.ts')
  await disconnectDb()
  await db.$disconnect()
})

const storedResponse = async (id: string, position: number) =>
  (await db.examAttemptQuestion.findUnique({ where: { attemptId_position: { attemptId: id, position } }, select: { response: true } }))?.response ?? null

describe('the autosave API answers with real statuses', () => {
  test('200: the answer is saved and the time left comes back', async () => {
    const q = questions[0]!
    const { status, body } = await post(attemptId, save(q.position, answerFor(q) as QuestionResponse), { cookie: owner.cookie, origin: SITE, fetchSite: 'same-origin' })
    expect(status).toBe(200)
    expect(body.ok).toBe(true)
    expect(body.remainingMs).toBeGreaterThan(25 * 60_000)
    expect(await storedResponse(attemptId, q.position)).not.toBeNull()
  })

  test('401 as JSON when logged out, never a redirect to the log-in page', async () => {
    const q = questions[1]!
    const { status, body } = await post(attemptId, save(q.position, answerFor(q) as QuestionResponse))
    expect(status).toBe(401)
    expect(body).toEqual({ ok: false, error: { code: 'unauthenticated', message: '请先登录。' } })
    expect(await storedResponse(attemptId, q.position)).toBeNull()
  })

  test('401 once the session is gone (logged out in another tab), in the language of the page', async () => {
    const { id, cookie } = await sessionCookie(owner.id)
    await db.loginSession.delete({ where: { id } })
    const q = questions[1]!
    const { status, body } = await post(attemptId, save(q.position, answerFor(q) as QuestionResponse), { cookie, locale: 'en' })
    expect(status).toBe(401)
    expect(body.error).toEqual({ code: 'unauthenticated', message: 'Please log in first.' })
  })

  test("403 for another candidate's attempt, for answers and integrity signals alike", async () => {
    const q = questions[1]!
    const answer = await post(attemptId, save(q.position, answerFor(q) as QuestionResponse), { cookie: stranger.cookie })
    expect(answer.status).toBe(403)
    expect(answer.body.error?.code).toBe('forbidden')
    const signal = await post(attemptId, { intent: 'signal', signal: 'tab_hidden' }, { cookie: stranger.cookie })
    expect(signal.status).toBe(403)
    expect(await storedResponse(attemptId, q.position)).toBeNull()
    expect((await db.examAttempt.findUniqueOrThrow({ where: { id: attemptId } })).tabSwitches).toBe(0)
  })

  test('404 for an attempt that does not exist, or an id that cannot be one', async () => {
    for (const id of ['clnotanattempt000000000000', 'x']) {
      const { status, body } = await post(id, save(0, { type: 'TRUE_FALSE', answer: true }), { cookie: owner.cookie })
      expect(status).toBe(404)
      expect(body.error?.code).toBe('not_found')
    }
  })

  test('422 for an answer that does not fit its question, or a body that is not an answer', async () => {
    const choice = questions.find((q) => q.type === 'SINGLE_CHOICE')!
    // The paper's order is drawn per attempt, so an earlier test may have answered this question: nothing may change it.
    const before = await storedResponse(attemptId, choice.position)
    const cases: unknown[] = [
      save(choice.position, { type: 'SINGLE_CHOICE', option: 9 }),
      save(choice.position, { type: 'TRUE_FALSE', answer: true }),
      save(99, { type: 'TRUE_FALSE', answer: true }),
      { intent: 'save', position: choice.position, response: { type: 'ESSAY', text: 'x' } },
      { intent: 'delete-everything' },
    ]
    for (const payload of cases) {
      const { status, body } = await post(attemptId, payload, { cookie: owner.cookie })
      expect(status, JSON.stringify(payload)).toBe(422)
      expect(body.error).toEqual({ code: 'invalid_answer', message: '答案格式不正确。' })
    }
    expect(await storedResponse(attemptId, choice.position)).toEqual(before)
  })

  test('400 for a body that is not JSON', async () => {
    const { status, body } = await post(attemptId, null, { cookie: owner.cookie, body: '{"intent":' })
    expect(status).toBe(400)
    expect(body.error?.code).toBe('bad_request')
  })

  test('415 for JSON sent as text/plain or a form (what another site can send without asking), and nothing is saved', async () => {
    const q = questions[1]!
    for (const contentType of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', null]) {
      const { status, body } = await post(attemptId, save(q.position, answerFor(q) as QuestionResponse), { cookie: owner.cookie, contentType })
      expect(status, String(contentType)).toBe(415)
      expect(body.error).toEqual({ code: 'unsupported_media_type', message: '请求格式不受支持，请以 JSON（application/json）发送。' })
    }
    expect(await storedResponse(attemptId, q.position)).toBeNull()
  })

  test('403 for a request from another site, even with the right content type and a valid session', async () => {
    const q = questions[1]!
    const attempts: Call[] = [
      { origin: 'https://evil.example' },
      { origin: 'http://forum.test.evil.example' },
      { origin: 'null' },
      { origin: 'not a url' },
      { fetchSite: 'cross-site' },
      { fetchSite: 'cross-site', origin: SITE },
    ]
    for (const call of attempts) {
      const { status, body } = await post(attemptId, save(q.position, answerFor(q) as QuestionResponse), { cookie: owner.cookie, ...call })
      expect(status, JSON.stringify(call)).toBe(403)
      expect(body.error?.code).toBe('cross_origin')
    }
    expect(await storedResponse(attemptId, q.position)).toBeNull()
    // The same site, named either way, is fine.
    expect((await post(attemptId, save(q.position, answerFor(q) as QuestionResponse), { cookie: owner.cookie, origin: SITE, fetchSite: 'same-origin' })).status).toBe(200)
  })

  test('413 for a body over 64 KB, chunked or not', async () => {
    const big = JSON.stringify(save(0, { type: 'SHORT_ANSWER', text: 'x'.repeat(70_000) }))
    const declared = await post(attemptId, null, { cookie: owner.cookie, body: big })
    expect(declared.status).toBe(413)
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(8192)))
        controller.close()
      },
    })
    const request = new Request(`${SITE}/api/exam-attempts/${attemptId}`, { method: 'POST', headers: await headersFor({ cookie: owner.cookie }), body: chunks, duplex: 'half' } as RequestInit)
    expect(request.headers.get('content-length')).toBeNull()
    const res = await attemptAction({ request, params: { attemptId }, context: {} })
    expect(res.status).toBe(413)
    expect(((await res.json()) as Reply).error?.code).toBe('payload_too_large')
  })

  test('405 for a method other than POST', async () => {
    const { status } = await post(attemptId, save(0, { type: 'TRUE_FALSE', answer: true }), { cookie: owner.cookie, method: 'PUT' })
    expect(status).toBe(405)
  })

  test('an integrity signal sent as an application/json beacon is counted', async () => {
    const { status } = await post(attemptId, { intent: 'signal', signal: 'focus_lost' }, { cookie: owner.cookie, origin: SITE })
    expect(status).toBe(200)
    expect((await db.examAttempt.findUniqueOrThrow({ where: { id: attemptId } })).focusLosses).toBe(1)
  })

  test('409 after the deadline: nothing is saved and the attempt is submitted by itself', async () => {
    const late = await db.examAttempt.findUniqueOrThrow({ where: { id: lateAttemptId }, select: { registration: { select: { userId: true } } } })
    const { cookie } = await sessionCookie(late.registration.userId)
    const { status, body } = await post(lateAttemptId, save(0, { type: 'SINGLE_CHOICE', option: 0 }), { cookie })
    expect(status).toBe(409)
    expect(body.error).toEqual({ code: 'attempt_time_up', message: '时间已到，答卷已自动提交。' })
    expect(await storedResponse(lateAttemptId, 0)).toBeNull()
    expect((await db.examAttempt.findUniqueOrThrow({ where: { id: lateAttemptId } })).status).toBe('AUTO_SUBMITTED')
  })

  test('409 once the attempt is submitted', async () => {
    await submitExamAttempt(db, { attemptId, userId: owner.id })
    const q = questions[2]!
    const { status, body } = await post(attemptId, save(q.position, answerFor(q) as QuestionResponse), { cookie: owner.cookie })
    expect(status).toBe(409)
    expect(body.error?.code).toBe('attempt_finished')
    expect(await storedResponse(attemptId, q.position)).toBeNull()
  })
})

describe('the check-in API takes JSON from this site only', () => {
  let scan: Record<string, string> = {}
  let staffCookie = ''

  beforeAll(async () => {
    const { event, ticket, userIds } = await createExamSetup(db, { candidates: 2 })
    const reg = await db.registration.findFirstOrThrow({ where: { eventId: event.id, userId: userIds[0]!, ticketTypeId: ticket.id } })
    await db.user.update({ where: { id: userIds[1]! }, data: { role: 'STAFF' } })
    staffCookie = (await sessionCookie(userIds[1]!)).cookie
    const venue = await db.venue.findFirstOrThrow({ where: { eventId: event.id } })
    scan = { code: signTicket(process.env.TICKET_SECRET!, reg.id), venueId: venue.id, kind: 'ENTRY', nonce: `nonce-${Date.now()}`, scannedAt: new Date().toISOString() }
  })

  async function checkin(payload: unknown, call: Call = {}) {
    const request = new Request(`${SITE}/api/checkin`, { method: 'POST', headers: await headersFor(call), body: call.body ?? JSON.stringify(payload) })
    const res = await checkinAction({ request, params: {}, context: {} })
    return { status: res.status, body: (await res.json()) as Reply & { data?: { outcome: string } } }
  }

  test('a scan from the page is recorded once, however often it is sent', async () => {
    const first = await checkin(scan, { cookie: staffCookie, origin: SITE, fetchSite: 'same-origin' })
    expect(first.status).toBe(200)
    expect(first.body.data?.outcome).toBe('recorded')
    const again = await checkin(scan, { cookie: staffCookie, origin: SITE })
    expect(again.status).toBe(200)
    expect(await db.checkIn.count({ where: { nonce: scan.nonce } })).toBe(1)
  })

  test.each<[string, Call, number, string]>([
    ['text/plain from another site', { contentType: 'text/plain', origin: 'https://evil.example' }, 403, 'cross_origin'],
    ['text/plain from this site', { contentType: 'text/plain', origin: SITE }, 415, 'unsupported_media_type'],
    ['a form post', { contentType: 'application/x-www-form-urlencoded' }, 415, 'unsupported_media_type'],
    ['JSON from another site', { origin: 'https://evil.example' }, 403, 'cross_origin'],
    ['JSON that the browser marks cross-site', { fetchSite: 'cross-site' }, 403, 'cross_origin'],
  ])('%s is refused (%s)', async (_name, call, status, code) => {
    const before = await db.checkIn.count()
    const res = await checkin({ ...scan, nonce: `nonce-x-${Date.now()}` }, { cookie: staffCookie, ...call })
    expect(res.status).toBe(status)
    expect(res.body.error?.code).toBe(code)
    expect(await db.checkIn.count()).toBe(before)
  })

  test('401 for an anonymous caller, 400 for a body that is not JSON, 422 for one that is not a scan', async () => {
    expect((await checkin(scan)).status).toBe(401)
    expect((await checkin(null, { cookie: staffCookie, body: '{not json' })).body.error).toEqual({ code: 'bad_request', message: '请求无效。' })
    expect((await checkin({ code: '', kind: 'SIDEWAYS' }, { cookie: staffCookie })).status).toBe(422)
  })
})
