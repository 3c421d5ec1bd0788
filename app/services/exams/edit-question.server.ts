import { bankTags, detectLanguages, parseQuestionFile } from '~/domain/question-bank.ts'
import type { QuestionDifficulty } from '~/generated/prisma/enums.ts'
import { AppError } from '~/utils/app-error.ts'
import { writeAudit, type AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'

export type EditQuestionInput = { eventId: string; questionId: string; gift: string; difficulty: QuestionDifficulty; tags: string[] }

/**
 * Edits a question by its GIFT text. Every edit adds a version and leaves the earlier ones
 * untouched, so an attempt always keeps the exact question it was asked, however often the
 * question is corrected later; new attempts draw the latest version. A corrected key reaches
 * finished attempts only through an explicit regrade.
 */
export async function editQuestion(db: Db, input: EditQuestionInput, ctx: AuditContext = {}) {
  const parsed = parseQuestionFile('gift', input.gift)
  if (parsed.errors.length === 0 && parsed.questions.length !== 1) {
    parsed.errors.push({ line: 1, code: 'one_question', message: `Write exactly one question; this text holds ${parsed.questions.length}.`, question: null })
  }
  if (parsed.errors.length > 0) throw new AppError('import_failed', 'The question has errors; nothing was changed', { errors: parsed.errors })
  const question = parsed.questions[0]!

  return db.$transaction(async (tx) => {
    // Lock the question so two editors get versions n+1 and n+2, not two n+1s.
    const [current] = await tx.$queryRaw<{ latestVersion: number }[]>`SELECT "latestVersion" FROM "Question" WHERE "id" = ${input.questionId} AND "eventId" = ${input.eventId} FOR UPDATE`
    if (!current) throw new AppError('not_found', 'No such question')
    const version = current.latestVersion + 1
    await tx.questionVersion.create({ data: { questionId: input.questionId, version, content: question } })
    const row = await tx.question.update({
      where: { id: input.questionId },
      data: { latestVersion: version, type: question.type, title: question.title, difficulty: input.difficulty, tags: bankTags(question, input.tags), languages: detectLanguages(question) },
      select: { id: true, latestVersion: true },
    })
    await writeAudit(tx, 'question.edited', { eventId: input.eventId, questionId: input.questionId, version }, ctx)
    return row
  })
}
