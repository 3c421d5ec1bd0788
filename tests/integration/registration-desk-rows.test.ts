import http from 'node:http'
import type { AddressInfo } from 'node:net'
import ExcelJS from 'exceljs'
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DEFAULT_DESK_QUERY } from '../../app/domain/registration-desk.ts'
import type { getRegistrationEvidence } from '../../app/services/registration/get-registration-evidence.server.ts'
import { exportEventRegistrationsCsv, exportEventRegistrationsXlsx } from '../../app/services/registration/export-event-registrations.server.ts'
import { handleStripeEvent } from '../../app/services/registration/handle-stripe-webhook.server.ts'
import { listEventRegistrations } from '../../app/services/registration/list-event-registrations.server.ts'
import { moveRegistrationTicket } from '../../app/services/registration/move-registration-ticket.server.ts'
import { refundRegistration } from '../../app/services/registration/refund-registration.server.ts'
import { commitLoginSession } from '../../app/utils/auth.server.ts'
import { signUpConfirmed } from '../helpers/accounts.ts'
import { testDatabaseUrl, testDb, uniqueEmail } from '../helpers/db.ts'
import { createEvent, createTicketType, removeEvent } from '../helpers/fixtures.ts'
import { FAKE_SECRET_KEY, startStripeFake } from '../helpers/stripe-fake.ts'

// Issue 15 §1, the desk's progress columns (minutes, exam, survey) and its money row actions
// (move to another ticket, refund), against the real database; the Stripe leg goes through
// the in-process Stripe fake and back through the webhook handler.
process.env.DATABASE_URL = testDatabaseUrl()
process.env.SESSION_SECRET = 'test-secret-test-secret-test-secret-42'

const db = testDb()
type Evidence = Awaited<ReturnType<typeof getRegistrationEvidence>>
type Reply = { data: unknown; init: { status?: number } | null }
const events: string[] = []
let staff = { id: '', cookie: '' }
let attendeeCookie = ''

async function signedIn(role: 'ATTENDEE' | 'STAFF') {
  const { userId, session } = await signUpConfirmed(db, { email: uniqueEmail(`rows-${role.toLowerCase()}`), password: 'password-123', realName: role, locale: 'zh-CN' })
  await db.user.update({ where: { id: userId }, data: { role } })
  return { id: userId, cookie: (await commitLoginSession(session.id, session.expiresAt)).split(';')[0]! }
}

async function newEvent() {
  const event = await createEvent(db)
  events.push(event.id)
  return event
}

async function registrant(
  eventId: string,
  ticketTypeId: string,
  data: { status?: 'CONFIRMED' | 'PENDING_APPROVAL' | 'PENDING_PAYMENT' | 'WAITLISTED'; amount?: number; name?: string; createdAt?: Date } = {},
) {
  const user = await db.user.create({ data: { email: uniqueEmail('rows-person'), passwordHash: 'x', realName: data.name ?? '测试者', institution: '协和医院' } })
  return db.registration.create({
    data: {
      eventId,
      userId: user.id,
      ticketTypeId,
      status: data.status ?? 'CONFIRMED',
      amount: data.amount ?? 0,
      confirmedAt: (data.status ?? 'CONFIRMED') === 'CONFIRMED' ? new Date() : null,
      ...(data.createdAt ? { createdAt: data.createdAt } : {}),
    },
  })
}

beforeAll(async () => {
  staff = await signedIn('STAFF')
  attendeeCookie = (await signedIn('ATTENDEE')).cookie
})

afterAll(async () => {
  // Certificates hold their registration (onDelete: Restrict); removeEvent does not know them.
  await db.certificate.deleteMany({ where: { eventId: { in: events } } })
  for (const id of events) await removeEvent(db, id)
  const { disconnectDb } = await import('../../app/utils/db.server.ts')
  await disconnectDb()
  await db.$disconnect()
})

const route = () => import('../../app/routes/staff.events.$eventId_.registrations.tsx')
const request = (path: string, cookie: string, init: RequestInit = {}) => new Request(`http://localhost${path}`, { ...init, headers: { cookie, ...(init.headers as Record<string, string>) } })
async function act(eventId: string, form: Record<string, string>) {
  const { action } = await route()
  const reply = (await action({
    request: request(`/staff/events/${eventId}/registrations`, staff.cookie, { method: 'POST', body: new URLSearchParams(form), headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    params: { eventId },
    context: {},
  })) as { ok: boolean } | Reply
  return 'init' in reply && reply.init ? { status: reply.init.status, ...(reply.data as object) } : { status: 200, ...(reply as object) }
}
const audits = (type: string, registrationId: string) => db.auditLog.findMany({ where: { type, data: { path: ['registrationId'], equals: registrationId } } })
const csvRows = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','))

