import type { Db } from '../../app/utils/db.server.ts'

let n = 0
const tag = () => `${process.pid}-${Date.now()}-${n++}`

/** A published event with one forum, for tests that need somewhere to register. */
export async function createEvent(db: Db, overrides: { registrationQuestions?: unknown; startsAt?: Date } = {}) {
  const t = tag()
  const startsAt = overrides.startsAt ?? new Date('2027-03-01T01:00:00Z')
  return db.event.create({
    data: {
      slug: `test-event-${t}`,
      titleZh: `测试活动 ${t}`,
      titleEn: `Test event ${t}`,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 8 * 3600_000),
      status: 'PUBLISHED',
      registrationQuestions: (overrides.registrationQuestions ?? []) as object,
      forums: { create: { slug: 'main', kind: 'MAIN', titleZh: '主论坛', titleEn: 'Main forum', startsAt, endsAt: new Date(startsAt.getTime() + 8 * 3600_000) } },
      venues: {
        create: [
          { kind: 'MAIN', nameZh: '主会场', nameEn: 'Main venue' },
          { kind: 'BRANCH', nameZh: '分会场甲', nameEn: 'Branch A' },
        ],
      },
    },
    include: { venues: true, forums: true },
  })
}

export async function createTicketType(db: Db, eventId: string, data: Partial<Parameters<Db['ticketType']['create']>[0]['data']> = {}) {
  return db.ticketType.create({ data: { eventId, nameZh: '普通票', nameEn: 'Standard', ...data } as Parameters<Db['ticketType']['create']>[0]['data'] })
}

export async function createUsers(db: Db, count: number, label = 'u') {
  const t = tag()
  const rows = Array.from({ length: count }, (_, i) => ({ id: `${label}-${t}-${i}`, email: `${label}-${t}-${i}@test.cme-forum.org`, passwordHash: 'x', realName: `用户${i}` }))
  await db.user.createMany({ data: rows })
  return rows.map((r) => r.id)
}

/** Removes an event a test made, with its registrations and their attendance (which would otherwise hold it). */
/**
 * Removes a test's event. The server batches attendance rows (a flush at most every second),
 * so the leave of a player closed a moment ago may land while the event is being removed: the
 * removal then fails on the new row's foreign key, and is tried again after the next flush.
 */
export async function removeEvent(db: Db, eventId: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        const registrations = { registration: { eventId } }
        await tx.attendanceEvent.deleteMany({ where: registrations })
        await tx.attendanceInterval.deleteMany({ where: registrations })
        await tx.registration.deleteMany({ where: { eventId } })
        await tx.event.delete({ where: { id: eventId } })
      })
    } catch (error) {
      if (attempt >= 5 || !/Foreign key constraint/i.test(String(error))) throw error
      await new Promise((resolve) => setTimeout(resolve, 1200))
    }
  }
}
