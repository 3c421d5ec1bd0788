import ExcelJS from 'exceljs'
import { afterAll, describe, expect, test } from 'vitest'
import { isValidReference } from '../../app/domain/transfer-reference.ts'
import { fapiaoRequestSchema } from '../../app/schemas/payments.ts'
import { cancelRegistration } from '../../app/services/registration/cancel-registration.server.ts'
import { confirmBankTransfer } from '../../app/services/registration/confirm-bank-transfer.server.ts'
import { confirmStatementMatches } from '../../app/services/registration/confirm-statement-matches.server.ts'
import { expireBankTransfers } from '../../app/services/registration/expire-bank-transfers.server.ts'
import { exportFapiaoRequests } from '../../app/services/registration/export-fapiao-requests.server.ts'
import { getFapiaoPdf } from '../../app/services/registration/get-fapiao-pdf.server.ts'
import { getTicketPayment } from '../../app/services/registration/get-ticket-payment.server.ts'
import { listEventRegistrations } from '../../app/services/registration/list-event-registrations.server.ts'
import { groupBankTransfers } from '../../app/services/registration/group-bank-transfers.server.ts'
import { issueFapiao } from '../../app/services/registration/issue-fapiao.server.ts'
import { previewBankStatement } from '../../app/services/registration/preview-bank-statement.server.ts'
import { registerForEvent } from '../../app/services/registration/register-for-event.server.ts'
import { requestFapiao } from '../../app/services/registration/request-fapiao.server.ts'
import { saveBankAccount } from '../../app/services/registration/save-bank-account.server.ts'
import { createPrisma } from '../../app/utils/db.server.ts'
import { testDatabaseUrl } from '../helpers/db.ts'
import { createEvent, createTicketType, createUsers } from '../helpers/fixtures.ts'

const db = createPrisma(testDatabaseUrl(), 5)
afterAll(() => db.$disconnect())

const NOW = new Date('2026-12-01T02:00:00Z')
const noStripe = { paymentsConfigured: false, now: NOW }

async function transferEvent(quota: number | null = null) {
  const event = await createEvent(db)
  const ticket = await createTicketType(db, event.id, { priceNonMember: 120000, quota })
  await saveBankAccount(db, event.id, { enabled: 'on', accountName: '中华医学会', bankName: '工商银行北京东四支行', accountNumber: '0200001009014412345', holdDays: 7 }, {})
  return { event, ticket }
}

async function registerByTransfer(eventId: string, ticketTypeId: string, userId: string, now = NOW) {
  return registerForEvent(db, { userId, eventId, ticketTypeId, tier: 'NON_MEMBER', answers: {}, paymentMethod: 'transfer' }, { paymentsConfigured: false, now })
}

async function transferOf(registrationId: string) {
  const reg = await db.registration.findUniqueOrThrow({ where: { id: registrationId }, select: { status: true, bankTransfer: true } })
  return { status: reg.status, transfer: reg.bankTransfer! }
}

async function seats(ticketTypeId: string) {
  const t = await db.ticketType.findUniqueOrThrow({ where: { id: ticketTypeId } })
  const holding = await db.registration.count({ where: { ticketTypeId, status: { in: ['CONFIRMED', 'PENDING_PAYMENT', 'PENDING_APPROVAL'] } } })
  return { seatsTaken: t.seatsTaken, holding }
}

function csv(rows: string[][]): Uint8Array {
  return new TextEncoder().encode(rows.map((r) => r.join(',')).join('\r\n'))
}