describe('progress columns', () => {
  let eventId = ''
  const reg: Record<string, string> = {}
  const T = Date.UTC(2027, 2, 1, 2)
  const at = (minute: number) => new Date(T + minute * 60_000)

  beforeAll(async () => {
    const event = await newEvent()
    eventId = event.id
    const main = event.forums[0]!
    const side = await db.forum.create({ data: { eventId, slug: 'side', kind: 'SUB', titleZh: '分论坛', titleEn: 'Side forum', startsAt: main.startsAt, endsAt: main.endsAt } })
    const ticket = await createTicketType(db, eventId)
    const t0 = Date.UTC(2027, 0, 1)
    for (const [i, key] of ['done', 'busy', 'idle'].entries()) reg[key] = (await registrant(eventId, ticket.id, { name: `进度${key}`, createdAt: new Date(t0 + i * 60_000) })).id
    // done: main 0–30 live and 20–40 replay (overlap once), side 30–50 live (parallel forum,
    // overlapping 30–40 once): 50 minutes. busy: 12 minutes 30 seconds → 12. idle: nothing.
    await db.attendanceInterval.createMany({
      data: [
        { registrationId: reg.done!, forumId: main.id, source: 'LIVE', start: at(0), end: at(30) },
        { registrationId: reg.done!, forumId: main.id, source: 'REPLAY', start: at(20), end: at(40) },
        { registrationId: reg.done!, forumId: side.id, source: 'LIVE', start: at(30), end: at(50) },
        { registrationId: reg.busy!, forumId: side.id, source: 'VENUE', start: at(0), end: new Date(T + 12.5 * 60_000) },
      ],
    })
    const exam = (published: boolean) =>
      db.exam.create({ data: { eventId, titleZh: '考试', titleEn: 'Exam', opensAt: at(-600), closesAt: at(6000), timeLimitMinutes: 30, passPercent: 60, published } })
    const live = await exam(true)
    const draft = await exam(false)
    const attempt = (examId: string, registrationId: string, status: 'SUBMITTED' | 'IN_PROGRESS', percentage: number | null) =>
      db.examAttempt.create({ data: { examId, registrationId, number: 1, status, active: status === 'IN_PROGRESS' ? true : null, seed: 's', startedAt: at(0), deadline: at(30), percentage } })
    await attempt(live.id, reg.done!, 'SUBMITTED', 75)
    await attempt(live.id, reg.busy!, 'IN_PROGRESS', null)
    await attempt(draft.id, reg.idle!, 'SUBMITTED', 100)
    const survey = await db.survey.create({ data: { eventId, titleZh: '问卷', titleEn: 'Survey', published: true } })
    await db.surveyCompletion.create({ data: { surveyId: survey.id, registrationId: reg.done! } })
  })

  test('the list shows minutes united over sources and forums, the exam and the survey state, for the rows of the page', async () => {
    const { rows } = await listEventRegistrations(db, eventId, { ...DEFAULT_DESK_QUERY })
    const byId = new Map(rows.map((r) => [r.id, r]))
    expect(byId.get(reg.done!)).toMatchObject({ minutes: 50, exam: { state: 'passed', passed: 1, total: 1 }, survey: { state: 'completed', completed: 1, total: 1 } })
    expect(byId.get(reg.busy!)).toMatchObject({ minutes: 12, exam: { state: 'in_progress' }, survey: { state: 'not_completed' } })
    // An attempt at an unpublished exam is not the event's exam state.
    expect(byId.get(reg.idle!)).toMatchObject({ minutes: 0, exam: { state: 'not_started' }, survey: { state: 'not_completed' } })
  })

  test('the CSV carries them with English headers, batch by batch', async () => {
    const file = await exportEventRegistrationsCsv(db, eventId, { ...DEFAULT_DESK_QUERY, sort: 'created', dir: 'asc' }, 'en', 1)
    const [header, ...rows] = csvRows(await new Response(file.body).text())
    const col = (name: string) => header!.indexOf(name)
    // After the certificate column, before the fapiao; the last column is still the registration id.
    expect(header!.slice(11, 14)).toEqual(['Minutes attended', 'Exam', 'Survey'])
    expect(rows.map((r) => r.at(-1))).toEqual([reg.done, reg.busy, reg.idle])
    const pick = (r: string[]) => [r[col('Minutes attended')], r[col('Exam')], r[col('Survey')]]
    expect(rows.map(pick)).toEqual([
      ['50', 'Passed', 'Completed'],
      ['12', 'In progress', 'Not completed'],
      ['0', 'Not started', 'Not completed'],
    ])
  })

  test('the XLSX carries them with Chinese headers', async () => {
    const file = await exportEventRegistrationsXlsx(db, eventId, { ...DEFAULT_DESK_QUERY, sort: 'created', dir: 'asc' }, 'zh-CN', 2)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await new Response(file.body).arrayBuffer())
    const rows: string[][] = []
    book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))))
    const [header, ...body] = rows
    const col = (name: string) => header!.indexOf(name)
    expect(col('出勤分钟')).toBeGreaterThan(0)
    expect(body.map((r) => [r[col('出勤分钟')], r[col('考试')], r[col('评估问卷')]])).toEqual([
      ['50', '已通过', '已填写'],
      ['12', '答题中', '未填写'],
      ['0', '未参加', '未填写'],
    ])
  })

  test('the evidence page lists each forum with its minutes and its evidence link; an attendee is refused', async () => {
    const { loader } = await import('../../app/routes/staff.events.$eventId_.registrations_.$registrationId.tsx')
    const page = (await loader({
      request: request(`/staff/events/${eventId}/registrations/${reg.done}`, staff.cookie),
      params: { eventId, registrationId: reg.done! },
      context: {},
    })) as unknown as Evidence
    expect(page.progress.minutes).toBe(50)
    expect(page.forums.map((f) => [f.titleEn, f.minutes, f.sources])).toEqual([
      ['Main forum', 40, ['LIVE', 'REPLAY']],
      ['Side forum', 20, ['LIVE']],
    ])
    const refused = await loader({ request: request(`/staff/events/${eventId}/registrations/${reg.done}`, attendeeCookie), params: { eventId, registrationId: reg.done! }, context: {} }).catch(
      (e: unknown) => e,
    )
    expect((refused as Reply).init?.status ?? (refused as Response).status).toBe(403)
    const other = await newEvent()
    const missing = (await loader({
      request: request(`/staff/events/${other.id}/registrations/${reg.done}`, staff.cookie),
      params: { eventId: other.id, registrationId: reg.done! },
      context: {},
    }).catch((e: unknown) => e)) as Reply
    expect(missing.init?.status).toBe(404)
  })
})

