import { bankTags, detectLanguages, previewQuestions, type ImportError, type ImportFormat } from '~/domain/question-bank.ts'
import type { QuestionDifficulty } from '~/generated/prisma/enums.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { logger } from '~/utils/logger.server.ts'
import { parseQuestions } from './parse-questions.server.ts'

export type ImportQuestionsInput = { eventId: string; format: ImportFormat; text: string; difficulty: QuestionDifficulty; tags: string[] }

/**
 * Reads a GIFT or Aiken file into an event's bank, all or nothing: one malformed question
 * and nothing is written, and every error comes back with its line number and the question
 * it belongs to (`import_failed`, details.errors). The questions go in one transaction.
 * The file is read in a worker thread, within the import limits (./parse-questions.server.ts).
 */
export async function importQuestions(db: Db, input: ImportQuestionsInput, ctx: AuditContext = {}): Promise<{ imported: number; questionIds: string[] }> {
  const parsed = await parseQuestions(input.format, input.text)
  if (parsed.errors.length > 0) throw new AppError('import_failed', 'The file has errors; nothing was imported', { errors: parsed.errors satisfies ImportError[] })
  const event = await db.event.findUnique({ where: { id: input.eventId }, select: { id: true } })
  if (!event) throw new AppError('not_found', 'No such event')

  const questionIds = await db.$transaction(
    async (tx) => {
      const ids: string[] = []
      for (const question of parsed.questions) {
        const row = await tx.question.create({
          data: {
            eventId: input.eventId,
            type: question.type,
            difficulty: input.difficulty,
            tags: bankTags(question, input.tags),
            languages: detectLanguages(question),
            title: question.title,
            versions: { create: { version: 1, content: question } },
          },
          select: { id: true },
        })
        ids.push(row.id)
      }
      await writeAudit(tx, 'question.imported', { eventId: input.eventId, format: input.format, count: ids.length }, ctx)
      return ids
    },
    { timeout: 60_000, maxWait: 10_000 },
  )
  logger.info({ eventId: input.eventId, count: questionIds.length, format: input.format }, 'questions imported')
  return { imported: questionIds.length, questionIds }
}

/**
 * The same reading without writing: how many questions an import would add, its errors (at
 * most FILE_LIMITS.errors and one that says reading stopped), and the first questions, as many
 * as `previewQuestions` lets a page show.
 */
export async function previewImport(format: ImportFormat, text: string): Promise<{ count: number; errors: ImportError[]; preview: ReturnType<typeof previewQuestions> }> {
  const parsed = await parseQuestions(format, text)
  return { count: parsed.questions.length, errors: parsed.errors, preview: previewQuestions(parsed.questions) }
}
