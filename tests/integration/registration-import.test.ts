import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { hashPasswordToken } from '../../app/domain/password-token.ts'
import { isValidReference } from '../../app/domain/transfer-reference.ts'
import { expireBankTransfers } from '../../app/services/registration/expire-bank-transfers.server.ts'
import { getTicketPayment } from '../../app/services/registration/get-ticket-payment.server.ts'
import { saveBankAccount } from '../../app/services/registration/save-bank-account.server.ts'
import { importRegistrations, type InvitedAccounts } from '../../app/services/registration/import-registrations.server.ts'
import { contentHash, previewRegistrationImport } from '../../app/services/registration/preview-registration-import.server.ts'
import { commitLoginSession } from '../../app/utils/auth.server.ts'
import { signUpConfirmed } from '../helpers/accounts.ts'
import { testDatabaseUrl, testDb, uniqueEmail } from '../helpers/db.ts'
import { createEvent, createTicketType } from '../helpers/fixtures.ts'

// The route reads the process-wide client and the cookie secret, as in production.
process.env.DATABASE_URL = testDatabaseUrl()
process.env.SESSION_SECRET = 'test-secret-test-secret-test-secret-42'

const db = testDb()
const NOW = new Date('2027-02-01T02:00:00Z')
const accounts: InvitedAccounts = { passwordHash: 'unusable', linkTtlMs: 7 * 24 * 3600_000 }
let staff = { id: '', cookie: '' }
const run = `${process.pid}${Date.now()}`
const mail = (label: string) => `${label}.${run}@hospital.example.cn`

async function signedIn(role: 'ATTENDEE' | 'STAFF') {
  const { userId, session } = await signUpConfirmed(db, { email: uniqueEmail(`import-${role.toLowerCase()}`), password: 'password-123', realName: role, locale: 'zh-CN' })
  await db.user.update({ where: { id: userId }, data: { role } })
  return { id: userId, cookie: (await commitLoginSession(session.id, session.expiresAt)).split(';')[0]! }
}

async function xlsx(rows: (string | number)[][]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('名单')
  for (const r of rows) sheet.addRow(r)
  return new Uint8Array(await book.xlsx.writeBuffer())
}
const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n'))

async function eventWith(tickets: { nameZh: string; nameEn: string; priceNonMember?: number; quota?: number }[]) {
  const event = await createEvent(db)
  const created = []
  for (const [i, t] of tickets.entries()) created.push(await createTicketType(db, event.id, { ...t, position: i }))
  return { eventId: event.id, slug: event.slug, tickets: created }
}

const ctx = () => ({ userId: staff.id })
const counts = async (eventId: string) => ({
  registrations: await db.registration.count({ where: { eventId } }),
  seats: (await db.ticketType.findMany({ where: { eventId }, orderBy: { position: 'asc' }, select: { seatsTaken: true } })).map((t) => t.seatsTaken),
})

let existing = { id: '', email: '' }
let registeredUser = { id: '', email: '' }

beforeAll(async () => {
  staff = await signedIn('STAFF')
  existing = await db.user.create({ data: { email: mail('existing'), phone: '13900000001', passwordHash: 'x', realName: '老用户', locale: 'en' }, select: { id: true, email: true } })
  registeredUser = await db.user.create({ data: { email: mail('registered'), passwordHash: 'x', realName: '已报名' }, select: { id: true, email: true } })
})

afterAll(async () => {
  const { disconnectDb } = await import('../../app/utils/db.server.ts')
  await disconnectDb()
  await db.$disconnect()
})

