import { findReferences } from './transfer-reference.ts'
import { csvRows } from './csv-rows.ts'

/**
 * Reading a bank statement (对账单) exported by a Chinese bank as CSV or XLSX, and matching its
 * incoming lines to the transfers an event awaits. Pure: rows of cells in, lines and matches out.
 *
 * Banks name their columns differently (贷方金额, 收入金额, 交易金额, Credit …) and put a title,
 * the account and the period above the header, so the header is the first of the top rows that
 * names an amount column and a remark column. Money is read as text into fen, never as a float.
 */
export const STATEMENT_LIMITS = { bytes: 2_000_000, rows: 5_000, headerSearchRows: 15 } as const

export type StatementLine = {
  /** The row number in the file (1-based), so a clerk can find it. */
  row: number
  date: string
  /** Money in: the smallest currency unit (fen); null when the cell could not be read. */
  amount: number | null
  payer: string
  remark: string
  transactionId: string
}

export type ParsedStatement = { ok: true; lines: StatementLine[]; skippedOutgoing: number } | { ok: false; problem: 'no_header' | 'too_many_rows' | 'empty' }

function headerKey(cell: string): string {
  return cell
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\(.*?\)/g, '')
    .replace(/[\s_:：*-]/g, '')
}

/** Column names per meaning, most specific first (a 贷方金额 column beats a bare 金额). */
const HEADERS = {
  credit: ['贷方金额', '贷方发生额', '收入金额', '入账金额', '存入金额', '来账金额', '贷方', '收入', 'credit', 'creditamount', 'moneyin', '交易金额', '发生额', '金额', 'amount'],
  debit: ['借方金额', '借方发生额', '支出金额', '出账金额', '借方', '支出', 'debit', 'debitamount', 'moneyout'],
  remark: ['附言', '交易附言', '汇款附言', '摘要', '交易摘要', '用途', '备注', '交易用途', 'remark', 'remarks', 'memo', 'description', 'purpose', 'narrative'],
  payer: ['对方户名', '对方账户名称', '对方账户名', '付款人', '付款人名称', '付款方', '对方单位', '对方名称', 'payer', 'payername', 'counterparty'],
  date: ['交易日期', '记账日期', '入账日期', '交易时间', '日期', 'date', 'valuedate', 'transactiondate'],
  id: ['交易流水号', '流水号', '凭证号', '交易参考号', 'transactionid', 'serialnumber'],
} as const

type Columns = { credit: number; debit: number | null; remark: number[]; payer: number | null; date: number | null; id: number | null }

function findColumn(keys: string[], names: readonly string[], taken: Set<number>): number | null {
  for (const name of names) {
    const index = keys.findIndex((k, i) => k === name && !taken.has(i))
    if (index >= 0) return index
  }
  return null
}

function columnsOf(row: string[]): Columns | null {
  const keys = row.map(headerKey)
  const taken = new Set<number>()
  const debit = findColumn(keys, HEADERS.debit, taken)
  if (debit !== null) taken.add(debit)
  const credit = findColumn(keys, HEADERS.credit, taken)
  if (credit === null) return null
  taken.add(credit)
  const remark = keys.flatMap((k, i) => ((HEADERS.remark as readonly string[]).includes(k) && !taken.has(i) ? [i] : []))
  if (remark.length === 0) return null
  const payer = findColumn(keys, HEADERS.payer, taken)
  const date = findColumn(keys, HEADERS.date, taken)
  const id = findColumn(keys, HEADERS.id, taken)
  return { credit, debit, remark, payer, date, id }
}

/**
 * An amount cell as fen: "1,200.00", "¥1200", "1200元", "+1 200.5". Null when it is not a
 * plain non-negative amount with at most two decimals (a clerk then looks at the line).
 */
export function parseAmount(cell: string): number | null {
  const text = cell
    .normalize('NFKC')
    .replace(/[¥￥,\s]|元|CNY|RMB/gi, '')
    .replace(/^\+/, '')
  const match = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(text)
  if (!match) return null
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}

