import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { cancelRegistration } from '../../app/services/registration/cancel-registration.server.ts'
import { decideRegistration } from '../../app/services/registration/decide-registration.server.ts'
import { decideTierEvidence } from '../../app/services/registration/decide-tier-evidence.server.ts'
import { getEligibilityDesk } from '../../app/services/registration/get-eligibility-desk.server.ts'
import { getStudentCard } from '../../app/services/registration/get-student-card.server.ts'
import { getTicket } from '../../app/services/registration/get-ticket.server.ts'
import { previewMemberList } from '../../app/services/registration/preview-member-list.server.ts'
import { registerForEvent, type RegisterInput } from '../../app/services/registration/register-for-event.server.ts'
import { replaceMemberList } from '../../app/services/registration/replace-member-list.server.ts'
import { startBankTransfer } from '../../app/services/registration/open-bank-transfer.server.ts'
import { saveBankAccount } from '../../app/services/registration/save-bank-account.server.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { testDatabaseUrl } from '../helpers/db.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'

const db = createPrisma(testDatabaseUrl(), 5)
afterAll(() => db.$disconnect())

const NOW = new Date('2026-12-01T02:00:00Z')
let staffId = ''
let STAFF: { userId?: string } = {}
beforeAll(async () => {
  // Decisions and list uploads are audited under the staff member who made them.
  const [id] = await createUsers(db, 1, 'tier-staff')
  staffId = id!
  STAFF = { userId: staffId }
})
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82])
const PRICES = { priceNonMember: 120000, priceMember: 80000, priceStudent: 30000 }

async function tieredEvent(ticket: Parameters<typeof createTicketType>[2] = {}) {
  const event = await createEvent(db)
  const t = await createTicketType(db, event.id, { ...PRICES, ...ticket })
  return { event, ticket: t }
}

async function person(realName: string, label = 'tier') {
  const [id] = await createUsers(db, 1, label)
  await db.user.update({ where: { id: id! }, data: { realName } })
  return id!
}

function register(eventId: string, ticketTypeId: string, userId: string, extra: Partial<RegisterInput>) {
  return registerForEvent(db, { userId, eventId, ticketTypeId, tier: 'NON_MEMBER', answers: {}, ...extra }, { paymentsConfigured: true, now: NOW })
}

async function seats(ticketTypeId: string) {
  const t = await db.ticketType.findUniqueOrThrow({ where: { id: ticketTypeId } })
  const holding = await db.registration.count({ where: { ticketTypeId, status: { in: ['CONFIRMED', 'PENDING_PAYMENT', 'PENDING_APPROVAL'] } } })
  return { seatsTaken: t.seatsTaken, holding }
}

const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.join(',')).join('\r\n'))

async function uploadList(eventId: string, rows: string[][]) {
  const preview = await previewMemberList(csv(rows))
  return replaceMemberList(db, eventId, preview.members, STAFF)
}

