import type { AuditContext } from '~/utils/audit.server.ts'
import type { Db } from '~/utils/db.server.ts'
import { getEnv } from '~/utils/env.server.ts'
import { planPresencePrompts } from './plan-presence-prompts.server.ts'

/**
 * When a forum first goes live, it plans its own random presence checks at the platform's
 * rate (PRESENCE_RANDOM_PER_HOUR, 2–4 an hour by default), unless staff already planned
 * some for it. Staff may re-plan at another rate from the forum's attendance page.
 */
export async function planDefaultPresencePrompts(db: Db, forumId: string, ctx: AuditContext, now = new Date(), rate = getEnv().PRESENCE_RANDOM_PER_HOUR) {
  if (!rate) return { planned: 0 }
  const already = await db.presencePrompt.count({ where: { forumId, planned: true } })
  if (already > 0) return { planned: 0 }
  const { planned } = await planPresencePrompts(db, { forumId, ...rate }, ctx, now)
  return { planned }
}
