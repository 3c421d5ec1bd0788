import { formatGift } from '~/domain/gift.ts'
import type { Question } from '~/domain/question.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * An event's bank for staff: every question at its latest version, with its key, and how many
 * attempts drew any version of it; or one page of it (`page`: rows to skip and take).
 */
export async function listQuestionBank(db: Db, eventId: string, page?: { skip: number; take: number }) {
  const rows = await db.question.findMany({
    where: { eventId },
    orderBy: [{ retiredAt: { sort: 'asc', nulls: 'first' } }, { createdAt: 'asc' }, { id: 'asc' }],
    ...page,
    select: {
      id: true,
      type: true,
      difficulty: true,
      tags: true,
      languages: true,
      title: true,
      latestVersion: true,
      retiredAt: true,
      versions: { orderBy: { version: 'desc' }, take: 1, select: { content: true } },
      _count: { select: { examQuestions: true } },
    },
  })
  const usage = await db.$queryRaw<{ questionId: string; attempts: number }[]>`
    SELECT v."questionId", count(*)::int AS "attempts"
      FROM "ExamAttemptQuestion" aq JOIN "QuestionVersion" v ON v."id" = aq."questionVersionId"
      JOIN "Question" q ON q."id" = v."questionId"
     WHERE q."eventId" = ${eventId}
     GROUP BY v."questionId"`
  const used = new Map(usage.map((u) => [u.questionId, Number(u.attempts)]))
  return rows.map(({ versions, _count, ...q }) => {
    const content = versions[0]!.content as unknown as Question
    return { ...q, content, gift: formatGift([{ ...content, category: null }]).trim(), inExams: _count.examQuestions, attempts: used.get(q.id) ?? 0 }
  })
}

/** The bank (latest versions, retired ones left out) as a GIFT file, categories and tags included. */
export async function exportQuestionBankGift(db: Db, eventId: string): Promise<string> {
  const rows = await db.question.findMany({
    where: { eventId, retiredAt: null },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { tags: true, versions: { orderBy: { version: 'desc' }, take: 1, select: { content: true } } },
  })
  return formatGift(rows.map((r) => ({ ...(r.versions[0]!.content as unknown as Question), tags: r.tags })))
}