/** Rows (cells as text) of a statement → its incoming lines; outgoing and blank lines are skipped. */
export function parseStatement(rows: string[][], limits: { rows: number; headerSearchRows: number } = STATEMENT_LIMITS): ParsedStatement {
  if (rows.length === 0) return { ok: false, problem: 'empty' }
  if (rows.length > limits.rows + limits.headerSearchRows) return { ok: false, problem: 'too_many_rows' }
  let headerIndex = -1
  let columns: Columns | null = null
  for (let i = 0; i < Math.min(rows.length, limits.headerSearchRows); i++) {
    columns = columnsOf(rows[i]!)
    if (columns) {
      headerIndex = i
      break
    }
  }
  if (!columns) return { ok: false, problem: 'no_header' }
  const cols = columns
  const lines: StatementLine[] = []
  let skippedOutgoing = 0
  const cell = (row: string[], index: number | null) => (index === null ? '' : (row[index] ?? '').trim())
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const row = rows[i]!
    if (row.every((c) => c.trim() === '')) continue
    const creditCell = cell(row, cols.credit)
    const debitCell = cell(row, cols.debit)
    if (creditCell === '' || creditCell.startsWith('-')) {
      if (debitCell !== '' || creditCell.startsWith('-')) skippedOutgoing++
      continue
    }
    const amount = parseAmount(creditCell)
    if (amount === 0) continue
    lines.push({
      row: i + 1,
      date: cell(row, cols.date),
      amount,
      payer: cell(row, cols.payer),
      remark: cols.remark
        .map((index) => cell(row, index))
        .filter(Boolean)
        .join(' '),
      transactionId: cell(row, cols.id),
    })
  }
  return { ok: true, lines, skippedOutgoing }
}

/** RFC 4180 CSV (quotes, doubled quotes, CRLF or LF, a leading BOM) into rows of cells. */
export function parseCsv(text: string): string[][] {
  return [...csvRows(text)]
}

// ── Matching ─────────────────────────────────────────────────────────────────────

export type AwaitedTransfer = { id: string; reference: string; amount: number; status: 'AWAITING' | 'RECEIVED' | 'EXPIRED' | 'CANCELLED' }

export type LineOutcome =
  | { kind: 'match'; transferId: string; reference: string }
  | { kind: 'amount_differs'; transferId: string; reference: string; expected: number }
  | { kind: 'already_received'; transferId: string; reference: string }
  | { kind: 'not_awaiting'; transferId: string; reference: string; status: 'EXPIRED' | 'CANCELLED' }
  | { kind: 'duplicate'; transferId: string; reference: string; firstRow: number }
  | { kind: 'ambiguous'; references: string[] }
  | { kind: 'unreadable_amount'; reference: string | null }
  | { kind: 'unmatched' }

export type MatchedLine = StatementLine & { outcome: LineOutcome }

/**
 * What each incoming line is. Only `match` confirms a transfer: the remark names exactly one
 * known reference, that transfer still awaits payment, the amount is exactly the amount due,
 * and no earlier line of the file matched it already. Everything else is for a person to look at.
 */
export function matchStatement(lines: readonly StatementLine[], transfers: readonly AwaitedTransfer[]): MatchedLine[] {
  const byReference = new Map(transfers.map((t) => [t.reference, t]))
  const matchedAt = new Map<string, number>()
  return lines.map((line) => {
    const known = findReferences(line.remark, (r) => byReference.has(r))
    const outcome = ((): LineOutcome => {
      if (known.length === 0) return { kind: 'unmatched' }
      if (known.length > 1) return { kind: 'ambiguous', references: known }
      const transfer = byReference.get(known[0]!)!
      const reference = transfer.reference
      if (line.amount === null) return { kind: 'unreadable_amount', reference }
      if (transfer.status === 'RECEIVED') return { kind: 'already_received', transferId: transfer.id, reference }
      if (transfer.status !== 'AWAITING') return { kind: 'not_awaiting', transferId: transfer.id, reference, status: transfer.status }
      if (line.amount !== transfer.amount) return { kind: 'amount_differs', transferId: transfer.id, reference, expected: transfer.amount }
      const first = matchedAt.get(transfer.id)
      if (first !== undefined) return { kind: 'duplicate', transferId: transfer.id, reference, firstRow: first }
      matchedAt.set(transfer.id, line.row)
      return { kind: 'match', transferId: transfer.id, reference }
    })()
    return { ...line, outcome }
  })
}

export type StatementSummary = Record<LineOutcome['kind'], number>

export function summariseMatches(lines: readonly MatchedLine[]): StatementSummary {
  const summary: StatementSummary = { match: 0, amount_differs: 0, already_received: 0, not_awaiting: 0, duplicate: 0, ambiguous: 0, unreadable_amount: 0, unmatched: 0 }
  for (const line of lines) summary[line.outcome.kind]++
  return summary
}