describe('preview', () => {
  test('classifies every row without writing anything', async () => {
    const { eventId, tickets } = await eventWith([
      { nameZh: '普通票', nameEn: 'Standard' },
      { nameZh: '学生票', nameEn: 'Student' },
    ])
    await db.registration.create({ data: { eventId, userId: registeredUser.id, ticketTypeId: tickets[0]!.id, status: 'CONFIRMED' } })
    const bytes = await xlsx([
      ['北京协和医院 参会名单'],
      ['姓名', '手机', '邮箱', '单位', '职称', '票种'],
      ['新人甲', '13812340001', mail('new-a'), '北京协和医院', '主治医师', '普通票'],
      ['老用户', 13900000001, '', '北京协和医院', '主任医师', 'Student'],
      ['已报名', '', registeredUser.email.toUpperCase(), '', '', '普通票'],
      ['新人甲', '', mail('new-a'), '', '', '普通票'],
      ['', '13812340002', mail('no-name'), '', '', '普通票'],
      ['坏手机', '12345', mail('bad-phone'), '', '', '普通票'],
      ['无票种', '', mail('no-ticket'), '', '', ''],
      ['只有手机', '13812340003', '', '', '', '普通票'],
    ])
    const before = { users: await db.user.count(), registrations: await db.registration.count(), emails: await db.emailMessage.count() }
    const preview = await previewRegistrationImport(db, { eventId, bytes, fileName: 'list.xlsx', userId: staff.id })
    expect(preview.contentHash).toBe(contentHash(bytes))
    expect(preview.plan.rows.map((r) => [r.line, r.kind, r.kind === 'bad' ? r.reason : r.kind === 'existing' ? r.matchedBy : r.kind === 'duplicate' ? r.firstLine : null])).toEqual([
      [3, 'new', null],
      [4, 'existing', 'phone'],
      [5, 'registered', null],
      [6, 'duplicate', 3],
      [7, 'bad', 'name_missing'],
      [8, 'bad', 'phone_invalid'],
      [9, 'bad', 'ticket_missing'],
      [10, 'bad', 'email_needed'],
    ])
    expect(preview.plan.summary).toEqual({ total: 8, new: 1, existing: 1, registered: 1, duplicate: 1, bad: 4 })
    expect(preview.plan.tickets.map((t) => [t.ticketId, t.adding])).toEqual([
      [tickets[0]!.id, 1],
      [tickets[1]!.id, 1],
    ])
    expect({ users: await db.user.count(), registrations: await db.registration.count(), emails: await db.emailMessage.count() }).toEqual(before)
  })

  test('reads a CSV saved as GB18030 by Excel, with English headers and a contact column', async () => {
    const { eventId } = await eventWith([{ nameZh: '普通票', nameEn: 'Standard' }])
    // 王伟 and 李娜 in GB18030 (Node can decode it, not encode it).
    const wangWei = [0xcd, 0xf5, 0xce, 0xb0]
    const liNa = [0xc0, 0xee, 0xc4, 0xc8]
    const ascii = (s: string) => [...Buffer.from(s, 'ascii')]
    const bytes = new Uint8Array([...ascii('Name,Phone or Email,Hospital\r\n'), ...wangWei, ...ascii(`,${mail('csv-wang')},PUMCH\r\n`), ...liNa, ...ascii(',+86 138 1234 0009,Ruijin\r\n')])
    const preview = await previewRegistrationImport(db, { eventId, bytes })
    expect(preview.plan.rows.map((r) => [r.line, r.name, r.kind, r.kind === 'bad' ? r.reason : null])).toEqual([
      [2, '王伟', 'new', null],
      [3, '李娜', 'bad', 'email_needed'],
    ])
  })

  test.each([
    ['an empty file', new Uint8Array(), 'empty'],
    [
      'a file without header',
      csv([
        ['a', 'b'],
        ['c', 'd'],
      ]),
      'no_header',
    ],
  ])('%s is refused with a 422 naming the problem', async (_, bytes, problem) => {
    const { eventId } = await eventWith([{ nameZh: '普通票', nameEn: 'Standard' }])
    const error = await previewRegistrationImport(db, { eventId, bytes }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'import_unreadable', status: 422, details: { problem } })
  })

  test('a broken XLSX is refused, not a 500', async () => {
    const { eventId } = await eventWith([{ nameZh: '普通票', nameEn: 'Standard' }])
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5])
    await expect(previewRegistrationImport(db, { eventId, bytes })).rejects.toMatchObject({ code: 'import_unreadable', status: 422 })
  })

  test('says when a ticket would go over its seats, and the import refuses it', async () => {
    const { eventId, tickets } = await eventWith([{ nameZh: '普通票', nameEn: 'Standard', quota: 2 }])
    const bytes = csv([['姓名', '邮箱'], ...[1, 2, 3].map((i) => [`人${i}`, mail(`quota-${i}`)])])
    const preview = await previewRegistrationImport(db, { eventId, bytes })
    expect(preview.plan.fits).toBe(false)
    expect(preview.plan.tickets).toEqual([{ ticketId: tickets[0]!.id, adding: 3, available: 2, over: 1 }])
    await expect(importRegistrations(db, { eventId, contentHash: preview.contentHash, paidByTransfer: false }, accounts, ctx(), NOW)).rejects.toMatchObject({ code: 'import_over_capacity' })
    expect(await counts(eventId)).toEqual({ registrations: 0, seats: [0] })
  })
})