describe('the member list', () => {
  test('a preview counts the members and names the bad lines; replacing it is whole and audited', async () => {
    const { event } = await tieredEvent()
    const preview = await previewMemberList(
      csv([
        ['会员号', '姓名'],
        ['CMA-001', '张伟'],
        ['CMA-002', ''],
        ['CMA-001', '重复'],
        ['CMA-003', '李娜'],
      ]),
    )
    expect(preview.members).toHaveLength(2)
    expect(preview.bad).toEqual([
      { line: 3, reason: 'missing_name' },
      { line: 4, reason: 'duplicate' },
    ])
    expect(await db.eventMember.count({ where: { eventId: event.id } })).toBe(0)

    await replaceMemberList(db, event.id, preview.members, STAFF)
    expect(await db.eventMember.findMany({ where: { eventId: event.id }, select: { number: true, name: true }, orderBy: { number: 'asc' } })).toEqual([
      { number: 'CMA001', name: '张伟' },
      { number: 'CMA003', name: '李娜' },
    ])
    const second = await replaceMemberList(db, event.id, [{ number: 'X9', name: 'Wei Zhang' }], STAFF)
    expect(second).toEqual({ previous: 2, count: 1, approved: 0, waiting: 0 })
    expect(await db.eventMember.count({ where: { eventId: event.id } })).toBe(1)
    const audits = await db.auditLog.findMany({ where: { type: 'members.replaced', data: { path: ['eventId'], equals: event.id } } })
    expect(audits).toHaveLength(2)
  })

  test('an XLSX list is read by its content', async () => {
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('会员')
    sheet.addRow(['姓名', '会员编号'])
    sheet.addRow(['王芳', 20240012])
    const bytes = new Uint8Array(await book.xlsx.writeBuffer())
    expect((await previewMemberList(bytes)).members).toEqual([{ number: '20240012', name: '王芳' }])
  })

  test.each([
    ['an empty file', new Uint8Array(), 'member_list_unreadable'],
    [
      'a file of bad lines only',
      csv([
        ['会员号', '姓名'],
        ['!!', 'x'],
      ]),
      'member_list_unreadable',
    ],
    ['a broken XLSX', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'member_list_unreadable'],
    ['a file over 2 MB', new Uint8Array(2 * 1024 * 1024 + 1).fill(65), 'payload_too_large'],
  ])('%s is refused with a 4xx', async (_name, bytes, code) => {
    const error = await previewMemberList(bytes).catch((e: unknown) => e)
    expect(error).toMatchObject({ code })
    expect((error as { status: number }).status).toBeGreaterThanOrEqual(400)
    expect((error as { status: number }).status).toBeLessThan(500)
  })

  test('rows sent back to replace the list are checked again', async () => {
    const { event } = await tieredEvent()
    await expect(replaceMemberList(db, event.id, [{ number: '<script>', name: 'x' }], STAFF)).rejects.toMatchObject({ code: 'member_list_unreadable' })
    await expect(
      replaceMemberList(
        db,
        event.id,
        [
          { number: 'A1', name: 'x' },
          { number: 'a-1', name: 'y' },
        ],
        STAFF,
      ),
    ).rejects.toMatchObject({ code: 'member_list_unreadable' })
    expect(await db.eventMember.count({ where: { eventId: event.id } })).toBe(0)
  })
})

