import { describe, expect, test } from 'vitest'
import {
  countPaidRows,
  headerKey,
  importSettlement,
  importSettlementProblem,
  normalizeEmail,
  normalizePhone,
  parseImportTable,
  planImport,
  readHeader,
  resolveTicket,
  rowsToImport,
  type ImportContext,
  type ImportSettlement,
  type ImportRow,
  type ImportTicket,
  type KnownUser,
} from './registration-import.ts'

describe('headers', () => {
  test.each([
    [['姓名', '手机', '单位', '职称', '票种'], { name: 0, phone: 1, institution: 2, title: 3, ticket: 4 }],
    [['Name', 'Email', 'Institution', 'Title', 'Ticket'], { name: 0, email: 1, institution: 2, title: 3, ticket: 4 }],
    [['序号', '姓名*', '手机号码（必填）', '电子邮箱', '工作单位'], { name: 1, phone: 2, email: 3, institution: 4 }],
    [['Full name', 'Phone or Email', 'Hospital'], { name: 0, contact: 1, institution: 2 }],
    [['ＮＡＭＥ', 'E-mail'], { name: 0, email: 1 }],
    [['姓名', '联系方式'], { name: 0, contact: 1 }],
  ])('%j reads as %j', (cells, columns) => {
    expect(readHeader(cells)).toEqual(columns)
  })

  test.each([[['姓名', '单位']], [['手机', '邮箱']], [['某某医院参会名单', '', '']], [[]]])('%j is not a header', (cells) => {
    expect(readHeader(cells)).toBeNull()
  })

  test('marks and spaces do not matter', () => {
    expect(headerKey(' Phone Number (required) ')).toBe('phonenumber')
    expect(headerKey('手机号码（必填）')).toBe('手机号码')
  })
})

