import type { BankQuestion } from '~/domain/exam.ts'
import type { Question } from '~/domain/question.ts'
import type { Db } from '~/utils/db.server.ts'

/**
 * What an exam's papers are drawn from: the bank's usable questions at their latest
 * versions (all of the event's for RANDOM, the listed ones for FIXED), read once per exam
 * and process and kept while they stay the same, so 5,000 candidates starting at the
 * opening draw from memory instead of each reading the whole bank (issue 16).
 *
 * Kept under a stamp that the start's one query computes from the database (the exam's
 * `updatedAt`, and for the event's bank the count of usable questions, the sum of their
 * latest versions and their latest `updatedAt`): an edit (a new version), an import, a
 * retirement or a change of the exam's questions changes it, on every process at once.
 * Concurrent starts that miss share one read.
 */
export type PaperSource = { bank: BankQuestion[]; questionIds: string[] | null }

const MAX_EXAMS = 200
const cache = new Map<string, { stamp: string; source: Promise<PaperSource> }>()

export function paperSourceStamp(input: { examUpdatedAt: Date; bankQuestions: number; bankVersions: number; bankUpdatedAt: Date | null }): string {
  return `${input.examUpdatedAt.getTime()}:${input.bankQuestions}:${input.bankVersions}:${input.bankUpdatedAt?.getTime() ?? 0}`
}

export function getPaperSource(db: Db, exam: { id: string; eventId: string; selection: 'FIXED' | 'RANDOM' }, stamp: string): Promise<PaperSource> {
  const hit = cache.get(exam.id)
  if (hit && hit.stamp === stamp) return hit.source
  const source = readPaperSource(db, exam)
  cache.delete(exam.id)
  if (cache.size >= MAX_EXAMS) cache.delete(cache.keys().next().value!)
  cache.set(exam.id, { stamp, source })
  // A failed read is not kept: the next start tries again.
  source.catch(() => {
    if (cache.get(exam.id)?.source === source) cache.delete(exam.id)
  })
  return source
}

async function readPaperSource(db: Db, exam: { id: string; eventId: string; selection: 'FIXED' | 'RANDOM' }): Promise<PaperSource> {
  const questionIds =
    exam.selection === 'FIXED' ? (await db.examQuestion.findMany({ where: { examId: exam.id }, orderBy: { position: 'asc' }, select: { questionId: true } })).map((q) => q.questionId) : null
  return { bank: await loadBank(db, exam.eventId, questionIds), questionIds }
}

/** The bank's usable questions at their latest versions: all of the event's (RANDOM) or the listed ones (FIXED), never retired ones. */
export async function loadBank(db: Pick<Db, 'question'>, eventId: string, questionIds: string[] | null): Promise<BankQuestion[]> {
  const rows = await db.question.findMany({
    where: { eventId, retiredAt: null, ...(questionIds ? { id: { in: questionIds } } : {}) },
    select: { id: true, tags: true, latestVersion: true, versions: { orderBy: { version: 'desc' }, take: 1, select: { id: true, content: true } } },
  })
  return rows.flatMap((r) => (r.versions[0] ? [{ id: r.id, versionId: r.versions[0].id, tags: r.tags, question: r.versions[0].content as unknown as Question }] : []))
}