describe('the member price', () => {
  test('a listed number under the same name approves the member price at once: pay the member price', async () => {
    const { event, ticket } = await tieredEvent()
    await uploadList(event.id, [['CMA-001', '张伟']])
    const u = await person('张 伟')
    const reg = await register(event.id, ticket.id, u, { tier: 'MEMBER', memberNumber: 'cma 001' })
    expect(reg).toMatchObject({ status: 'PENDING_PAYMENT', tier: 'MEMBER', amount: 80000, tierEvidence: 'APPROVED', memberNumber: 'CMA001' })
  })

  test('a number not on the list is refused and writes nothing', async () => {
    const { event, ticket } = await tieredEvent({ quota: 5 })
    await uploadList(event.id, [['CMA-001', '张伟']])
    const u = await person('张伟')
    const error = await register(event.id, ticket.id, u, { tier: 'MEMBER', memberNumber: 'CMA-999' }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'member_not_on_list', details: { fields: { memberNumber: 'eligibility.member.notOnList' } } })
    expect((error as { status: number }).status).toBe(422)
    await expect(register(event.id, ticket.id, u, { tier: 'MEMBER' })).rejects.toMatchObject({ code: 'validation_failed', details: { fields: { memberNumber: 'eligibility.member.required' } } })
    expect(await db.registration.count({ where: { eventId: event.id } })).toBe(0)
    expect(await seats(ticket.id)).toEqual({ seatsTaken: 0, holding: 0 })
  })

  test('a listed number under another name waits for staff, holding its seat; it cannot be paid meanwhile', async () => {
    const { event, ticket } = await tieredEvent({ quota: 5 })
    await uploadList(event.id, [['CMA-001', '张伟']])
    const u = await person('李娜')
    const reg = await register(event.id, ticket.id, u, { tier: 'MEMBER', memberNumber: 'CMA-001' })
    expect(reg).toMatchObject({ status: 'PENDING_APPROVAL', tierEvidence: 'PENDING', tierReviewReason: 'name_differs', amount: 80000 })
    expect(await seats(ticket.id)).toEqual({ seatsTaken: 1, holding: 1 })
    await saveBankAccount(db, event.id, { enabled: 'on', accountName: '中华医学会', bankName: '工商银行', accountNumber: '0200001009014412345', holdDays: 7 }, {})
    await expect(startBankTransfer(db, { registrationId: reg.id, userId: u }, {})).rejects.toMatchObject({ code: 'conflict' })
    expect(await db.bankTransfer.count({ where: { eventId: event.id } })).toBe(0)
    const ticketView = await getTicket(db, { registrationId: reg.id, userId: u }, 'secret')
    expect(ticketView).toMatchObject({ status: 'PENDING_APPROVAL', tierEvidence: 'PENDING', code: null })

    const desk = await getEligibilityDesk(db, event.id)
    expect(desk.queue.map((r) => ({ id: r.id, listedName: r.listedName, reason: r.tierReviewReason }))).toEqual([{ id: reg.id, listedName: '张伟', reason: 'name_differs' }])
    // The staff approval of the ticket cannot skip the evidence.
    await expect(decideRegistration(db, { eventId: event.id, registrationId: reg.id, decision: 'approve' }, STAFF)).rejects.toMatchObject({ code: 'tier_evidence_pending' })

    expect(await decideTierEvidence(db, { eventId: event.id, registrationId: reg.id, decision: 'approve' }, STAFF, NOW)).toMatchObject({ changed: true, status: 'PENDING_PAYMENT', amount: 80000 })
    expect(await decideTierEvidence(db, { eventId: event.id, registrationId: reg.id, decision: 'approve' }, STAFF, NOW)).toMatchObject({ changed: false })
    await expect(decideTierEvidence(db, { eventId: event.id, registrationId: reg.id, decision: 'reject' }, STAFF, NOW)).rejects.toMatchObject({ code: 'evidence_not_pending' })
    expect(await db.auditLog.count({ where: { type: 'registration.tier_approved', data: { path: ['registrationId'], equals: reg.id } } })).toBe(1)
    expect((await getEligibilityDesk(db, event.id)).queue).toEqual([])
  })

  test('a number already used by another registration waits for staff; without a list every number waits', async () => {
    const { event, ticket } = await tieredEvent()
    await uploadList(event.id, [['M1', '张伟']])
    const first = await register(event.id, ticket.id, await person('张伟'), { tier: 'MEMBER', memberNumber: 'M1' })
    expect(first.tierEvidence).toBe('APPROVED')
    const second = await register(event.id, ticket.id, await person('张伟'), { tier: 'MEMBER', memberNumber: 'M1' })
    expect(second).toMatchObject({ tierEvidence: 'PENDING', tierReviewReason: 'number_in_use', status: 'PENDING_APPROVAL' })

    const bare = await tieredEvent()
    const reg = await register(bare.event.id, bare.ticket.id, await person('张伟'), { tier: 'MEMBER', memberNumber: 'M1' })
    expect(reg).toMatchObject({ tierEvidence: 'PENDING', tierReviewReason: 'no_list' })
  })

  test('a member price equal to the full price needs no evidence', async () => {
    const { event, ticket } = await tieredEvent({ priceMember: 120000 })
    const reg = await register(event.id, ticket.id, await person('张伟'), { tier: 'MEMBER' })
    expect(reg).toMatchObject({ tierEvidence: 'NOT_REQUIRED', status: 'PENDING_PAYMENT' })
  })
})

