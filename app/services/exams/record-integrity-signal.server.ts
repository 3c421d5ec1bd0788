import { AppError } from '~/utils/app-error.ts'
import type { AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'

export type IntegritySignal = 'tab_hidden' | 'focus_lost'

/**
 * Counts a tab switch (the page became hidden) or a focus loss on an attempt in progress,
 * and adds the request's IP address and browser to the attempt's lists when they are new.
 * Staff see these next to the result; nothing acts on them automatically, since a phone
 * call or a notification also hides a page.
 */
export async function recordIntegritySignal(db: Db, input: { attemptId: string; userId: string; signal: IntegritySignal }, ctx: AuditContext = {}) {
  const attempt = await db.examAttempt.findUnique({ where: { id: input.attemptId }, select: { registration: { select: { userId: true } } } })
  if (!attempt) throw new AppError('not_found', 'No such attempt')
  if (attempt.registration.userId !== input.userId) throw new AppError('forbidden', "Another candidate's attempt")
  await db.examAttempt.updateMany({
    where: { id: input.attemptId, status: 'IN_PROGRESS' },
    data: input.signal === 'tab_hidden' ? { tabSwitches: { increment: 1 } } : { focusLosses: { increment: 1 } },
  })
  await noteDevice(db, input.attemptId, ctx)
}

/** Appends the IP address and user agent to the attempt's lists when not already there (resume from another device). */
export async function noteDevice(db: Db, attemptId: string, ctx: AuditContext) {
  if (ctx.ipAddress) {
    await db.$executeRaw`UPDATE "ExamAttempt" SET "ipAddresses" = array_append("ipAddresses", ${ctx.ipAddress}) WHERE "id" = ${attemptId} AND "status" = 'IN_PROGRESS' AND NOT (${ctx.ipAddress} = ANY(coalesce("ipAddresses", '{}'))) AND coalesce(cardinality("ipAddresses"), 0) < 20`
  }
  if (ctx.userAgent) {
    await db.$executeRaw`UPDATE "ExamAttempt" SET "userAgents" = array_append("userAgents", ${ctx.userAgent}) WHERE "id" = ${attemptId} AND "status" = 'IN_PROGRESS' AND NOT (${ctx.userAgent} = ANY(coalesce("userAgents", '{}'))) AND coalesce(cardinality("userAgents"), 0) < 20`
  }
}
