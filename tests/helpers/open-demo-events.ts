import { inject } from 'vitest'
import { createPrisma } from '../../app/utils/db.server.ts'

/** The demo events dated August 2026: over by now, so their registration is closed (app/domain/event-lifecycle.ts). */
export const PAST_DEMO_EVENTS = ['high-altitude-medicine-forum-2026', 'shanghai-hospital-management-summit-2026'] as const

/**
 * A browser test that registers for one of the demo's past events opens it first, as staff would
 * ("not over yet": the lifecycle's OPEN override), instead of depending on the date or on
 * another test file having taken one of its forums live.
 */
export async function keepDemoEventsOpen(slugs: readonly string[] = PAST_DEMO_EVENTS) {
  const db = createPrisma(inject('appDatabaseUrl'), 1)
  try {
    await db.event.updateMany({ where: { slug: { in: [...slugs] } }, data: { lifecycleOverride: 'OPEN' } })
  } finally {
    await db.$disconnect()
  }
}