describe('contacts', () => {
  test.each([
    ['13812345678', '13812345678'],
    ['138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['008613812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['１３８１２３４５６７８', '13812345678'],
    ['+44 20 7946 0958', '+442079460958'],
    ['12812345678', null],
    ['1381234567', null],
    ['phone', null],
    ['010-12345678', null],
  ])('phone %s → %s', (raw, phone) => {
    expect(normalizePhone(raw)).toBe(phone)
  })

  test.each([
    [' Li.Wei@Hospital.CN ', 'li.wei@hospital.cn'],
    ['a@b.co', 'a@b.co'],
    ['li wei@hospital.cn', null],
    ['liwei@hospital', null],
    ['@hospital.cn', null],
  ])('email %s → %s', (raw, email) => {
    expect(normalizeEmail(raw)).toBe(email)
  })
})

describe('parseImportTable', () => {
  test('finds the header below a title line and numbers rows as the file does', () => {
    const parsed = parseImportTable([
      ['北京协和医院 参会名单'],
      ['姓名', '手机', '邮箱', '单位', '职称', '票种'],
      ['王伟', '13812345678', 'wang@pumch.cn', '北京协和医院', '主治医师', '普通票'],
      ['', '', '', '', '', ''],
      ['李娜', '', 'LI@pumch.cn', '', '', ''],
    ])
    expect(parsed).toEqual({
      ok: true,
      headerLine: 2,
      rows: [
        { line: 3, name: '王伟', email: 'wang@pumch.cn', phone: '13812345678', institution: '北京协和医院', title: '主治医师', ticket: '普通票', problem: null },
        { line: 5, name: '李娜', email: 'li@pumch.cn', phone: null, institution: null, title: null, ticket: null, problem: null },
      ],
    })
  })

  test.each([
    [['', '13812345678'], 'name_missing'],
    [['王伟', ''], 'contact_missing'],
    [['王伟', 'wang@'], 'email_invalid'],
    [['王伟', '123'], 'phone_invalid'],
    [['王'.repeat(201), '13812345678'], 'too_long'],
    [['王伟', 'wang@pumch.cn'], null],
    [['王伟', '+86 13812345678'], null],
  ])('row %j has problem %s', (cells, problem) => {
    const parsed = parseImportTable([['姓名', '联系方式'], cells])
    expect(parsed.ok && parsed.rows[0]!.problem).toBe(problem)
  })

  test.each([
    [[], 'empty'],
    [[['', '']], 'empty'],
    [
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      'no_header',
    ],
  ])('%j is refused: %s', (table, problem) => {
    expect(parseImportTable(table)).toEqual({ ok: false, problem })
  })

  test('a header past the search window is not found', () => {
    const table = [...Array.from({ length: 10 }, () => ['说明']), ['姓名', '手机']]
    expect(parseImportTable(table)).toEqual({ ok: false, problem: 'no_header' })
    expect(parseImportTable(table.slice(1)).ok).toBe(true)
  })

  test('more rows than the limit are refused, empty rows do not count', () => {
    const table = [['姓名', '邮箱'], ['a', 'a@x.cn'], [''], ['b', 'b@x.cn'], ['c', 'c@x.cn']]
    expect(parseImportTable(table, { rows: 3, headerSearchRows: 5 }).ok).toBe(true)
    expect(parseImportTable([...table, ['d', 'd@x.cn']], { rows: 3, headerSearchRows: 5 })).toEqual({ ok: false, problem: 'too_many_rows' })
  })
})

const ticket = (id: string, nameZh: string, nameEn: string, quota: number | null = null, seatsTaken = 0): ImportTicket => ({ id, nameZh, nameEn, quota, seatsTaken })

describe('resolveTicket', () => {
  const tickets = [ticket('t1', '普通票', 'Standard'), ticket('t2', '学生票', 'Student')]
  test.each([
    ['普通票', { ok: true, ticketId: 't1' }],
    [' student ', { ok: true, ticketId: 't2' }],
    ['t2', { ok: true, ticketId: 't2' }],
    ['VIP', { ok: false, reason: 'ticket_unknown' }],
    [null, { ok: false, reason: 'ticket_missing' }],
  ])('%s → %j', (value, result) => {
    expect(resolveTicket(value, tickets)).toEqual(result)
  })
  test('an empty cell means the only ticket', () => {
    expect(resolveTicket(null, [tickets[0]!])).toEqual({ ok: true, ticketId: 't1' })
  })
})

describe('planImport', () => {
  const row = (line: number, over: Partial<ImportRow> = {}): ImportRow => ({
    line,
    name: `人${line}`,
    email: `p${line}@h.cn`,
    phone: null,
    institution: '医院',
    title: null,
    ticket: null,
    problem: null,
    ...over,
  })
  const alice: KnownUser = { id: 'u-alice', email: 'alice@h.cn', phone: '13900000001' }
  const bob: KnownUser = { id: 'u-bob', email: 'bob@h.cn', phone: '13900000002' }
  const context = (over: Partial<ImportContext> = {}): ImportContext => ({
    tickets: [ticket('t1', '普通票', 'Standard')],
    usersByEmail: new Map([alice, bob].map((u) => [u.email, u])),
    usersByPhone: new Map([alice, bob].map((u) => [u.phone!, u])),
    registeredUserIds: new Set(['u-bob']),
    ...over,
  })

  test.each<[string, Partial<ImportRow>, Record<string, unknown>]>([
    ['a new person', {}, { kind: 'new', email: 'p2@h.cn', ticketId: 't1' }],
    ['an account matched by email', { email: 'alice@h.cn' }, { kind: 'existing', userId: 'u-alice', matchedBy: 'email' }],
    ['an account matched by phone', { email: null, phone: '13900000001' }, { kind: 'existing', userId: 'u-alice', matchedBy: 'phone' }],
    ['email and phone of the same account', { email: 'alice@h.cn', phone: '13900000001' }, { kind: 'existing', matchedBy: 'email' }],
    ['someone registered already', { email: 'bob@h.cn' }, { kind: 'registered', userId: 'u-bob' }],
    ['registered, found by phone', { email: 'new@h.cn', phone: '13900000002' }, { kind: 'registered', userId: 'u-bob' }],
    ['email and phone of two accounts', { email: 'alice@h.cn', phone: '13900000002' }, { kind: 'bad', reason: 'contact_conflict' }],
    ['an unknown phone without email', { email: null, phone: '13700000000' }, { kind: 'bad', reason: 'email_needed' }],
    ['a problem found when reading', { problem: 'phone_invalid' }, { kind: 'bad', reason: 'phone_invalid' }],
    ['an unknown ticket', { ticket: 'VIP' }, { kind: 'bad', reason: 'ticket_unknown' }],
  ])('%s', (_, over, expected) => {
    const plan = planImport([row(2, over)], context())
    expect(plan.rows[0]).toMatchObject({ line: 2, ...expected })
  })

  test('duplicates within the file: the same email, the same phone, or the same account', () => {
    const plan = planImport(
      [
        row(2, { email: 'x@h.cn', phone: '13700000001' }),
        row(3, { email: 'X@h.cn'.toLowerCase() }),
        row(4, { email: 'y@h.cn', phone: '13700000001' }),
        row(5, { email: 'alice@h.cn' }),
        row(6, { email: null, phone: '13900000001' }),
        row(7, { problem: 'name_missing', email: 'z@h.cn' }),
        row(8, { email: 'z@h.cn' }),
      ],
      context(),
    )
    expect(plan.rows.map((r) => [r.line, r.kind, 'firstLine' in r ? r.firstLine : null])).toEqual([
      [2, 'new', null],
      [3, 'duplicate', 2],
      [4, 'duplicate', 2],
      [5, 'existing', null],
      [6, 'duplicate', 5],
      [7, 'bad', null],
      [8, 'new', null],
    ])
    expect(plan.summary).toEqual({ total: 7, new: 2, existing: 1, registered: 0, duplicate: 3, bad: 1 })
    expect(rowsToImport(plan).map((r) => r.line)).toEqual([2, 5, 8])
  })

  test('the same list planned again after importing it adds nobody', () => {
    const rows = [row(2), row(3, { email: 'alice@h.cn' })]
    const after = context({
      usersByEmail: new Map([...[alice, bob].map((u) => [u.email, u] as const), ['p2@h.cn', { id: 'u-p2', email: 'p2@h.cn', phone: null }]]),
      registeredUserIds: new Set(['u-bob', 'u-alice', 'u-p2']),
    })
    const plan = planImport(rows, after)
    expect(plan.summary).toMatchObject({ new: 0, existing: 0, registered: 2 })
    expect(rowsToImport(plan)).toEqual([])
  })

  test.each([
    [null, 0, 3, 0, true],
    [10, 7, 3, 0, true],
    [10, 8, 3, 1, false],
    [2, 5, 3, 3, false],
  ])('quota %s with %s taken, adding %s: over by %s (fits %s)', (quota, taken, n, over, fits) => {
    const rows = Array.from({ length: n }, (_, i) => row(i + 2))
    const plan = planImport(rows, context({ tickets: [ticket('t1', '普通票', 'Standard', quota, taken)] }))
    expect(plan.tickets).toEqual([{ ticketId: 't1', adding: n, available: quota === null ? null : Math.max(0, quota - taken), over }])
    expect(plan.fits).toBe(fits)
  })

  test('rows already registered take no seat', () => {
    const plan = planImport([row(2, { email: 'bob@h.cn' })], context({ tickets: [ticket('t1', '普通票', 'Standard', 1, 1)] }))
    expect(plan.tickets).toEqual([])
    expect(plan.fits).toBe(true)
  })
})

describe('settling an imported registration', () => {
  test.each<[number, boolean, ImportSettlement]>([
    [0, false, 'free'],
    [0, true, 'free'],
    [80000, true, 'paid_by_transfer'],
    // A paid ticket the hospital has not paid for waits for a transfer, as a self-registration does.
    [80000, false, 'awaiting_transfer'],
    [1, false, 'awaiting_transfer'],
  ])('%s fen, paid by the hospital %s: %s', (amount, paidByTransfer, settlement) => {
    expect(importSettlement(amount, paidByTransfer)).toBe(settlement)
  })

  test.each<[ImportSettlement[], boolean, 'transfer_not_offered' | null]>([
    [['free', 'awaiting_transfer'], true, null],
    [['free', 'awaiting_transfer'], false, 'transfer_not_offered'],
    [['free', 'paid_by_transfer'], false, null],
    [['free'], false, null],
    [[], false, null],
  ])('%j with transfers offered %s: %s', (settlements, offered, problem) => {
    expect(importSettlementProblem(settlements, offered)).toBe(problem)
  })

  test('counts the rows added for paid tickets only', () => {
    const rows: ImportRow[] = [2, 3, 4, 5].map((line) => ({
      line,
      name: `人${line}`,
      email: line === 5 ? 'bad' : `p${line}@h.cn`,
      phone: null,
      institution: null,
      title: null,
      ticket: line === 3 ? 'Free' : 'Standard',
      problem: line === 5 ? 'email_invalid' : null,
    }))
    const plan = planImport(rows, {
      tickets: [ticket('paid', '普通票', 'Standard'), ticket('free', '免费票', 'Free')],
      usersByEmail: new Map(),
      usersByPhone: new Map(),
      registeredUserIds: new Set(),
    })
    expect(
      countPaidRows(
        plan,
        new Map([
          ['paid', 80000],
          ['free', 0],
        ]),
      ),
    ).toBe(2)
  })
})