describe('paying by bank transfer', () => {
  test('a paid ticket is taken without Stripe: the seat waits with a reference, a deadline and an instructions email', async () => {
    const { event, ticket } = await transferEvent(10)
    const [u] = await createUsers(db, 1, 'bt')
    const reg = await registerByTransfer(event.id, ticket.id, u!)
    const { status, transfer } = await transferOf(reg.id)
    expect(status).toBe('PENDING_PAYMENT')
    expect(isValidReference(transfer.reference)).toBe(true)
    expect(transfer).toMatchObject({ amount: 120000, status: 'AWAITING', deadline: new Date('2026-12-08T02:00:00Z') })
    expect(await seats(ticket.id)).toEqual({ seatsTaken: 1, holding: 1 })
    const mail = await db.emailMessage.findFirstOrThrow({ where: { userId: u!, kind: 'transfer_instructions' } })
    expect(mail.text).toContain(transfer.reference)
    expect(mail.text).toContain('0200001009014412345')

    const view = await getTicketPayment(db, { registrationId: reg.id, userId: u! })
    expect(view.account).toMatchObject({ accountName: '中华医学会', accountNumber: '0200001009014412345' })
    expect(view.transfer).toMatchObject({ reference: transfer.reference, amount: 120000, status: 'AWAITING' })
  })

  test('an event without an account refuses a transfer and writes nothing', async () => {
    const event = await createEvent(db)
    const ticket = await createTicketType(db, event.id, { priceNonMember: 50000 })
    const [u] = await createUsers(db, 1, 'bt-none')
    await expect(registerByTransfer(event.id, ticket.id, u!)).rejects.toMatchObject({ code: 'transfer_not_offered' })
    expect(await db.registration.count({ where: { eventId: event.id } })).toBe(0)
    expect(await seats(ticket.id)).toEqual({ seatsTaken: 0, holding: 0 })
  })

  test('staff mark a transfer received once: the registration is confirmed, emailed and audited; again is a no-op', async () => {
    const { event, ticket } = await transferEvent()
    const [u, staff] = await createUsers(db, 2, 'bt-mark')
    const reg = await registerByTransfer(event.id, ticket.id, u!)
    const { transfer } = await transferOf(reg.id)
    const first = await confirmBankTransfer(db, { eventId: event.id, transferId: transfer.id }, { userId: staff! }, NOW)
    expect(first).toEqual({ changed: true, confirmed: [reg.id] })
    expect(await transferOf(reg.id)).toMatchObject({ status: 'CONFIRMED', transfer: { status: 'RECEIVED', receivedVia: 'MANUAL' } })
    expect(await db.emailMessage.count({ where: { userId: u!, kind: 'registration_confirmed' } })).toBe(1)
    const audit = await db.auditLog.findFirstOrThrow({ where: { type: 'bank_transfer.received', userId: staff! } })
    expect(audit.data).toMatchObject({ transferId: transfer.id, via: 'MANUAL', registrationIds: [reg.id] })
    expect(await confirmBankTransfer(db, { eventId: event.id, transferId: transfer.id }, { userId: staff! }, NOW)).toEqual({ changed: false, confirmed: [] })
    // Another event's staff page cannot reach it.
    const other = await createEvent(db)
    await expect(confirmBankTransfer(db, { eventId: other.id, transferId: transfer.id }, {}, NOW)).rejects.toMatchObject({ code: 'not_found' })
  })

  test('cancelling a registration voids its own awaited transfer and frees the seat', async () => {
    const { event, ticket } = await transferEvent(5)
    const [u] = await createUsers(db, 1, 'bt-cancel')
    const reg = await registerByTransfer(event.id, ticket.id, u!)
    await cancelRegistration(db, { registrationId: reg.id, actorUserId: u! }, {}, NOW)
    expect((await transferOf(reg.id)).transfer.status).toBe('CANCELLED')
    expect(await seats(ticket.id)).toEqual({ seatsTaken: 0, holding: 0 })
  })

  test('the account cannot be removed while a transfer is awaited, so its payer keeps the account and reference; once it has arrived it can', async () => {
    const { event, ticket } = await transferEvent()
    const [u] = await createUsers(db, 1, 'bt-account')
    const reg = await registerByTransfer(event.id, ticket.id, u!)
    const { transfer } = await transferOf(reg.id)
    await expect(saveBankAccount(db, event.id, { enabled: 'off' }, {})).rejects.toMatchObject({
      code: 'conflict',
      details: { fields: { enabled: 'payments.validation.accountInUse?count=1' } },
    })
    expect(await db.eventBankAccount.count({ where: { eventId: event.id } })).toBe(1)
    expect(await db.auditLog.count({ where: { type: 'bank_account.removed', data: { path: ['eventId'], equals: event.id } } })).toBe(0)
    const view = await getTicketPayment(db, { registrationId: reg.id, userId: u! })
    expect(view.account).toMatchObject({ accountNumber: '0200001009014412345' })
    expect(view.transfer).toMatchObject({ reference: transfer.reference, status: 'AWAITING' })
    // A new account number is fine: the payer is shown where to send the money now.
    await saveBankAccount(db, event.id, { enabled: 'on', accountName: '中华医学会', bankName: '建设银行北京分行', accountNumber: '11001000000053012345', holdDays: 7 }, {})
    expect((await getTicketPayment(db, { registrationId: reg.id, userId: u! })).account).toMatchObject({ accountNumber: '11001000000053012345' })

    await confirmBankTransfer(db, { eventId: event.id, transferId: transfer.id }, {}, NOW)
    await saveBankAccount(db, event.id, { enabled: 'off' }, {})
    expect(await db.eventBankAccount.count({ where: { eventId: event.id } })).toBe(0)
    const [v] = await createUsers(db, 1, 'bt-account-after')
    await expect(registerByTransfer(event.id, ticket.id, v!)).rejects.toMatchObject({ code: 'transfer_not_offered' })
  })

  test('removing the account while attendees register by transfer: never a transfer awaited on an account that is gone', async () => {
    const outcomes = { removed: 0, kept: 0 }
    for (let round = 0; round < 12; round++) {
      const { event, ticket } = await transferEvent()
      const users = await createUsers(db, 3, `bt-race-${round}`)
      const [removal, ...registrations] = await Promise.allSettled([saveBankAccount(db, event.id, { enabled: 'off' }, {}), ...users.map((u) => registerByTransfer(event.id, ticket.id, u))])
      const accounts = await db.eventBankAccount.count({ where: { eventId: event.id } })
      const awaited = await db.bankTransfer.count({ where: { eventId: event.id, status: 'AWAITING' } })
      const registered = registrations.filter((r) => r.status === 'fulfilled').length
      if (removal.status === 'fulfilled') {
        outcomes.removed++
        expect({ accounts, awaited }, `round ${round}`).toEqual({ accounts: 0, awaited: 0 })
        expect(registered, `round ${round}`).toBe(0)
        // A refused registration wrote nothing: no registration, no seat held.
        expect(await seats(ticket.id)).toEqual({ seatsTaken: 0, holding: 0 })
        for (const r of registrations) expect(r.status === 'rejected' && (r.reason as { code?: string }).code).toBe('transfer_not_offered')
      } else {
        outcomes.kept++
        expect((removal.reason as { code?: string }).code).toBe('conflict')
        expect({ accounts, awaited: awaited > 0 }, `round ${round}`).toEqual({ accounts: 1, awaited: true })
      }
      expect(awaited).toBe(registered)
    }
    expect(outcomes.removed + outcomes.kept).toBe(12)
  })
})

