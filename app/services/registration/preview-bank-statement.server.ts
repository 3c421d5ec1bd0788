import { matchStatement, parseStatement, summariseMatches, type StatementLine } from '~/domain/bank-statement.ts'
import { AppError } from '~/utils/app-error.ts'
import type { Db } from '~/utils/db.server.ts'
import { readStatementFile } from './read-statement-file.server.ts'

/** An event's transfers as the matcher needs them (any status: a late payment is shown as such). */
async function eventTransfers(db: Db, eventId: string) {
  return db.bankTransfer.findMany({ where: { eventId }, select: { id: true, reference: true, amount: true, status: true } })
}

/** Lines matched against the event's transfers as they are now. */
export async function matchStatementLines(db: Db, eventId: string, lines: StatementLine[]) {
  const matched = matchStatement(lines, await eventTransfers(db, eventId))
  return { lines: matched, summary: summariseMatches(matched) }
}

/**
 * A bank statement read and matched, nothing written: the preview staff check before confirming
 * (matches, unmatched lines, amount differences, already received, duplicates).
 */
export async function previewBankStatement(db: Db, eventId: string, bytes: Uint8Array) {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true } })
  if (!event) throw new AppError('not_found', 'No such event')
  const parsed = parseStatement(await readStatementFile(bytes))
  if (!parsed.ok) throw new AppError('statement_unreadable', `The statement cannot be read: ${parsed.problem}`, { problem: parsed.problem })
  return { ...(await matchStatementLines(db, eventId, parsed.lines)), skippedOutgoing: parsed.skippedOutgoing }
}
