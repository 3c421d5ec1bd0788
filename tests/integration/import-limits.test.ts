import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { importQuestions } from '../../app/services/exams/import-questions.server.ts'
import { parseQuestions } from '../../app/services/exams/parse-questions.server.ts'
import { startAppServer, type AppServer } from '../helpers/app-server.ts'
import { testDatabaseUrl, testDb } from '../helpers/db.ts'
import { createEvent } from '../helpers/fixtures.ts'
import { logIn, multipart, send } from '../helpers/http-probe.ts'

// Issue 17, finding 8: a 1.98M-character Aiken preview held the event loop for 35 s (/healthz
// stalled for 21 s) and answered with a 53 MB page; a GIFT question with 50,000 options was
// accepted. Imports are now read in a worker thread, within limits that name themselves.

const db = testDb()
afterAll(() => db.$disconnect())

/** One Aiken question of about `bytes` bytes. */
const aikenQuestion = (i: number, bytes = 1000) => {
  const tail = `\nA. yes\nB. no\nC. maybe\nD. never\nANSWER: A\n\n`
  const head = `Question ${i}: `
  return `${head}${'x'.repeat(bytes - head.length - tail.length)}${tail}`
}

describe('the limits, through the import use case (its worker thread, from the sources)', () => {
  test('a GIFT question with 50,000 options is refused, naming the limit; nothing is written', async () => {
    const event = await createEvent(db)
    const options = Array.from({ length: 50_000 }, (_, i) => `~o${i}`).join(' ')
    const attempt = importQuestions(db, { eventId: event.id, format: 'gift', text: `::Many:: Which one? {=right ${options}}`, difficulty: 'MEDIUM', tags: [] })
    await expect(attempt).rejects.toMatchObject({ code: 'import_failed', status: 422, details: { errors: [expect.objectContaining({ code: 'too_many_options', limit: 26, line: 1 })] } })
    expect(await db.question.count({ where: { eventId: event.id } })).toBe(0)
  })

  test('an Aiken file of 2,001 questions is refused at the 2,001st; one of 2,000 imports', async () => {
    const event = await createEvent(db)
    const file = (n: number) => Array.from({ length: n }, (_, i) => aikenQuestion(i, 60)).join('')
    const attempt = importQuestions(db, { eventId: event.id, format: 'aiken', text: file(2_001), difficulty: 'MEDIUM', tags: [] })
    await expect(attempt).rejects.toMatchObject({ code: 'import_failed', details: { errors: [expect.objectContaining({ code: 'too_many_questions', limit: 2_000, line: 2_000 * 7 + 1 })] } })
    expect(await db.question.count({ where: { eventId: event.id } })).toBe(0)
    expect((await importQuestions(db, { eventId: event.id, format: 'aiken', text: file(2_000), difficulty: 'MEDIUM', tags: [] })).imported).toBe(2_000)
  })

  test('a file that takes longer than the time limit to read is refused with import_timeout (422)', async () => {
    const text = Array.from({ length: 200 }, (_, i) => aikenQuestion(i)).join('')
    await expect(parseQuestions('aiken', text, { timeoutMs: 1 })).rejects.toMatchObject({ code: 'import_timeout', status: 422 })
    expect((await parseQuestions('aiken', text)).questions).toHaveLength(200)
  })
})

describe('against the server (production build): the event loop stays free while a 2 MB import is read', () => {
  let server: AppServer
  let cookie = ''
  beforeAll(async () => {
    server = await startAppServer({ databaseUrl: testDatabaseUrl() })
    cookie = await logIn(db, server.url, 'STAFF', 'import-limits')
    // A first request compiles the page's code paths (a one-off pause of a few tens of ms); measure a warm server.
    await upload((await createEvent(db)).id, 'preview', aikenQuestion(1))
  })
  afterAll(() => server?.stop())

  /** Runs `work` while /healthz is polled every 50 ms; the slowest answer and how many there were. */
  async function whilePolling<T>(work: () => Promise<T>): Promise<{ result: T; slowestMs: number; polls: number }> {
    let done = false
    let slowestMs = 0
    let polls = 0
    const poller = (async () => {
      while (!done) {
        const started = performance.now()
        const res = await fetch(`${server.url}/healthz`)
        await res.arrayBuffer()
        slowestMs = Math.max(slowestMs, performance.now() - started)
        polls++
        await new Promise((r) => setTimeout(r, 50))
      }
    })()
    try {
      const result = await work()
      return { result, slowestMs, polls }
    } finally {
      done = true
      await poller
    }
  }

  /** As the page's form sends it: a document POST without JavaScript, or single fetch (`.data`) with it. */
  const upload = (eventId: string, intent: 'preview' | 'import', text: string, singleFetch = false) => {
    const body = multipart({ intent, format: 'aiken', difficulty: 'MEDIUM', tags: '', text })
    return send(`${server.url}/staff/events/${eventId}/questions${singleFetch ? '.data' : ''}`, { headers: { 'content-type': body.contentType, cookie }, body: body.body })
  }

  test('a 2 MB file of 1,990 questions: previewed and imported, /healthz within 200 ms throughout, a small page', async () => {
    const text = Array.from({ length: 1_990 }, (_, i) => aikenQuestion(i)).join('')
    expect(Buffer.byteLength(text)).toBeGreaterThan(1_980_000)
    const eventId = (await createEvent(db)).id

    const preview = await whilePolling(() => upload(eventId, 'preview', text))
    expect(preview.result.status).toBe(200)
    expect(preview.result.body).toContain('1990')
    // 50 questions shown at most, whatever the file holds (the old page echoed everything).
    expect(preview.result.body.length).toBeLessThan(1_000_000)
    expect(preview.slowestMs).toBeLessThan(200)
    expect(preview.polls).toBeGreaterThan(0)

    // Without JavaScript the answer is the whole page again, the bank included: a page of it, not 1,990 questions.
    const imported = await whilePolling(() => upload(eventId, 'import', text))
    expect(imported.result.status).toBe(200)
    expect(await db.question.count({ where: { eventId } })).toBe(1_990)
    expect(imported.result.body).toContain('共 1990 题')
    expect(imported.result.body).toContain('第 1 / 40 页')
    expect(imported.result.body.length).toBeLessThan(1_000_000)
    expect(imported.slowestMs).toBeLessThan(200)

    // With JavaScript the form posts to the route's single-fetch twin, and the page's data is loaded after.
    const again = await whilePolling(() => upload(eventId, 'preview', text, true))
    expect(again.result.status).toBe(200)
    expect(again.slowestMs).toBeLessThan(200)
  })

  test('a 2 MB file made to be slow (a 1 MB question, then 79,000 options out of order): 101 errors, a small page, /healthz within 200 ms', async () => {
    // Each misplaced option once re-read the whole question (quadratic: minutes on the event loop).
    const text = `${`${'q'.repeat(50)}\n`.repeat(20_000)}${'A. again again\n'.repeat(65_000)}ANSWER: A\n`
    expect(text.split('\n').length).toBeLessThan(100_000)
    expect(Buffer.byteLength(text)).toBeGreaterThan(1_900_000)
    const preview = await whilePolling(async () => upload((await createEvent(db)).id, 'preview', text))
    expect(preview.result.status).toBe(200) // a preview that found errors lists them
    expect(preview.result.body).toContain('发现 101 处错误')
    expect(preview.result.body.length).toBeLessThan(1_000_000)
    expect(preview.slowestMs).toBeLessThan(200)
  })
})