describe('importing a bank statement', () => {
  test('a GBK-encoded CSV: the preview shows matches, amount differences and unmatched lines; only exact matches confirm', async () => {
    const { event, ticket } = await transferEvent()
    const [a, b, staff] = await createUsers(db, 3, 'bt-csv')
    const ra = await registerByTransfer(event.id, ticket.id, a!)
    const rb = await registerByTransfer(event.id, ticket.id, b!)
    const ta = (await transferOf(ra.id)).transfer
    const tb = (await transferOf(rb.id)).transfer
    const text = [
      '中国工商银行对公账户明细',
      '交易日期,借方金额,贷方金额,对方户名,摘要,交易流水号',
      `2026-12-02,,"1,200.00",北京协和医院,会议费 ${ta.reference.toLowerCase()},T1`,
      `2026-12-02,,1100.00,上海瑞金医院,${tb.reference},T2`,
      '2026-12-02,,500.00,某公司,货款,T3',
      '2026-12-02,12.00,,,手续费,T4',
    ].join('\r\n')
    // What a Chinese bank's online banking exports: GB18030/GBK, not UTF-8.
    const gbk = encodeGbk(text)
    const preview = await previewBankStatement(db, event.id, gbk)
    expect(preview.summary).toMatchObject({ match: 1, amount_differs: 1, unmatched: 1 })
    expect(preview.skippedOutgoing).toBe(1)
    expect(preview.lines.map((l) => [l.payer, l.outcome.kind])).toEqual([
      ['北京协和医院', 'match'],
      ['上海瑞金医院', 'amount_differs'],
      ['某公司', 'unmatched'],
    ])
    // The preview wrote nothing.
    expect((await transferOf(ra.id)).status).toBe('PENDING_PAYMENT')

    const done = await confirmStatementMatches(db, event.id, preview.lines, { userId: staff! }, NOW)
    expect(done).toMatchObject({ confirmedTransfers: 1, confirmedRegistrations: 1 })
    expect(await transferOf(ra.id)).toMatchObject({ status: 'CONFIRMED', transfer: { status: 'RECEIVED', receivedVia: 'STATEMENT' } })
    expect(await transferOf(rb.id)).toMatchObject({ status: 'PENDING_PAYMENT', transfer: { id: tb.id, status: 'AWAITING' } })
    // Importing the same statement again confirms nothing twice.
    const again = await previewBankStatement(db, event.id, gbk)
    expect(again.lines[0]!.outcome.kind).toBe('already_received')
    expect(await confirmStatementMatches(db, event.id, again.lines, {}, NOW)).toMatchObject({ confirmedTransfers: 0 })
  })

  test('an XLSX statement, and a group transfer paying for three doctors of one hospital', async () => {
    const { event, ticket } = await transferEvent()
    const users = await createUsers(db, 3, 'bt-group')
    const regs = []
    for (const u of users) regs.push(await registerByTransfer(event.id, ticket.id, u))
    const group = await groupBankTransfers(db, { eventId: event.id, registrationIds: regs.map((r) => r.id), payerName: '北京协和医院' }, {})
    expect(group).toMatchObject({ amount: 360000, payerName: '北京协和医院', status: 'AWAITING' })
    expect(await db.bankTransfer.count({ where: { eventId: event.id, status: 'CANCELLED' } })).toBe(3)
    // Every attendee is sent the group's reference.
    expect(await db.emailMessage.count({ where: { kind: 'transfer_instructions', text: { contains: group.reference } } })).toBe(3)
    // A registration already in a group cannot be grouped again.
    await expect(groupBankTransfers(db, { eventId: event.id, registrationIds: regs.slice(0, 2).map((r) => r.id), payerName: 'x' }, {})).rejects.toMatchObject({ code: 'conflict' })

    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('明细')
    sheet.addRow(['账户明细查询'])
    sheet.addRow(['交易时间', '收入金额', '支出金额', '付款人名称', '用途'])
    sheet.addRow([new Date('2026-12-03T00:00:00Z'), 3600, null, '北京协和医院', `${group.reference}`])
    const bytes = new Uint8Array(await book.xlsx.writeBuffer())
    const preview = await previewBankStatement(db, event.id, bytes)
    expect(preview.lines).toHaveLength(1)
    expect(preview.lines[0]).toMatchObject({ amount: 360000, date: '2026-12-03', outcome: { kind: 'match', reference: group.reference } })
    expect(await confirmStatementMatches(db, event.id, preview.lines, {}, NOW)).toMatchObject({ confirmedTransfers: 1, confirmedRegistrations: 3 })
    expect(await db.registration.count({ where: { id: { in: regs.map((r) => r.id) }, status: 'CONFIRMED' } })).toBe(3)
  })

  test('a file that is not a statement is a 422 with a reason, not a 500', async () => {
    const { event } = await transferEvent()
    await expect(
      previewBankStatement(
        db,
        event.id,
        csv([
          ['名称', '数量'],
          ['a', '1'],
        ]),
      ),
    ).rejects.toMatchObject({ code: 'statement_unreadable' })
    await expect(previewBankStatement(db, event.id, new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).rejects.toMatchObject({ code: 'statement_unreadable' })
    await expect(previewBankStatement(db, event.id, new Uint8Array(0))).rejects.toMatchObject({ code: 'statement_unreadable' })
  })
})

describe('deadlines', () => {
  test('past its deadline an unpaid seat is released to the waiting list and its holder told; a late confirmation is refused', async () => {
    const { event, ticket } = await transferEvent(1)
    const [payer, waiter] = await createUsers(db, 2, 'bt-late')
    const reg = await registerByTransfer(event.id, ticket.id, payer!)
    const waiting = await registerForEvent(db, { userId: waiter!, eventId: event.id, ticketTypeId: ticket.id, tier: 'NON_MEMBER', answers: {}, paymentMethod: 'transfer' }, noStripe)
    expect(waiting.status).toBe('WAITLISTED')
    const { transfer } = await transferOf(reg.id)

    expect(await expireBankTransfers(db, new Date(transfer.deadline.getTime() - 1000))).toEqual({ transfers: 0, registrations: 0 })
    const swept = await expireBankTransfers(db, transfer.deadline)
    expect(swept.transfers).toBeGreaterThanOrEqual(1)
    expect(await transferOf(reg.id)).toMatchObject({ status: 'CANCELLED', transfer: { status: 'EXPIRED' } })
    expect((await db.registration.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe('PENDING_PAYMENT')
    expect(await seats(ticket.id)).toEqual({ seatsTaken: 1, holding: 1 })
    const mail = await db.emailMessage.findFirstOrThrow({ where: { userId: payer!, kind: 'transfer_expired' } })
    expect(mail.text).toContain(transfer.reference)
    await expect(confirmBankTransfer(db, { eventId: event.id, transferId: transfer.id }, {}, NOW)).rejects.toMatchObject({ code: 'conflict' })
    // A second sweep finds nothing more to do for it.
    await expireBankTransfers(db, transfer.deadline)
    expect(await db.emailMessage.count({ where: { userId: payer!, kind: 'transfer_expired' } })).toBe(1)
  })
})

describe('fapiao', () => {
  const form = (over: Record<string, string> = {}) => fapiaoRequestSchema.parse({ kind: 'GENERAL', buyerName: '北京协和医院', taxId: '91350100M000100Y43', email: 'finance@example.org', ...over })
  const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n')

  test('the form checks the taxpayer id and, for a special invoice, the bank details', () => {
    expect(fapiaoRequestSchema.safeParse({ kind: 'GENERAL', buyerName: 'x', taxId: '91350100M000100Y44', email: 'a@b.cn' }).error?.issues[0]).toMatchObject({
      path: ['taxId'],
      message: 'payments.validation.taxId',
    })
    const special = fapiaoRequestSchema.safeParse({ kind: 'SPECIAL', buyerName: 'x', taxId: '91350100M000100Y43', email: 'a@b.cn', address: '北京' })
    expect(special.error?.issues.map((i) => i.path[0])).toEqual(['phone', 'bankName', 'bankAccount'])
  })

  test('one group transfer carries one fapiao; staff export it, issue it with a PDF, and the attendees download it', async () => {
    const { event, ticket } = await transferEvent()
    const [a, b, stranger, staff] = await createUsers(db, 4, 'fp')
    const ra = await registerByTransfer(event.id, ticket.id, a!)
    const rb = await registerByTransfer(event.id, ticket.id, b!)
    const group = await groupBankTransfers(db, { eventId: event.id, registrationIds: [ra.id, rb.id], payerName: '北京协和医院' }, {})
    const request = await requestFapiao(db, { registrationId: ra.id, userId: a!, form: form() })
    expect(request).toMatchObject({ bankTransferId: group.id, registrationId: null, amount: 240000 })
    await expect(requestFapiao(db, { registrationId: rb.id, userId: b!, form: form() })).rejects.toMatchObject({ code: 'conflict' })
    expect((await getTicketPayment(db, { registrationId: rb.id, userId: b! })).fapiao).toMatchObject({ id: request.id, status: 'REQUESTED', hasPdf: false })
    // The registrations desk filters on transfer and fapiao state; the group's fapiao counts for both.
    const desk = (query: object) => listEventRegistrations(db, event.id, { sort: 'created', dir: 'asc', page: 1, ...query }).then((l) => l.rows.map((r) => [r.id, r.payment, r.fapiao]))
    expect(await desk({ fapiao: 'requested' })).toEqual([
      [ra.id, 'transfer_awaiting', 'requested'],
      [rb.id, 'transfer_awaiting', 'requested'],
    ])
    expect(await desk({ fapiao: 'none' })).toEqual([])
    expect(await desk({ payment: 'transfer_received' })).toEqual([])

    const file = await exportFapiaoRequests(db, event.id, 'zh-CN')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(file.body as unknown as ArrayBuffer)
    const sheet = book.worksheets[0]!
    expect(sheet.getRow(1).values).toContain('纳税人识别号')
    const row = sheet.getRow(2).values as unknown[]
    expect(row).toContain('91350100M000100Y43')
    expect(row).toContain(2400)
    expect(row).toContain('增值税普通发票')

    await expect(issueFapiao(db, { eventId: event.id, requestId: request.id, invoiceNumber: '123', pdf: null }, {}, NOW)).rejects.toMatchObject({ code: 'validation_failed' })
    await expect(issueFapiao(db, { eventId: event.id, requestId: request.id, invoiceNumber: null, pdf: new TextEncoder().encode('<html>') }, {}, NOW)).rejects.toMatchObject({
      code: 'validation_failed',
      details: { fields: { pdf: 'payments.validation.pdf_not_pdf' } },
    })
    await issueFapiao(db, { eventId: event.id, requestId: request.id, invoiceNumber: '26442000000123456789', pdf: PDF }, { userId: staff! }, NOW)
    expect(await db.auditLog.count({ where: { type: 'fapiao.issued', userId: staff! } })).toBe(1)

    const pdf = await getFapiaoPdf(db, { requestId: request.id, userId: b!, staff: false })
    expect(Buffer.from(pdf.body).subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf.filename).toBe('fapiao-26442000000123456789.pdf')
    await expect(getFapiaoPdf(db, { requestId: request.id, userId: stranger!, staff: false })).rejects.toMatchObject({ code: 'not_found' })
  })

  test('a free or cancelled registration has nothing to invoice', async () => {
    const { event, ticket } = await transferEvent()
    const [u] = await createUsers(db, 1, 'fp-none')
    const reg = await registerByTransfer(event.id, ticket.id, u!)
    await cancelRegistration(db, { registrationId: reg.id, actorUserId: u! }, {}, NOW)
    await expect(requestFapiao(db, { registrationId: reg.id, userId: u!, form: form() })).rejects.toMatchObject({ code: 'conflict' })
  })
})

/** GBK bytes of a text, as a bank's export writes Chinese. Node decodes GBK but cannot encode it: the table is the decoder's inverse. */
function encodeGbk(text: string): Uint8Array {
  const out: number[] = []
  for (const ch of text) {
    const code = ch.codePointAt(0)!
    if (code < 0x80) {
      out.push(code)
      continue
    }
    const bytes = gbkTable().get(ch)
    if (!bytes) throw new Error(`no GBK code for ${ch}`)
    out.push(...bytes)
  }
  return new Uint8Array(out)
}

let table: Map<string, [number, number]> | undefined
function gbkTable(): Map<string, [number, number]> {
  if (table) return table
  table = new Map()
  const decoder = new TextDecoder('gb18030')
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue
      const ch = decoder.decode(new Uint8Array([hi, lo]))
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo])
    }
  }
  return table
}