describe('a new member list rechecks the numbers waiting for staff', () => {
  test('waiting numbers the new list holds under the attendee’s name are approved, audited and their holders told; others keep waiting with the new reason; removed numbers revoke nothing', async () => {
    const { event, ticket } = await tieredEvent({ quota: 10 })
    // A member price of 0 on a second ticket: approval confirms it outright.
    const freeMember = await createTicketType(db, event.id, { nameZh: '会员免费票', nameEn: 'Members free', priceNonMember: 5000, priceMember: 0, priceStudent: 5000 })
    const zhang = await person('张伟', 'recheck')
    const li = await person('李娜', 'recheck')
    const zhao = await person('Qiang Zhao', 'recheck')
    const wang = await person('王芳', 'recheck')
    const [twinA, twinB] = [await person('陈静', 'recheck'), await person('陈静', 'recheck')]
    await db.user.update({ where: { id: zhao }, data: { locale: 'en' } })
    // Before any list, every member number waits for staff.
    const a = await register(event.id, ticket.id, zhang, { tier: 'MEMBER', memberNumber: 'CMA-001' })
    const b = await register(event.id, ticket.id, li, { tier: 'MEMBER', memberNumber: 'CMA-002' })
    const c = await register(event.id, ticket.id, zhao, { tier: 'MEMBER', memberNumber: 'CMA-003' })
    const f = await register(event.id, freeMember.id, wang, { tier: 'MEMBER', memberNumber: 'CMA-005' })
    const g = await register(event.id, ticket.id, twinA, { tier: 'MEMBER', memberNumber: 'CMA-009' })
    const h = await register(event.id, ticket.id, twinB, { tier: 'MEMBER', memberNumber: 'CMA-009' })
    for (const r of [a, b, c, f, g, h]) expect(r).toMatchObject({ status: 'PENDING_APPROVAL', tierEvidence: 'PENDING', tierReviewReason: 'no_list' })
    expect(await seats(ticket.id)).toEqual({ seatsTaken: 5, holding: 5 })

    const first = await uploadList(event.id, [
      ['会员号', '姓名'],
      ['CMA-001', '张 伟'],
      ['CMA-002', '王芳'],
      ['CMA-005', '王芳'],
      ['CMA-009', '陈静'],
    ])
    expect(first).toMatchObject({ count: 4, approved: 2, waiting: 4 })
    const now = async (id: string) => db.registration.findUniqueOrThrow({ where: { id }, select: { status: true, tierEvidence: true, tierReviewReason: true, amount: true, tier: true } })
    // Listed under the same name: approved at the member price, on to payment (or confirmed when nothing is owed).
    expect(await now(a.id)).toMatchObject({ status: 'PENDING_PAYMENT', tierEvidence: 'APPROVED', amount: 80000, tier: 'MEMBER' })
    expect(await now(f.id)).toMatchObject({ status: 'CONFIRMED', tierEvidence: 'APPROVED', amount: 0 })
    // Still waiting, each with the reason the new list gives.
    expect(await now(b.id)).toMatchObject({ status: 'PENDING_APPROVAL', tierEvidence: 'PENDING', tierReviewReason: 'name_differs' })
    expect(await now(c.id)).toMatchObject({ status: 'PENDING_APPROVAL', tierEvidence: 'PENDING', tierReviewReason: 'not_on_list' })
    for (const r of [g, h]) expect(await now(r.id)).toMatchObject({ status: 'PENDING_APPROVAL', tierEvidence: 'PENDING', tierReviewReason: 'number_in_use' })
    expect(await seats(ticket.id)).toEqual({ seatsTaken: 5, holding: 5 })

    // Told: the one who owes the member price gets "accepted, pay on your ticket page"; the free one its confirmation.
    const accepted = await db.emailMessage.findMany({ where: { userId: zhang, kind: 'tier_approved' } })
    expect(accepted).toHaveLength(1)
    expect(accepted[0]!.subject).toContain('会员资格已通过')
    expect(accepted[0]!.text).toContain(`/tickets/${a.id}`)
    expect(await db.emailMessage.count({ where: { userId: wang, kind: 'registration_confirmed' } })).toBe(1)
    expect(await db.emailMessage.count({ where: { userId: { in: [li, zhao, twinA, twinB] }, kind: { in: ['tier_approved', 'registration_confirmed'] } } })).toBe(0)
    // Audited as decided by the member list, by the staff member who replaced it.
    const audits = await db.auditLog.findMany({ where: { type: 'registration.tier_approved', data: { path: ['via'], equals: 'member_list' }, userId: staffId } })
    expect(audits.map((x) => (x.data as { registrationId: string }).registrationId).sort()).toEqual([a.id, f.id].sort())
    const replaced = await db.auditLog.findFirstOrThrow({ where: { type: 'members.replaced', data: { path: ['eventId'], equals: event.id } }, orderBy: { createdAt: 'desc' } })
    expect(replaced.data).toMatchObject({ count: 4, rechecked: { approved: 2, waiting: 4 } })
    // The staff queue shows those still waiting, with the listed name where there is one.
    const byId = (x: [string, ...unknown[]], y: [string, ...unknown[]]) => x[0].localeCompare(y[0])
    expect((await getEligibilityDesk(db, event.id)).queue.map((r): [string, ...unknown[]] => [r.id, r.tierReviewReason, r.listedName]).sort(byId)).toEqual(
      (
        [
          [b.id, 'name_differs', '王芳'],
          [c.id, 'not_on_list', null],
          [g.id, 'number_in_use', '陈静'],
          [h.id, 'number_in_use', '陈静'],
        ] as [string, ...unknown[]][]
      ).sort(byId),
    )

    // The association corrects its list: CMA-001 is gone, CMA-002 and CMA-003 are now right.
    const second = await uploadList(event.id, [
      ['会员号', '姓名'],
      ['CMA-002', '李娜'],
      ['CMA-003', 'ZHAO Qiang'],
      ['CMA-009', '陈静'],
    ])
    expect(second).toMatchObject({ count: 3, approved: 2, waiting: 2 })
    expect(await now(b.id)).toMatchObject({ status: 'PENDING_PAYMENT', tierEvidence: 'APPROVED' })
    expect(await now(c.id)).toMatchObject({ status: 'PENDING_PAYMENT', tierEvidence: 'APPROVED' })
    // A number removed from the list revokes nothing already decided.
    expect(await now(a.id)).toMatchObject({ status: 'PENDING_PAYMENT', tierEvidence: 'APPROVED', amount: 80000 })
    expect(await now(f.id)).toMatchObject({ status: 'CONFIRMED', tierEvidence: 'APPROVED' })
    // The English-speaking member is told in English.
    const english = await db.emailMessage.findFirstOrThrow({ where: { userId: zhao, kind: 'tier_approved' } })
    expect(english).toMatchObject({ locale: 'en' })
    expect(english.subject).toMatch(/^Your member price was accepted/)

    // The same list again: nothing left to approve, nobody mailed twice.
    const mailsBefore = await db.emailMessage.count({ where: { userId: { in: [zhang, li, zhao, wang] } } })
    expect(await uploadList(event.id, [['CMA-002', '李娜']])).toMatchObject({ approved: 0, waiting: 2 })
    expect(await db.emailMessage.count({ where: { userId: { in: [zhang, li, zhao, wang] } } })).toBe(mailsBefore)
  })

  test('a wait-listed member whose number the new list holds keeps its place in the queue with the member price approved', async () => {
    const { event, ticket } = await tieredEvent({ quota: 1 })
    await register(event.id, ticket.id, await person('李娜', 'recheck-wl'), {})
    const u = await person('张伟', 'recheck-wl')
    const reg = await register(event.id, ticket.id, u, { tier: 'MEMBER', memberNumber: 'M-77' })
    expect(reg).toMatchObject({ status: 'WAITLISTED', tierEvidence: 'PENDING', tierReviewReason: 'no_list' })
    expect(await uploadList(event.id, [['M-77', '张伟']])).toMatchObject({ approved: 1, waiting: 0 })
    expect(await db.registration.findUniqueOrThrow({ where: { id: reg.id } })).toMatchObject({ status: 'WAITLISTED', tierEvidence: 'APPROVED' })
    expect(await seats(ticket.id)).toEqual({ seatsTaken: 1, holding: 1 })
    const mail = await db.emailMessage.findFirstOrThrow({ where: { userId: u, kind: 'tier_approved' } })
    expect(mail.text).toContain('候补名单')
  })
})

