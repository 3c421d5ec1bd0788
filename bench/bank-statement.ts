/**
 * How long a bank statement at its limit takes to read and match (issue 15 §2): the preview
 * runs inside a staff request. A statement of STATEMENT_LIMITS.rows lines, with remarks as banks
 * write them, is matched against an event's transfers; the baseline is reading the same rows
 * (header detection, amounts) without matching, measured in the same run.
 *
 *   npx tsx bench/bank-statement.ts [transfers=20000]
 */
import { matchStatement, parseStatement, STATEMENT_LIMITS, type AwaitedTransfer } from '../app/domain/bank-statement.ts'
import { referenceFromValues } from '../app/domain/transfer-reference.ts'

const transferCount = Number(process.argv[2] ?? 20_000)
let seed = 42
const random = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31
  return seed % n
}
const transfers: AwaitedTransfer[] = Array.from({ length: transferCount }, (_, i) => ({
  id: `t${i}`,
  reference: referenceFromValues(Array.from({ length: 7 }, () => random(28))),
  amount: 60000 + random(5) * 10000,
  status: 'AWAITING',
}))
const rows = [['交易日期', '借方金额', '贷方金额', '对方户名', '摘要', '附言', '交易流水号']]
for (let i = 0; i < STATEMENT_LIMITS.rows; i++) {
  const t = transfers[random(transfers.length)]!
  const remark = i % 4 === 0 ? '货款 往来款' : `网银跨行汇款 会议注册费 ${i % 3 === 0 ? t.reference.toLowerCase() : t.reference} 某某市第一人民医院 心内科`
  rows.push(['2026-12-02', '', ((t.amount + (i % 10 === 0 ? 100 : 0)) / 100).toFixed(2), '某某市第一人民医院', '汇入', remark, `T${i}`])
}

function time(fn: () => unknown, rounds = 15): number {
  fn()
  const samples: number[] = []
  for (let r = 0; r < rounds; r++) {
    const start = performance.now()
    fn()
    samples.push(performance.now() - start)
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!
}

const parsed = parseStatement(rows)
if (!parsed.ok) throw new Error(parsed.problem)
const readMs = time(() => parseStatement(rows))
const matchMs = time(() => matchStatement(parsed.lines, transfers))
const kinds = matchStatement(parsed.lines, transfers).reduce<Record<string, number>>((acc, l) => ((acc[l.outcome.kind] = (acc[l.outcome.kind] ?? 0) + 1), acc), {})
console.log(`lines: ${parsed.lines.length}, transfers: ${transferCount}, outcomes: ${JSON.stringify(kinds)}`)
console.log(`read (baseline): ${readMs.toFixed(1)} ms (median of 15)`)
console.log(`match:           ${matchMs.toFixed(1)} ms (median of 15)`)
console.log(`ratio match / read: ${(matchMs / readMs).toFixed(2)}×`)
