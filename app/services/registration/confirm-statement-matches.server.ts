import type { StatementLine } from '~/domain/bank-statement.ts'
import type { AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { confirmBankTransferInTx } from './confirm-bank-transfer.server.ts'
import { matchStatementLines } from './preview-bank-statement.server.ts'

/**
 * Confirms the transfers a previewed statement matched exactly. The lines are matched again
 * against the database as it is now (a transfer may have expired or been marked by hand since
 * the preview), and only `match` lines confirm: each in its own transaction, so one conflict
 * does not undo the others.
 */
export async function confirmStatementMatches(db: Db, eventId: string, lines: StatementLine[], ctx: AuditContext, now = new Date()) {
  const { lines: matched } = await matchStatementLines(db, eventId, lines)
  let confirmedTransfers = 0
  let confirmedRegistrations = 0
  for (const line of matched) {
    if (line.outcome.kind !== 'match') continue
    const { outcome, ...statementLine } = line
    const transferId = outcome.transferId
    const result = await db.$transaction((tx) => confirmBankTransferInTx(tx, { eventId, transferId, receipt: { via: 'STATEMENT', line: statementLine } }, ctx, now))
    if (result.changed) confirmedTransfers++
    confirmedRegistrations += result.confirmed.length
  }
  logger.info({ eventId, lines: lines.length, confirmedTransfers, confirmedRegistrations }, 'bank statement confirmed')
  return { confirmedTransfers, confirmedRegistrations, skipped: matched.length - confirmedTransfers }
}