describe('import', () => {
  test('adds the planned people in one step, mails invitations, and adds nothing the second time', async () => {
    const { eventId, slug, tickets } = await eventWith([
      { nameZh: '普通票', nameEn: 'Standard' },
      { nameZh: '学生票', nameEn: 'Student' },
    ])
    const bytes = await xlsx([
      ['Name', 'Mobile', 'E-mail', 'Institution', 'Title', 'Ticket'],
      ['Wang Wei', '138 1234 0101', mail('imp-wang'), 'PUMCH', 'Attending', 'Standard'],
      ['老用户', '', existing.email, '', '', '学生票'],
      ['Bad', '', 'not-an-email', '', '', 'Standard'],
      ['Li Na', '', mail('imp-li'), 'Ruijin', '', 'Standard'],
    ])
    const preview = await previewRegistrationImport(db, { eventId, bytes, userId: staff.id })
    expect(preview.plan.summary).toMatchObject({ new: 2, existing: 1, bad: 1 })

    const first = await importRegistrations(db, { eventId, contentHash: preview.contentHash, paidByTransfer: false }, accounts, ctx(), NOW)
    expect(first).toEqual({ created: 2, registered: 3, paidByTransfer: 0, transferId: null, awaitingTransfer: 0 })
    const wang = await db.user.findUniqueOrThrow({ where: { email: mail('imp-wang') }, include: { registrations: true, passwordTokens: true } })
    expect(wang).toMatchObject({ realName: 'Wang Wei', phone: '13812340101', institution: 'PUMCH', title: 'Attending', passwordHash: 'unusable' })
    expect(wang.registrations).toMatchObject([{ eventId, ticketTypeId: tickets[0]!.id, status: 'CONFIRMED', tier: 'NON_MEMBER', amount: 0 }])
    expect(wang.passwordTokens).toMatchObject([{ purpose: 'SETUP', usedAt: null, expiresAt: new Date(NOW.getTime() + accounts.linkTtlMs) }])
    expect(await db.registration.findUniqueOrThrow({ where: { eventId_userId: { eventId, userId: existing.id } } })).toMatchObject({ ticketTypeId: tickets[1]!.id, status: 'CONFIRMED' })
    expect(await counts(eventId)).toEqual({ registrations: 3, seats: [2, 1] })

    // The invitation carries a working set-password link for the account it was made for.
    const invitation = await db.emailMessage.findFirstOrThrow({ where: { userId: wang.id } })
    expect(invitation).toMatchObject({ kind: 'registration_import_invitation', priority: 'BULK', toAddress: mail('imp-wang'), status: 'OUTBOX', locale: 'zh_CN' })
    const token = /\/reset-password\/([A-Za-z0-9_-]+)\?redirectTo=/.exec(invitation.text)?.[1]
    expect(token && hashPasswordToken(token)).toBe(wang.passwordTokens[0]!.tokenHash)
    expect(invitation.text).toContain(`/events/${slug}`)
    // The existing account is told in its own language, without a password link.
    const notice = await db.emailMessage.findFirstOrThrow({ where: { userId: existing.id, kind: 'registration_import' } })
    expect(notice).toMatchObject({ locale: 'en', priority: 'BULK' })
    expect(notice.subject).toMatch(/^You are registered/)
    expect(notice.text).not.toContain('/reset-password/')
    expect(await db.auditLog.count({ where: { type: 'registration.imported', userId: staff.id, data: { path: ['eventId'], equals: eventId } } })).toBe(1)

    // The same file again: previewed as registered, imported as nothing.
    const again = await previewRegistrationImport(db, { eventId, bytes })
    expect(again.plan.summary).toMatchObject({ new: 0, existing: 0, registered: 3, bad: 1 })
    const emailsBefore = await db.emailMessage.count()
    const usersBefore = await db.user.count()
    const second = await importRegistrations(db, { eventId, contentHash: preview.contentHash, paidByTransfer: false }, accounts, ctx(), NOW)
    expect(second).toEqual({ created: 0, registered: 0, paidByTransfer: 0, transferId: null, awaitingTransfer: 0 })
    expect(await counts(eventId)).toEqual({ registrations: 3, seats: [2, 1] })
    expect(await db.emailMessage.count()).toBe(emailsBefore)
    expect(await db.user.count()).toBe(usersBefore)
  })

  test('paid by the hospital’s transfer: paid tickets are confirmed and paid by one received transfer', async () => {
    const { eventId, tickets } = await eventWith([
      { nameZh: '普通票', nameEn: 'Standard', priceNonMember: 80000 },
      { nameZh: '免费票', nameEn: 'Free' },
    ])
    const bytes = csv([
      ['姓名', '邮箱', '票种'],
      ['甲', mail('paid-a'), '普通票'],
      ['乙', mail('paid-b'), '普通票'],
      ['丙', mail('paid-c'), '免费票'],
    ])
    const preview = await previewRegistrationImport(db, { eventId, bytes })
    const result = await importRegistrations(db, { eventId, contentHash: preview.contentHash, paidByTransfer: true, payerName: '北京协和医院' }, accounts, ctx(), NOW)
    expect(result).toMatchObject({ created: 3, registered: 3, paidByTransfer: 2 })
    const transfer = await db.bankTransfer.findUniqueOrThrow({ where: { id: result.transferId! }, include: { registrations: { select: { status: true, amount: true, ticketTypeId: true } } } })
    expect(transfer).toMatchObject({ eventId, amount: 160000, status: 'RECEIVED', payerName: '北京协和医院', receivedVia: 'MANUAL', receivedAt: NOW })
    expect(transfer.registrations).toEqual([
      { status: 'CONFIRMED', amount: 80000, ticketTypeId: tickets[0]!.id },
      { status: 'CONFIRMED', amount: 80000, ticketTypeId: tickets[0]!.id },
    ])
    const free = await db.registration.findFirstOrThrow({ where: { eventId, ticketTypeId: tickets[1]!.id } })
    expect(free).toMatchObject({ status: 'CONFIRMED', amount: 0, bankTransferId: null })
  })

  test('without the transfer option, each paid registration awaits its own transfer like a self-registration; past the deadline its seat is released and the attendee told', async () => {
    const { eventId, tickets } = await eventWith([
      { nameZh: '普通票', nameEn: 'Standard', priceNonMember: 50000, quota: 5 },
      { nameZh: '免费票', nameEn: 'Free' },
    ])
    await saveBankAccount(db, eventId, { enabled: 'on', accountName: '中华医学会', bankName: '工商银行北京东四支行', accountNumber: '0200001009014412345', holdDays: 7 }, {})
    const bytes = csv([
      ['姓名', '邮箱', '票种'],
      ['甲', mail('await-a'), '普通票'],
      ['老用户', existing.email, '普通票'],
      ['丙', mail('await-c'), '免费票'],
    ])
    const preview = await previewRegistrationImport(db, { eventId, bytes }, NOW)
    expect(preview.payment).toEqual({ paidRows: 2, transferOffered: true, holdDays: 7 })
    const result = await importRegistrations(db, { eventId, contentHash: preview.contentHash, paidByTransfer: false }, accounts, ctx(), NOW)
    expect(result).toMatchObject({ created: 2, registered: 3, paidByTransfer: 0, transferId: null, awaitingTransfer: 2 })

    const awaiting = await db.registration.findMany({
      where: { eventId, ticketTypeId: tickets[0]!.id },
      include: { bankTransfer: true, user: { select: { email: true } } },
      orderBy: { createdAt: 'asc' },
    })
    expect(awaiting).toHaveLength(2)
    const deadline = new Date('2027-02-08T02:00:00Z') // NOW + the account's 7 days, before the event's start
    for (const reg of awaiting) {
      expect(reg).toMatchObject({ status: 'PENDING_PAYMENT', amount: 50000, confirmedAt: null })
      expect(reg.bankTransfer).toMatchObject({ eventId, amount: 50000, status: 'AWAITING', deadline, payerName: null, receivedAt: null })
      expect(isValidReference(reg.bankTransfer!.reference)).toBe(true)
      // The attendee's instructions carry the account, the reference and the deadline, in their language.
      const instructions = await db.emailMessage.findFirstOrThrow({ where: { userId: reg.userId, kind: 'transfer_instructions' } })
      expect(instructions).toMatchObject({ toAddress: reg.user.email, priority: 'BULK' })
      expect(instructions.text).toContain(reg.bankTransfer!.reference)
      expect(instructions.text).toContain('0200001009014412345')
      expect(instructions.text).toContain(`/tickets/${reg.id}`)
      // The ticket page shows the account to pay into and the reference.
      const view = await getTicketPayment(db, { registrationId: reg.id, userId: reg.userId })
      expect(view.account).toMatchObject({ accountName: '中华医学会', accountNumber: '0200001009014412345' })
      expect(view.transfer).toMatchObject({ reference: reg.bankTransfer!.reference, amount: 50000, status: 'AWAITING', deadline })
    }
    expect(awaiting[0]!.bankTransfer!.reference).not.toBe(awaiting[1]!.bankTransfer!.reference)
    expect(
      (await db.emailMessage.findFirstOrThrow({ where: { userId: existing.id, kind: 'transfer_instructions', dedupeKey: { contains: awaiting.find((r) => r.userId === existing.id)!.id } } })).locale,
    ).toBe('en')
    expect(await db.registration.findFirstOrThrow({ where: { eventId, ticketTypeId: tickets[1]!.id } })).toMatchObject({ status: 'CONFIRMED', bankTransferId: null })
    expect(await counts(eventId)).toEqual({ registrations: 3, seats: [2, 1] })
    const opened = await db.auditLog.findMany({ where: { type: 'bank_transfer.opened', data: { path: ['via'], equals: 'import' }, userId: staff.id } })
    expect(opened.filter((a) => awaiting.some((r) => (a.data as { registrationId: string }).registrationId === r.id))).toHaveLength(2)

    // Importing the same list again opens nothing more.
    expect(await importRegistrations(db, { eventId, contentHash: preview.contentHash, paidByTransfer: false }, accounts, ctx(), NOW)).toMatchObject({ registered: 0, awaitingTransfer: 0 })
    expect(await db.bankTransfer.count({ where: { eventId } })).toBe(2)

    // The deadline job: nothing before the deadline; at it, the seats are released and each attendee is mailed.
    expect(await expireBankTransfers(db, new Date(deadline.getTime() - 60_000))).toEqual({ transfers: 0, registrations: 0 })
    expect((await expireBankTransfers(db, deadline)).registrations).toBeGreaterThanOrEqual(2)
    for (const reg of awaiting) {
      expect(await db.registration.findUniqueOrThrow({ where: { id: reg.id }, include: { bankTransfer: { select: { status: true } } } })).toMatchObject({
        status: 'CANCELLED',
        bankTransfer: { status: 'EXPIRED' },
      })
      const told = await db.emailMessage.findMany({ where: { userId: reg.userId, kind: 'transfer_expired' } })
      expect(told).toHaveLength(1)
      expect(told[0]!.text).toContain(reg.bankTransfer!.reference)
    }
    expect(await counts(eventId)).toEqual({ registrations: 3, seats: [0, 1] })
  })

  test('an event that takes no transfers refuses to leave paid registrations waiting without a deadline; paid by the hospital they import', async () => {
    const { eventId } = await eventWith([{ nameZh: '普通票', nameEn: 'Standard', priceNonMember: 50000, quota: 5 }])
    const preview = await previewRegistrationImport(db, {
      eventId,
      bytes: csv([
        ['姓名', '邮箱'],
        ['甲', mail('unpaid-a')],
      ]),
    })
    expect(preview.payment).toEqual({ paidRows: 1, transferOffered: false, holdDays: null })
    await expect(importRegistrations(db, { eventId, contentHash: preview.contentHash, paidByTransfer: false }, accounts, ctx(), NOW)).rejects.toMatchObject({ code: 'transfer_not_offered' })
    expect(await counts(eventId)).toEqual({ registrations: 0, seats: [0] })
    expect(await db.user.count({ where: { email: mail('unpaid-a') } })).toBe(0)
    expect(await importRegistrations(db, { eventId, contentHash: preview.contentHash, paidByTransfer: true }, accounts, ctx(), NOW)).toMatchObject({
      registered: 1,
      paidByTransfer: 1,
      awaitingTransfer: 0,
    })
    expect(await db.registration.findFirstOrThrow({ where: { eventId } })).toMatchObject({ status: 'CONFIRMED', amount: 50000 })
  })

  test('is one transaction: a failure in its last write leaves nothing behind', async () => {
    const { eventId } = await eventWith([{ nameZh: '普通票', nameEn: 'Standard', priceNonMember: 100 }])
    const bytes = csv([
      ['姓名', '邮箱'],
      ['甲', mail('tx-a')],
      ['乙', `tx-b.${run}@fail-import.test`],
    ])
    const preview = await previewRegistrationImport(db, { eventId, bytes })
    // A real failure inside PostgreSQL: the outbox refuses this one address, after the accounts,
    // registrations, transfer and seats were written in the same transaction.
    await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION refuse_import_mail() RETURNS trigger AS $$ BEGIN
      IF NEW."toAddress" LIKE '%@fail-import.test' THEN RAISE EXCEPTION 'refused by test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`)
    await db.$executeRawUnsafe(`CREATE TRIGGER refuse_import_mail BEFORE INSERT ON "EmailMessage" FOR EACH ROW EXECUTE FUNCTION refuse_import_mail()`)
    const transfersBefore = await db.bankTransfer.count({ where: { eventId } })
    try {
      await expect(importRegistrations(db, { eventId, contentHash: preview.contentHash, paidByTransfer: true }, accounts, ctx(), NOW)).rejects.toThrow(/refused by test/)
    } finally {
      await db.$executeRawUnsafe('DROP TRIGGER refuse_import_mail ON "EmailMessage"')
      await db.$executeRawUnsafe('DROP FUNCTION refuse_import_mail()')
    }
    expect(await db.user.count({ where: { email: { in: [mail('tx-a'), `tx-b.${run}@fail-import.test`] } } })).toBe(0)
    expect(await counts(eventId)).toEqual({ registrations: 0, seats: [0] })
    expect(await db.bankTransfer.count({ where: { eventId } })).toBe(transfersBefore)
    expect(await db.auditLog.count({ where: { type: 'registration.imported', data: { path: ['eventId'], equals: eventId } } })).toBe(0)
    // Nothing was half-written, so the same list imports whole afterwards.
    expect(await importRegistrations(db, { eventId, contentHash: preview.contentHash, paidByTransfer: true }, accounts, ctx(), NOW)).toMatchObject({ created: 2, registered: 2, paidByTransfer: 2 })
  })

  test('an unknown hash is refused: only a previewed file can be imported', async () => {
    const { eventId } = await eventWith([{ nameZh: '普通票', nameEn: 'Standard' }])
    await expect(importRegistrations(db, { eventId, contentHash: 'a'.repeat(64), paidByTransfer: false }, accounts, ctx(), NOW)).rejects.toMatchObject({ code: 'import_expired', status: 410 })
  })
})

