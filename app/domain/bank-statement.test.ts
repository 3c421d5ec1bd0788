import { describe, expect, test } from 'vitest'
import { matchStatement, parseAmount, parseCsv, parseStatement, summariseMatches, type AwaitedTransfer, type StatementLine } from './bank-statement.ts'
import { referenceFromValues } from './transfer-reference.ts'

const A = referenceFromValues([1, 2, 3, 4, 5, 6, 7])
const B = referenceFromValues([7, 6, 5, 4, 3, 2, 1])
const C = referenceFromValues([9, 9, 9, 9, 9, 9, 9])
const D = referenceFromValues([3, 3, 3, 3, 3, 3, 3])

describe('amounts', () => {
  test.each([
    ['1200', 120000],
    ['1,200.00', 120000],
    ['¥1,200.5', 120050],
    ['￥800.05', 80005],
    ['1200元', 120000],
    ['+300.00', 30000],
    ['１２００．００', 120000],
    ['CNY 99.9', 9990],
    ['0.01', 1],
  ])('%s is %i fen', (cell, fen) => {
    expect(parseAmount(cell)).toBe(fen)
  })

  test.each(['', 'abc', '1.234', '-5', '1.2.3', '12e3'])('%j is not an amount', (cell) => {
    expect(parseAmount(cell)).toBeNull()
  })
})

describe('CSV', () => {
  test('quotes, doubled quotes, commas inside quotes, CRLF and a BOM', () => {
    expect(parseCsv('\uFEFFa,"b,c","say ""hi"""\r\n1,2,3\n')).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['1', '2', '3'],
    ])
  })

  test('a last line without a newline is kept', () => {
    expect(parseCsv('x,y\n1,')).toEqual([
      ['x', 'y'],
      ['1', ''],
    ])
  })
})

describe('reading a statement', () => {
  test('finds the header below the bank’s title rows and reads incoming lines only', () => {
    const rows = [
      ['中国工商银行 账户明细'],
      ['账号', '6222 0000 1111', '', ''],
      ['交易日期', '借方金额', '贷方金额', '对方户名', '摘要', '附言', '交易流水号'],
      ['2026-12-01', '', '1,200.00', '北京协和医院', '网银汇款', `会议注册 ${A}`, 'T001'],
      ['2026-12-01', '35.00', '', '', '手续费', '', 'T002'],
      ['', '', '', '', '', '', ''],
      ['2026-12-02', '', 'abc', '张三', '', B, 'T003'],
    ]
    const parsed = parseStatement(rows)
    expect(parsed).toEqual({
      ok: true,
      skippedOutgoing: 1,
      lines: [
        { row: 4, date: '2026-12-01', amount: 120000, payer: '北京协和医院', remark: `网银汇款 会议注册 ${A}`, transactionId: 'T001' },
        { row: 7, date: '2026-12-02', amount: null, payer: '张三', remark: B, transactionId: 'T003' },
      ],
    })
  })

  test.each([
    ['收入金额 / 用途', ['日期', '收入金额(元)', '用途', '付款人名称'], ['2026-12-01', '600', A, '李四']],
    ['English headers', ['Date', 'Credit', 'Remark', 'Payer'], ['2026-12-01', '600', A, 'Li Si']],
    ['a bare 金额 with a 备注', ['交易时间', '金额', '备注', '对方账户名称'], ['2026-12-01 10:00', '600.00', A, '李四']],
  ])('headers: %s', (_, header, line) => {
    const parsed = parseStatement([header, line])
    expect(parsed.ok && parsed.lines[0]).toMatchObject({ amount: 60000, remark: A })
  })

  test.each([
    [
      'no amount column',
      [
        ['日期', '附言'],
        ['x', 'y'],
      ],
      'no_header',
    ],
    [
      'no remark column',
      [
        ['日期', '金额'],
        ['x', '1'],
      ],
      'no_header',
    ],
    ['an empty file', [], 'empty'],
  ] as const)('refuses %s', (_, rows, problem) => {
    expect(parseStatement(rows as unknown as string[][])).toEqual({ ok: false, problem })
  })

  test('refuses more rows than the limit', () => {
    const rows = [['金额', '附言'], ...Array.from({ length: 11 }, () => ['1', 'x'])]
    expect(parseStatement(rows, { rows: 10, headerSearchRows: 0 })).toEqual({ ok: false, problem: 'too_many_rows' })
  })
})

describe('matching lines to awaited transfers', () => {
  const transfers: AwaitedTransfer[] = [
    { id: 'ta', reference: A, amount: 120000, status: 'AWAITING' },
    { id: 'tb', reference: B, amount: 60000, status: 'AWAITING' },
    { id: 'tc', reference: C, amount: 60000, status: 'RECEIVED' },
    { id: 'td', reference: D, amount: 60000, status: 'EXPIRED' },
  ]
  const line = (row: number, amount: number | null, remark: string): StatementLine => ({ row, date: '', amount, payer: '', remark, transactionId: '' })

  test.each([
    ['an exact match', line(2, 120000, `注册费${A}`), { kind: 'match', transferId: 'ta', reference: A }],
    ['a lower-case reference with a dash', line(2, 120000, `${A.slice(0, 4).toLowerCase()}-${A.slice(4).toLowerCase()}`), { kind: 'match', transferId: 'ta', reference: A }],
    ['one fen short', line(2, 119999, A), { kind: 'amount_differs', transferId: 'ta', reference: A, expected: 120000 }],
    ['paid twice over', line(2, 240000, A), { kind: 'amount_differs', transferId: 'ta', reference: A, expected: 120000 }],
    ['already received', line(2, 60000, C), { kind: 'already_received', transferId: 'tc', reference: C }],
    ['after the deadline', line(2, 60000, D), { kind: 'not_awaiting', transferId: 'td', reference: D, status: 'EXPIRED' }],
    ['no reference', line(2, 60000, '会议费 张三'), { kind: 'unmatched' }],
    ['two references', line(2, 180000, `${A} ${B}`), { kind: 'ambiguous', references: [A, B] }],
    ['an unreadable amount', line(2, null, B), { kind: 'unreadable_amount', reference: B }],
  ])('%s', (_, statementLine, outcome) => {
    expect(matchStatement([statementLine], transfers)[0]!.outcome).toEqual(outcome)
  })

  test('a second line for the same transfer is a duplicate, not a second confirmation', () => {
    const matched = matchStatement([line(2, 60000, B), line(3, 60000, `again ${B}`)], transfers)
    expect(matched.map((m) => m.outcome.kind)).toEqual(['match', 'duplicate'])
    expect(matched[1]!.outcome).toMatchObject({ firstRow: 2 })
    expect(summariseMatches(matched)).toMatchObject({ match: 1, duplicate: 1, unmatched: 0 })
  })
})