describe('move to another ticket', () => {
  test('a free registration moves freely; its old seat goes to the waiting list; a repeat changes nothing', async () => {
    const { id: eventId } = await newEvent()
    const a = await createTicketType(db, eventId, { nameZh: '甲票', nameEn: 'A', quota: 1, seatsTaken: 1 })
    const b = await createTicketType(db, eventId, { nameZh: '乙票', nameEn: 'B', quota: 1, seatsTaken: 0 })
    const mover = await registrant(eventId, a.id)
    const waiting = await registrant(eventId, a.id, { status: 'WAITLISTED' })
    expect(await act(eventId, { intent: 'move', registrationId: mover.id, ticketTypeId: b.id })).toMatchObject({ status: 200, ok: true, changed: true })
    expect(await db.registration.findUniqueOrThrow({ where: { id: mover.id } })).toMatchObject({ ticketTypeId: b.id, status: 'CONFIRMED', amount: 0 })
    expect(await db.registration.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({ status: 'CONFIRMED' })
    expect((await db.ticketType.findUniqueOrThrow({ where: { id: a.id } })).seatsTaken).toBe(1)
    expect((await db.ticketType.findUniqueOrThrow({ where: { id: b.id } })).seatsTaken).toBe(1)
    const [moved] = await audits('registration.ticket_moved', mover.id)
    expect(moved).toMatchObject({ userId: staff.id, data: { fromTicketTypeId: a.id, toTicketTypeId: b.id, amountBefore: 0, amountAfter: 0 } })
    expect(await audits('registration.promoted', waiting.id)).toHaveLength(1)

    // Again (a double submit): already there, nothing written.
    expect(await act(eventId, { intent: 'move', registrationId: mover.id, ticketTypeId: b.id })).toMatchObject({ ok: true, changed: false })
    expect(await audits('registration.ticket_moved', mover.id)).toHaveLength(1)
    // B is now full: the promoted one cannot follow; A's count is untouched by the refusal.
    expect(await act(eventId, { intent: 'move', registrationId: waiting.id, ticketTypeId: b.id })).toMatchObject({ status: 409, ok: false, code: 'conflict', problem: 'sold_out' })
    expect((await db.ticketType.findUniqueOrThrow({ where: { id: a.id } })).seatsTaken).toBe(1)
    expect((await db.registration.findUniqueOrThrow({ where: { id: waiting.id } })).ticketTypeId).toBe(a.id)
  })

  test('a paid registration moves to another price only with a note, and keeps what it paid', async () => {
    const { id: eventId } = await newEvent()
    const p800 = await createTicketType(db, eventId, { nameZh: '八百', nameEn: '800', priceNonMember: 800_00, seatsTaken: 1 })
    const same = await createTicketType(db, eventId, { nameZh: '同价', nameEn: 'Same', priceNonMember: 800_00 })
    const p1200 = await createTicketType(db, eventId, { nameZh: '一千二', nameEn: '1200', priceNonMember: 1200_00 })
    const paid = await registrant(eventId, p800.id, { amount: 800_00 })
    await db.payment.create({
      data: { registrationId: paid.id, stripeCheckoutSessionId: `cs_rows_${paid.id}`, stripePaymentIntentId: `pi_rows_${paid.id}`, amount: 800_00, currency: 'cny', status: 'PAID' },
    })

    const refused = await act(eventId, { intent: 'move', registrationId: paid.id, ticketTypeId: p1200.id })
    expect(refused).toMatchObject({ status: 409, ok: false, problem: 'note_required' })
    expect((await db.registration.findUniqueOrThrow({ where: { id: paid.id } })).ticketTypeId).toBe(p800.id)
    expect((await db.ticketType.findUniqueOrThrow({ where: { id: p1200.id } })).seatsTaken).toBe(0)

    expect(await act(eventId, { intent: 'move', registrationId: paid.id, ticketTypeId: same.id })).toMatchObject({ ok: true, changed: true })
    expect(await act(eventId, { intent: 'move', registrationId: paid.id, ticketTypeId: p1200.id, note: '  会务组同意升级  ' })).toMatchObject({ ok: true, changed: true })
    expect(await db.registration.findUniqueOrThrow({ where: { id: paid.id } })).toMatchObject({ ticketTypeId: p1200.id, amount: 800_00, status: 'CONFIRMED' })
    const moves = await audits('registration.ticket_moved', paid.id)
    expect(moves.map((m) => m.data)).toEqual([
      expect.objectContaining({ fromTicketTypeId: p800.id, toTicketTypeId: same.id, amountAfter: 800_00 }),
      expect.objectContaining({ fromTicketTypeId: same.id, toTicketTypeId: p1200.id, amountBefore: 800_00, amountAfter: 800_00, targetPrice: 1200_00, note: '会务组同意升级' }),
    ])
    expect((await db.ticketType.findMany({ where: { eventId }, orderBy: { nameEn: 'asc' } })).map((t) => [t.nameEn, t.seatsTaken])).toEqual([
      ['1200', 1],
      ['800', 0],
      ['Same', 0],
    ])
  })

  test('one awaiting approval is re-priced; one awaiting payment moves only at the same price', async () => {
    const { id: eventId } = await newEvent()
    const cheap = await createTicketType(db, eventId, { priceNonMember: 300_00, requiresApproval: true, seatsTaken: 2 })
    const dear = await createTicketType(db, eventId, { priceNonMember: 900_00 })
    const approving = await registrant(eventId, cheap.id, { status: 'PENDING_APPROVAL', amount: 300_00 })
    const paying = await registrant(eventId, cheap.id, { status: 'PENDING_PAYMENT', amount: 300_00 })
    const moved = await moveRegistrationTicket(db, { eventId, registrationId: approving.id, ticketTypeId: dear.id }, staff.id, {})
    expect(moved).toMatchObject({ changed: true, amount: 900_00 })
    expect(await db.registration.findUniqueOrThrow({ where: { id: approving.id } })).toMatchObject({ amount: 900_00, status: 'PENDING_APPROVAL' })
    await expect(moveRegistrationTicket(db, { eventId, registrationId: paying.id, ticketTypeId: dear.id, note: '升级' }, staff.id, {})).rejects.toMatchObject({
      code: 'conflict',
      details: { problem: 'payment_pending' },
    })
  })

  test('bad input: another event’s ticket, an unknown ticket, an overlong note, a bad id', async () => {
    const { id: eventId } = await newEvent()
    const { id: otherEventId } = await newEvent()
    const ticket = await createTicketType(db, eventId, { seatsTaken: 1 })
    const foreign = await createTicketType(db, otherEventId)
    const r = await registrant(eventId, ticket.id)
    expect(await act(eventId, { intent: 'move', registrationId: r.id, ticketTypeId: foreign.id })).toMatchObject({ status: 422, ok: false, code: 'ticket_other_event' })
    expect(await act(eventId, { intent: 'move', registrationId: r.id, ticketTypeId: 'clxnosuchticket' })).toMatchObject({ status: 404, code: 'not_found' })
    expect(await act(eventId, { intent: 'move', registrationId: r.id, ticketTypeId: foreign.id, note: 'x'.repeat(501) })).toMatchObject({
      status: 422,
      code: 'validation_failed',
      fields: { note: 'validation.tooLong' },
    })
    expect(await act(eventId, { intent: 'move', registrationId: r.id, ticketTypeId: '<script>' })).toMatchObject({ status: 422, fields: { ticketTypeId: 'validation.choice' } })
    expect(await act(eventId, { intent: 'move', registrationId: '../x', ticketTypeId: foreign.id })).toMatchObject({ status: 400, code: 'bad_request' })
    // A registration of another event is not found from this one.
    expect(await act(otherEventId, { intent: 'move', registrationId: r.id, ticketTypeId: foreign.id })).toMatchObject({ status: 404 })
    expect(await audits('registration.ticket_moved', r.id)).toHaveLength(0)
  })
})

describe('refund', () => {
  test('paid by transfer: the reference is required; then the refund is recorded, the registration cancelled, its seat freed', async () => {
    const { id: eventId } = await newEvent()
    const ticket = await createTicketType(db, eventId, { priceNonMember: 600_00, seatsTaken: 1 })
    const r = await registrant(eventId, ticket.id, { amount: 600_00 })
    const transfer = await db.bankTransfer.create({
      data: { eventId, reference: `RW${Date.now().toString(36).toUpperCase()}`, amount: 600_00, currency: 'cny', status: 'RECEIVED', deadline: new Date(), receivedAt: new Date() },
    })
    await db.registration.update({ where: { id: r.id }, data: { bankTransferId: transfer.id } })
    const listed = (await listEventRegistrations(db, eventId, { ...DEFAULT_DESK_QUERY })).rows[0]!
    expect(listed).toMatchObject({ payment: 'transfer_received', refundMethod: 'transfer' })

    expect(await act(eventId, { intent: 'refund', registrationId: r.id })).toMatchObject({ status: 422, code: 'validation_failed', fields: { reference: 'deskRows.refund.referenceRequired' } })
    expect(await db.transferRefund.count({ where: { registrationId: r.id } })).toBe(0)
    expect(await act(eventId, { intent: 'refund', registrationId: r.id, reference: 'HX-REF-001' })).toMatchObject({ status: 200, ok: true, changed: true })
    expect(await db.registration.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ status: 'CANCELLED' })
    expect(await db.transferRefund.findUniqueOrThrow({ where: { registrationId: r.id } })).toMatchObject({ amount: 600_00, reference: 'HX-REF-001', recordedById: staff.id })
    expect((await db.ticketType.findUniqueOrThrow({ where: { id: ticket.id } })).seatsTaken).toBe(0)
    expect(await audits('registration.refunded_by_transfer', r.id)).toHaveLength(1)
    // Refunded once is final: the desk offers no second refund and refuses one.
    expect((await listEventRegistrations(db, eventId, { ...DEFAULT_DESK_QUERY })).rows[0]!.refundMethod).toBeNull()
    expect(await act(eventId, { intent: 'refund', registrationId: r.id, reference: 'HX-REF-002' })).toMatchObject({ status: 409, code: 'not_refundable' })
    expect(await db.transferRefund.count({ where: { registrationId: r.id } })).toBe(1)
  })

  test('free: nothing to refund; paid by Stripe without Stripe configured: said so', async () => {
    const { id: eventId } = await newEvent()
    const ticket = await createTicketType(db, eventId, { seatsTaken: 1 })
    const free = await registrant(eventId, ticket.id)
    expect(await act(eventId, { intent: 'refund', registrationId: free.id })).toMatchObject({ status: 409, code: 'not_refundable' })
    const paid = await registrant(eventId, ticket.id, { amount: 100_00 })
    await db.payment.create({
      data: { registrationId: paid.id, stripeCheckoutSessionId: `cs_rows_nc_${paid.id}`, stripePaymentIntentId: `pi_rows_nc_${paid.id}`, amount: 100_00, currency: 'cny', status: 'PAID' },
    })
    await expect(refundRegistration(db, { eventId, registrationId: paid.id }, staff.id, {}, () => null)).rejects.toMatchObject({ code: 'payments_not_configured' })
  })

  test('paid by Stripe: Stripe is asked once; when it confirms, the registration is cancelled and its certificate flagged', async () => {
    // Stripe's webhooks land here and go to the handler, as the webhook route would pass them.
    const handled: string[] = []
    const receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        void handleStripeEvent(db, JSON.parse(Buffer.concat(chunks).toString('utf8')) as Stripe.Event).then(
          (result) => {
            handled.push(result)
            res.writeHead(200).end()
          },
          () => res.writeHead(500).end(),
        )
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    const fake = await startStripeFake({ webhookUrl: () => `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/` })
    try {
      const base = new URL(fake.url)
      const stripe = new Stripe(FAKE_SECRET_KEY, { host: base.hostname, port: Number(base.port), protocol: 'http', maxNetworkRetries: 0 })
      const { id: eventId } = await newEvent()
      const ticket = await createTicketType(db, eventId, { priceNonMember: 500_00, seatsTaken: 1 })
      const r = await registrant(eventId, ticket.id, { status: 'PENDING_PAYMENT', amount: 500_00 })
      const session = await stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [{ quantity: 1, price_data: { currency: 'cny', unit_amount: 500_00, product_data: { name: 'Ticket' } } }],
        success_url: 'http://localhost/ok',
        cancel_url: 'http://localhost/cancel',
        expires_at: Math.floor(Date.now() / 1000) + 3600,
      })
      await db.payment.create({ data: { registrationId: r.id, stripeCheckoutSessionId: session.id, amount: 500_00, currency: 'cny' } })
      await fetch(`${fake.url}/pay/${session.id}`, { method: 'POST', redirect: 'manual' })
      await expect.poll(async () => (await db.registration.findUniqueOrThrow({ where: { id: r.id } })).status).toBe('CONFIRMED')
      const rule = await db.creditRule.create({ data: { eventId, nameZh: '学分', nameEn: 'Credit', scheme: 'CUSTOM', mode: 'FIXED', credits: 1, sources: ['LIVE'] } })
      await db.certificate.create({ data: { ruleId: rule.id, eventId, userId: r.userId, registrationId: r.id, code: `rows-${r.id}`, credits: 1, holderName: 'x', criteria: {}, issuedAt: new Date() } })
      expect((await listEventRegistrations(db, eventId, { ...DEFAULT_DESK_QUERY })).rows[0]).toMatchObject({ payment: 'paid', refundMethod: 'stripe' })

      const first = await refundRegistration(db, { eventId, registrationId: r.id }, staff.id, {}, () => stripe)
      expect(first).toMatchObject({ method: 'stripe', amount: 500_00, changed: true, pending: true })
      const again = await refundRegistration(db, { eventId, registrationId: r.id }, staff.id, {}, () => stripe)
      expect(again).toMatchObject({ changed: false, pending: true })
      const asked = fake.requests.filter((q) => q.path === '/v1/refunds')
      expect(asked.map((q) => [q.params.amount, q.idempotencyKey])).toEqual([
        ['50000', asked[0]!.idempotencyKey],
        ['50000', asked[0]!.idempotencyKey],
      ])
      expect(await audits('registration.refund_requested', r.id)).toHaveLength(1)

      await expect.poll(async () => (await db.registration.findUniqueOrThrow({ where: { id: r.id } })).status, { timeout: 5000 }).toBe('CANCELLED')
      expect((await db.payment.findFirstOrThrow({ where: { registrationId: r.id } })).status).toBe('REFUNDED')
      expect((await db.certificate.findFirstOrThrow({ where: { registrationId: r.id } })).reviewReason).toBe('registration_refunded')
      expect((await db.ticketType.findUniqueOrThrow({ where: { id: ticket.id } })).seatsTaken).toBe(0)
    } finally {
      await fake.close()
      await new Promise<void>((resolve) => receiver.close(() => resolve()))
    }
  })
})