describe('the student price', () => {
  test('a student card waits for staff; approval lets the student price be paid', async () => {
    const { event, ticket } = await tieredEvent({ quota: 2 })
    const u = await person('王芳')
    const reg = await register(event.id, ticket.id, u, { tier: 'STUDENT', studentCard: PNG })
    expect(reg).toMatchObject({ status: 'PENDING_APPROVAL', tierEvidence: 'PENDING', amount: 30000 })
    expect(await seats(ticket.id)).toEqual({ seatsTaken: 1, holding: 1 })
    const card = await getStudentCard(db, { eventId: event.id, registrationId: reg.id })
    expect(card.contentType).toBe('image/png')
    expect(Buffer.from(card.body).equals(Buffer.from(PNG))).toBe(true)
    // Another event's staff page cannot read it.
    const other = await createEvent(db)
    await expect(getStudentCard(db, { eventId: other.id, registrationId: reg.id })).rejects.toMatchObject({ code: 'not_found' })

    const decided = await decideTierEvidence(db, { eventId: event.id, registrationId: reg.id, decision: 'approve' }, STAFF, NOW)
    expect(decided).toMatchObject({ changed: true, status: 'PENDING_PAYMENT', amount: 30000 })
  })

  test('rejection cancels the registration, frees the seat for the waiting list and mails the attendee in their language', async () => {
    const { event, ticket } = await tieredEvent({ quota: 1 })
    const student = await person('Wei Zhang', 'tier-en')
    await db.user.update({ where: { id: student }, data: { locale: 'en' } })
    const reg = await register(event.id, ticket.id, student, { tier: 'STUDENT', studentCard: PNG })
    const waiting = await register(event.id, ticket.id, await person('李娜'), {})
    expect(waiting.status).toBe('WAITLISTED')

    const decided = await decideTierEvidence(db, { eventId: event.id, registrationId: reg.id, decision: 'reject' }, STAFF, NOW)
    expect(decided).toMatchObject({ changed: true, status: 'REJECTED' })
    expect(await db.registration.findUniqueOrThrow({ where: { id: reg.id } })).toMatchObject({ status: 'REJECTED', tierEvidence: 'REJECTED' })
    expect((await db.registration.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe('PENDING_PAYMENT')
    expect(await seats(ticket.id)).toEqual({ seatsTaken: 1, holding: 1 })
    const mails = await db.emailMessage.findMany({ where: { userId: student, kind: 'tier_rejected' } })
    expect(mails).toHaveLength(1)
    expect(mails[0]!.subject).toContain('student')
    expect(mails[0]!.text).toContain(`/events/${event.slug}/register`)
    expect(await decideTierEvidence(db, { eventId: event.id, registrationId: reg.id, decision: 'reject' }, STAFF, NOW)).toMatchObject({ changed: false })
    expect(await db.emailMessage.count({ where: { userId: student, kind: 'tier_rejected' } })).toBe(1)
    expect(await db.auditLog.count({ where: { type: 'registration.tier_rejected', data: { path: ['registrationId'], equals: reg.id } } })).toBe(1)

    // Registering again at the full price works and replaces the old card.
    const again = await register(event.id, ticket.id, student, {})
    expect(again.id).toBe(reg.id)
    expect(await db.studentCard.count({ where: { registrationId: reg.id } })).toBe(0)
  })

  test('conversion moves the registration to the full price: paid, or confirmed at once when free', async () => {
    const { event, ticket } = await tieredEvent()
    const u = await person('王芳')
    const reg = await register(event.id, ticket.id, u, { tier: 'STUDENT', studentCard: PNG })
    const converted = await decideTierEvidence(db, { eventId: event.id, registrationId: reg.id, decision: 'convert' }, STAFF, NOW)
    expect(converted).toMatchObject({ changed: true, status: 'PENDING_PAYMENT', amount: 120000 })
    expect(await db.registration.findUniqueOrThrow({ where: { id: reg.id } })).toMatchObject({ tier: 'NON_MEMBER', amount: 120000, tierEvidence: 'CONVERTED' })

    // Full price 0, student price 0 needs no evidence; a full price of 0 with a member price of 0 neither:
    // a free full price with a card-checked student tier only happens when early-bird makes it cheaper.
    const free = await tieredEvent({ priceNonMember: 0, priceMember: 0, priceStudent: 0, earlyBirdUntil: new Date('2027-01-01T00:00:00Z'), earlyBirdPriceNonMember: 100, earlyBirdPriceStudent: 0 })
    const v = await person('赵强')
    const r = await register(free.event.id, free.ticket.id, v, { tier: 'STUDENT', studentCard: PNG })
    expect(r).toMatchObject({ status: 'PENDING_APPROVAL', tierEvidence: 'PENDING', amount: 0 })
    // Converted to the early-bird full price it owes 1 yuan.
    expect(await decideTierEvidence(db, { eventId: free.event.id, registrationId: r.id, decision: 'convert' }, STAFF, NOW)).toMatchObject({ status: 'PENDING_PAYMENT', amount: 100 })
  })

  test('approving a free student registration confirms it and mails the confirmation', async () => {
    const { event, ticket } = await tieredEvent({ priceNonMember: 5000, priceMember: 5000, priceStudent: 0 })
    const u = await person('王芳')
    const reg = await register(event.id, ticket.id, u, { tier: 'STUDENT', studentCard: PNG })
    const decided = await decideTierEvidence(db, { eventId: event.id, registrationId: reg.id, decision: 'approve' }, STAFF, NOW)
    expect(decided).toMatchObject({ status: 'CONFIRMED', amount: 0 })
    expect(await db.emailMessage.count({ where: { userId: u, kind: 'registration_confirmed' } })).toBe(1)
  })

  test.each([
    ['no card', null, 'eligibility.card.required'],
    ['an HTML file', new TextEncoder().encode('<html><script>alert(1)</script>'), 'eligibility.card.badType'],
    ['a GIF', new TextEncoder().encode('GIF89a........'), 'eligibility.card.badType'],
    [
      'a card over 2 MB',
      (() => {
        const big = new Uint8Array(2 * 1024 * 1024 + 1)
        big.set([0xff, 0xd8, 0xff])
        return big
      })(),
      'eligibility.card.tooLarge',
    ],
  ])('%s is refused with a 422 and writes nothing', async (_name, card, key) => {
    const { event, ticket } = await tieredEvent({ quota: 3 })
    const error = await register(event.id, ticket.id, await person('王芳'), { tier: 'STUDENT', studentCard: card }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'validation_failed', details: { fields: { studentCard: key } } })
    expect((error as { status: number }).status).toBe(422)
    expect(await db.registration.count({ where: { eventId: event.id } })).toBe(0)
    expect(await seats(ticket.id)).toEqual({ seatsTaken: 0, holding: 0 })
  })

  test('a wait-listed student keeps waiting for evidence when promoted', async () => {
    const { event, ticket } = await tieredEvent({ quota: 1 })
    const first = await register(event.id, ticket.id, await person('李娜'), {})
    const u = await person('王芳')
    const student = await register(event.id, ticket.id, u, { tier: 'STUDENT', studentCard: PNG })
    expect(student).toMatchObject({ status: 'WAITLISTED', tierEvidence: 'PENDING' })
    await cancelRegistration(db, { registrationId: first.id, actorUserId: first.userId }, {}, NOW)
    expect(await db.registration.findUniqueOrThrow({ where: { id: student.id } })).toMatchObject({ status: 'PENDING_APPROVAL', tierEvidence: 'PENDING' })
    // Cancelling the waiting student frees the seat it held.
    await cancelRegistration(db, { registrationId: student.id, actorUserId: u }, {}, NOW)
    expect(await seats(ticket.id)).toEqual({ seatsTaken: 0, holding: 0 })
  })
})