describe('the route', () => {
  const route = () => import('../../app/routes/staff.events.$eventId_.registrations_.import.tsx')
  const post = async (eventId: string, form: FormData, cookie = staff.cookie) => {
    const { action } = await route()
    const reply = (await action({
      request: new Request(`http://localhost/staff/events/${eventId}/registrations/import`, { method: 'POST', body: form, headers: { cookie } }),
      params: { eventId },
      context: {},
    }).catch((e: unknown) => e)) as { data?: unknown; init?: { status?: number } | null } & Record<string, unknown>
    return reply.init ? { status: reply.init.status, ...(reply.data as object) } : { status: 200, ...reply }
  }

  test('previews an upload, then imports it by its hash; a bad upload is a 422', async () => {
    const { eventId } = await eventWith([{ nameZh: '普通票', nameEn: 'Standard' }])
    const file = csv([
      ['姓名', '手机', '邮箱'],
      ['路由甲', '', mail('route-a')],
      ['路由乙', 'x', mail('route-b')],
    ])
    const form = new FormData()
    form.set('intent', 'preview')
    form.set('list', new File([file], 'list.csv', { type: 'text/csv' }))
    const preview = (await post(eventId, form)) as { status: number; preview: { contentHash: string; bad: { line: number; reason: string }[]; adding: number } }
    expect(preview.status).toBe(200)
    expect(preview.preview.bad).toMatchObject([{ line: 3, reason: 'phone_invalid' }])
    expect(preview.preview.adding).toBe(1)

    const confirm = new FormData()
    confirm.set('intent', 'import')
    confirm.set('contentHash', preview.preview.contentHash)
    expect(await post(eventId, confirm)).toMatchObject({ status: 200, ok: true, imported: { created: 1, registered: 1 } })

    const bad = new FormData()
    bad.set('intent', 'preview')
    bad.set('list', new File([csv([['x'], ['y']])], 'bad.csv'))
    expect(await post(eventId, bad)).toMatchObject({ status: 422, ok: false, code: 'import_unreadable', problem: 'no_header' })
    const badHash = new FormData()
    badHash.set('intent', 'import')
    badHash.set('contentHash', 'not-a-hash')
    expect(await post(eventId, badHash)).toMatchObject({ status: 422, code: 'validation_failed' })
  })

  test('the preview says how paid rows will be settled; without the event’s account, confirming them unpaid is a 409', async () => {
    const { eventId } = await eventWith([{ nameZh: '普通票', nameEn: 'Standard', priceNonMember: 30000 }])
    const form = new FormData()
    form.set('intent', 'preview')
    form.set(
      'list',
      new File(
        [
          csv([
            ['姓名', '邮箱'],
            ['路由丙', mail('route-paid')],
          ]),
        ],
        'list.csv',
      ),
    )
    const preview = (await post(eventId, form)) as { status: number; preview: { contentHash: string; payment: unknown } }
    expect(preview).toMatchObject({ status: 200, preview: { payment: { paidRows: 1, transferOffered: false, holdDays: null } } })
    const confirm = new FormData()
    confirm.set('intent', 'import')
    confirm.set('contentHash', preview.preview.contentHash)
    expect(await post(eventId, confirm)).toMatchObject({ status: 409, ok: false, code: 'transfer_not_offered' })
    expect(await db.registration.count({ where: { eventId } })).toBe(0)
    confirm.set('paidByTransfer', 'on')
    expect(await post(eventId, confirm)).toMatchObject({ status: 200, ok: true, imported: { registered: 1, paidByTransfer: 1, awaitingTransfer: 0 } })
  })

  test('is for staff only', async () => {
    const { eventId } = await eventWith([{ nameZh: '普通票', nameEn: 'Standard' }])
    const attendee = await signedIn('ATTENDEE')
    const form = new FormData()
    form.set('intent', 'preview')
    form.set(
      'list',
      new File(
        [
          csv([
            ['姓名', '邮箱'],
            ['甲', mail('forbidden')],
          ]),
        ],
        'list.csv',
      ),
    )
    const reply = await post(eventId, form, attendee.cookie)
    expect(reply.status).toBe(403)
    expect(await db.registrationImport.count({ where: { eventId } })).toBe(0)
  })
})
